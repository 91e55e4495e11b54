"""Live figures: controls above a matplotlib figure that is built once and updated in place.

A widget builder (decorated with :func:`widget`, callable with no arguments) creates its figure
with :func:`new_figure`, draws every artist once, and returns a :class:`LiveFigure` with an
``update(**values)`` function that only changes artists' data (``set_data``, ``set_ydata``,
``set_text``, ...). A slider move calls ``update`` and asks the canvas to redraw; nothing is
re-created. The figure lives on an ipympl canvas (an ipywidgets widget) whatever the notebook's
matplotlib backend is, so static ``plt.show()`` figures elsewhere stay ordinary inline images.

Where no widget frontend is present (nbconvert, a static viewer), a LiveFigure also offers a
PNG of its current state in its display data, so something sensible is always shown.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Mapping

import ipywidgets as W
import matplotlib
from matplotlib.figure import Figure

__all__ = ["WIDGETS", "LiveFigure", "dropdown", "float_slider", "int_slider", "new_figure", "widget"]

WIDGETS: dict[str, Callable[..., LiveFigure]] = {}


def widget(builder: Callable[..., LiveFigure]) -> Callable[..., LiveFigure]:
    """Register a widget builder (it must work when called with no arguments)."""
    WIDGETS[builder.__name__] = builder
    return builder


def _backend_or_none():
    getter = getattr(matplotlib.rcParams, "_get_backend_or_none", None)
    return getter() if getter is not None else matplotlib.get_backend()


def _ipympl():
    """Import ipympl's canvas without letting the import switch the global backend."""
    backend = _backend_or_none()
    from ipympl.backend_nbagg import Canvas, FigureManager

    if backend is not None and _backend_or_none() != backend:
        matplotlib.use(backend)  # ipympl's __init__ switches it; put the user's back
    return Canvas, FigureManager


_FIGURE_NUMBER = [1000]


def new_figure(nrows: int = 1, ncols: int = 1, figsize=(8.0, 3.2), **subplot_kw):
    """A figure on its own ipympl canvas (not managed by pyplot), and its axes."""
    Canvas, FigureManager = _ipympl()
    fig = Figure(figsize=figsize, dpi=100, layout="constrained")
    canvas = Canvas(fig)
    _FIGURE_NUMBER[0] += 1
    FigureManager(canvas, _FIGURE_NUMBER[0])
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    canvas.capture_scroll = False
    axes = fig.subplots(nrows, ncols, squeeze=True, **subplot_kw)
    return fig, axes


def float_slider(description: str, value: float, min: float, max: float, step: float, **kw) -> W.FloatSlider:
    """A slider that updates while dragged, with a readable label."""
    kw.setdefault("readout_format", ".3g")
    return W.FloatSlider(
        value=value,
        min=min,
        max=max,
        step=step,
        description=description,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=W.Layout(width="320px"),
        **kw,
    )


def int_slider(description: str, value: int, min: int, max: int, step: int = 1, **kw) -> W.IntSlider:
    return W.IntSlider(
        value=value,
        min=min,
        max=max,
        step=step,
        description=description,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=W.Layout(width="320px"),
        **kw,
    )


def dropdown(description: str, options, value=None, **kw) -> W.Dropdown:
    options = list(options)
    return W.Dropdown(
        options=options,
        value=options[0] if value is None else value,
        description=description,
        style={"description_width": "initial"},
        **kw,
    )


class LiveFigure(W.VBox):
    """Controls and a figure; moving a control calls ``update(**values)`` and redraws in place."""

    def __init__(
        self,
        fig: Figure,
        controls: Mapping[str, W.ValueWidget],
        update: Callable[..., None],
        *,
        extra: list[W.Widget] | None = None,
    ):
        self.fig = fig
        self.controls = dict(controls)
        self._update = update
        boxes = [W.HBox(list(self.controls.values())[i : i + 3]) for i in range(0, len(self.controls), 3)]
        super().__init__([*boxes, *(extra or []), fig.canvas])
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    @property
    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Apply the current control values to the artists and request a redraw."""
        self._update(**self.values)
        self.fig.canvas.draw_idle()

    def render(self) -> None:
        """Render now (synchronously); benchmarks and tests use this to time a full update."""
        self.fig.canvas.draw()

    def to_png(self) -> bytes:
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png", dpi=80)
        return buf.getvalue()

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        if isinstance(data, tuple):  # (data, metadata)
            data = data[0]
        data = dict(data)
        data["image/png"] = base64.b64encode(self.to_png()).decode("ascii")
        data["text/plain"] = f"<interactive figure: {', '.join(self.controls)}>"
        return data
