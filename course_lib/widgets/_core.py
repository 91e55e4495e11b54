"""Live figures: controls above a matplotlib figure that is built once and updated in place.

A widget builder (decorated with :func:`widget`, callable with no arguments) creates its figure
with :func:`new_figure`, draws every artist once, and returns a :class:`LiveFigure` with an
``update(**values)`` function that only changes artists' data (``set_data``, ``set_ydata``,
``set_text``, ...) and the text of :func:`caption` widgets. A slider move calls ``update`` and
redraws what changed; nothing is re-created.

How a frame reaches the page, on public interfaces only (it works the same on every matplotlib
≥ 3.8 and ipywidgets 8):

* the figure is drawn by matplotlib's Agg canvas (``FigureCanvasAgg``), whatever the notebook's
  matplotlib backend is, so static ``plt.show()`` figures elsewhere stay ordinary inline images;
* a slider move redraws by blitting, matplotlib's documented recipe: the static part (axes,
  ticks, labels, legends) is kept as a background (``canvas.copy_from_bbox``), restored
  (``restore_region``) and only the changing artists are drawn over it (``draw_artist``);
* the frame is sent as a whole PNG image in an ``ipywidgets.Image`` (:func:`png` encodes it in
  a few ms). No ipympl: a JupyterHub needs only ipywidgets' own front end, which it has, and a
  frame can never be half-applied (every frame is complete).

Numbers that change on every step belong in :func:`caption` widgets (``ipywidgets.HTML``) beside
the image: the browser renders that text, and the figure's own text stays static, part of the
saved background. Where no widget front end is present (nbval, nbconvert, a static viewer), a
LiveFigure's display data also holds the current frame as a PNG.
"""

from __future__ import annotations

import base64
import html
import struct
import zlib
from collections.abc import Callable, Mapping

import ipywidgets as W
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.transforms import Bbox

__all__ = [
    "WIDGETS",
    "LiveFigure",
    "caption",
    "dropdown",
    "float_slider",
    "html_text",
    "int_slider",
    "log_slider",
    "new_figure",
    "png",
    "widget",
]

WIDGETS: dict[str, Callable[..., LiveFigure]] = {}


def widget(builder: Callable[..., LiveFigure]) -> Callable[..., LiveFigure]:
    """Register a widget builder (it must work when called with no arguments)."""
    WIDGETS[builder.__name__] = builder
    return builder


def new_figure(
    nrows: int = 1, ncols: int = 1, figsize=(8.0, 3.2), layout: str | None = "constrained", **subplot_kw
):
    """A figure on its own Agg canvas (not managed by pyplot), and its axes.

    ``layout`` is applied once, at the first draw (a LiveFigure then freezes it); pass None and
    position the axes yourself to skip the layout computation altogether.
    """
    fig = Figure(figsize=figsize, dpi=100, layout=layout)
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=True, **subplot_kw)
    return fig, axes


def png(rgba: np.ndarray, level: int = 1) -> bytes:
    """PNG bytes of an (h, w, 4) uint8 RGBA array: 8-bit RGBA, no row filter, zlib level ``level``.

    A figure-sized frame takes a few ms this way; PNG's adaptive row filters and a higher zlib
    level (what Pillow does by default) take several times longer for a few per cent smaller files.
    """
    h, w, _ = rgba.shape
    raw = np.empty((h, 1 + 4 * w), dtype=np.uint8)
    raw[:, 0] = 0  # the filter-type byte that starts every row: 0, none
    raw[:, 1:] = rgba.reshape(h, 4 * w)
    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8 bits per channel, colour type 6 = RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, level))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def caption(text: str = "") -> W.HTML:
    """A line of text beside a figure, for numbers that change on every step.

    ``update`` sets it with ``label.value = html_text(...)``; the browser renders it, so it
    costs nothing in the frame. Pass it to :class:`LiveFigure` in ``extra`` (shown above the figure).
    """
    label = W.HTML(value=html_text(text))
    label.add_class("course-caption")
    label.is_caption = True  # what LiveFigure looks for to set its ``caption``
    return label


def html_text(text: str) -> str:
    """Plain text (with newlines) as HTML for a :func:`caption`: escaped, lines kept."""
    return "<br>".join(html.escape(line) for line in text.split("\n"))


def _slider(cls, description: str, value, min, max, step, **kw):
    """A slider that updates while dragged, with a readable label."""
    return cls(
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


def float_slider(description: str, value: float, min: float, max: float, step: float, **kw) -> W.FloatSlider:
    """A float slider (readout with 3 significant digits unless told otherwise)."""
    kw.setdefault("readout_format", ".3g")
    return _slider(W.FloatSlider, description, value, min, max, step, **kw)


def int_slider(description: str, value: int, min: int, max: int, step: int = 1, **kw) -> W.IntSlider:
    """An integer slider."""
    return _slider(W.IntSlider, description, value, min, max, step, **kw)


def log_slider(
    description: str, value: float, min_exp: float, max_exp: float, step: float, base: float = 10.0, **kw
) -> W.FloatLogSlider:
    """A slider on a log scale: from base**min_exp to base**max_exp, step in exponent units."""
    kw.setdefault("readout_format", ".3g")
    return _slider(W.FloatLogSlider, description, value, min_exp, max_exp, step, base=base, **kw)


def dropdown(description: str, options, value=None, **kw) -> W.Dropdown:
    options = list(options)
    return W.Dropdown(
        options=options,
        value=options[0] if value is None else value,
        description=description,
        style={"description_width": "initial"},
        **kw,
    )


def _axis_below_content(ax) -> None:
    """Draw ticks, tick labels and grid beneath everything plotted (zorder 0.5), images included.

    A blit redraws every artist above the lowest changing one (see ``LiveFigure._overlay``);
    with the axis beneath the content, a changing image, bar or scatter never drags the axis
    (tick placement and tick-label text, the costliest part of a figure) into every frame.
    Tick marks point outwards, so nothing visible changes, except that grid lines pass under
    images, bars and points rather than over them.
    """
    ax.set_axisbelow(True)
    for image in ax.images:
        if image.get_zorder() <= 0.5:
            image.set_zorder(0.6)


def _clip_region(artists) -> Bbox | None:
    """The union of the artists' clip boxes (pixels), or None if any of them may paint anywhere."""
    boxes = []
    for artist in artists:
        box = artist.get_clip_box() if artist.get_clip_on() else None
        if box is None:
            return None
        boxes.append(Bbox(box.get_points()))
    return Bbox.union(boxes)


def _may_overlap(artist, region: Bbox, renderer) -> bool:
    """Whether the artist's last drawn extent touches the region (True when it cannot tell)."""
    try:
        extent = artist.get_window_extent(renderer)
    except Exception:  # an artist without a usable extent: assume the worst
        return True
    if extent is None or not np.all(np.isfinite(extent.get_points())) or extent.width == extent.height == 0:
        return True
    return extent.overlaps(region) or region.contains(*extent.p0)


class LiveFigure(W.VBox):
    """Controls, then the widgets in ``extra`` (captions, say), then the figure with the widgets
    in ``side`` to its right; moving a control calls ``update(**values)`` and redraws in place.

    Redraws blit: the static part of the figure (axes, ticks, labels, legends) is rendered once
    and kept as a background; a control change restores it and draws only the artists that
    ``update`` changed (found through matplotlib's ``stale`` flags), then sends the frame. A
    change of axis limits, or an artist seen changing for the first time, costs one full draw,
    which re-captures the background: the figure drawn without the changing artists, which are
    ``animated`` (matplotlib's blitting flag). Changing images are also hidden for that draw:
    before matplotlib 3.11, ``Axes.draw`` draws an animated image all the same (matplotlib
    issue #18985), and it would be in the background twice, once under its own new frame.

    The figure is ``self.image``, an ``ipywidgets.Image`` with the CSS class ``course-figure``;
    ``self.frame`` holds the PNG bytes last sent to it and ``self.frames`` counts them.
    ``self.caption`` is the widget's :func:`caption` line (the first widget in ``extra`` made by
    :func:`caption`), where the numbers that change on every step are shown, or None; tests and
    notebooks read what it shows from ``live.caption.value``.
    """

    def __init__(
        self,
        fig: Figure,
        controls: Mapping[str, W.ValueWidget],
        update: Callable[..., None],
        *,
        extra: list[W.Widget] | None = None,
        side: list[W.Widget] | None = None,
    ):
        if not isinstance(fig.canvas, FigureCanvasAgg):
            raise TypeError("a LiveFigure needs a figure made by new_figure() (an Agg canvas)")
        self.fig = fig
        self.controls = dict(controls)
        self._update = update
        self._dynamic: list = []  # artists that update() changes
        self._overlay_artists: list = []  # what a blit redraws over the background (see _overlay)
        self._background = None
        self._limits = None
        self.frame = b""
        self.frames = 0
        self.caption = next((w for w in extra or [] if getattr(w, "is_caption", False)), None)
        self.image = W.Image(format="png")
        self.image.add_class("course-figure")
        boxes = [W.HBox(list(self.controls.values())[i : i + 3]) for i in range(0, len(self.controls), 3)]
        shown = W.HBox([self.image, W.VBox(side)]) if side else self.image
        super().__init__([*boxes, *(extra or []), shown])
        for ax in fig.axes:
            _axis_below_content(ax)
        self._update(**self.values)
        fig.canvas.draw()  # the one full draw with the layout engine
        fig.set_layout_engine("none")  # freeze the layout: moving sliders never re-lays it out
        self._show_frame()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    @property
    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change) -> None:
        self.refresh()

    # -- drawing
    def _candidates(self) -> list:
        """Artists that may change: everything inside each Axes except axes, spines and the patch."""
        out = list(self.fig.texts) + list(self.fig.legends)
        for ax in self.fig.axes:
            skip = {id(ax.patch), id(ax.xaxis), id(ax.yaxis), *(id(sp) for sp in ax.spines.values())}
            out.extend(a for a in ax.get_children() if id(a) not in skip)
        return out

    def _overlay(self) -> list:
        """What a blit must redraw, in drawing order: in every Axes holding a changing artist,
        every child from the lowest changing zorder up (so static artists drawn over a changing
        one, such as points over an image, spines or a legend, stay on top), then figure-level
        changing artists.

        A static artist above can stay in the background if it cannot overlap any changing
        one: when every changing artist of the Axes is clipped (to the Axes, usually), statics
        outside the clip boxes (a legend beside the plot, tick labels, the title) are left out.
        (Hide an Axes' frame with ``set_frame_on(False)`` and its axis with
        ``ax.xaxis.set_visible(False)``: what ``set_axis_off`` hides is not visible to this
        method, and ``tests/test_widgets_core.py`` would see the blit differ from a full draw.)
        """
        dynamic = {id(a) for a in self._dynamic}
        renderer = self.fig.canvas.get_renderer()
        out = []
        for ax in self.fig.axes:
            hidden = {id(ax.patch)}  # what Axes.draw leaves out, so the overlay does too
            if not ax.get_frame_on():
                hidden |= {id(sp) for sp in ax.spines.values()}
            children = [a for a in ax.get_children() if id(a) not in hidden]
            moving = [a for a in children if id(a) in dynamic]
            if not moving:
                continue
            lowest = min(a.get_zorder() for a in moving)
            region = _clip_region(moving)
            out.extend(
                sorted(
                    (
                        a
                        for a in children
                        if a.get_zorder() >= lowest
                        and (id(a) in dynamic or region is None or _may_overlap(a, region, renderer))
                    ),
                    key=lambda a: a.get_zorder(),
                )
            )
        in_axes = {id(a) for a in out}
        out.extend(a for a in self._dynamic if id(a) not in in_axes)
        return out

    def _axes_state(self) -> list:
        return [(ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale()) for ax in self.fig.axes]

    def _full_draw(self) -> None:
        """Draw the figure without the moving artists, keep that as the background, then draw
        the moving artists over it."""
        canvas = self.fig.canvas
        hidden = [a for a in self._overlay_artists if isinstance(a, AxesImage) and a.get_visible()]
        for artist in hidden:
            artist.set_visible(False)
        try:
            canvas.draw()
        finally:
            for artist in hidden:
                artist.set_visible(True)
        self._background = canvas.copy_from_bbox(self.fig.bbox)
        self._limits = self._axes_state()
        self._draw_overlay()

    def _draw_overlay(self) -> None:
        for artist in self._overlay_artists:
            if artist.get_visible() and artist.figure is not None:
                self.fig.draw_artist(artist)

    def _show_frame(self) -> None:
        """Encode the canvas as it is now and show it in the page (one whole frame)."""
        self.frame = png(np.asarray(self.fig.canvas.buffer_rgba()))
        self.image.value = self.frame
        self.frames += 1

    def refresh(self) -> None:
        """Apply the current control values to the artists and redraw what changed."""
        self._update(**self.values)
        self.render()

    def render(self) -> None:
        """Redraw now (synchronously): blit the changed artists, or draw everything if needed."""
        canvas = self.fig.canvas
        alive = self._candidates()
        alive_ids = {id(a) for a in alive}
        self._dynamic = [a for a in self._dynamic if id(a) in alive_ids]
        known = {id(a) for a in self._dynamic}
        new = [a for a in alive if a.stale and id(a) not in known]
        if new:
            self._dynamic.extend(new)
            for artist in self._overlay_artists:
                artist.set_animated(False)
            self._overlay_artists = self._overlay()
            for artist in self._overlay_artists:
                artist.set_animated(True)
        if new or self._background is None or self._axes_state() != self._limits:
            self._full_draw()
        else:
            canvas.restore_region(self._background)
            self._draw_overlay()
        self._show_frame()

    def savefig(self, fname, **kwargs) -> None:
        """``Figure.savefig`` of the current state, moving artists included (they are animated,
        which savefig would otherwise skip at figure level); leaves the live canvas consistent."""
        for artist in self._overlay_artists:
            artist.set_animated(False)
        try:
            self.fig.savefig(fname, **kwargs)
        finally:
            for artist in self._overlay_artists:
                artist.set_animated(True)
            self._background = None  # savefig may have replaced the canvas renderer: next redraw is full

    def to_png(self) -> bytes:
        """The figure as it looks now, as PNG bytes (the frame last sent)."""
        return self.frame

    def _repr_mimebundle_(self, **kwargs):
        # IPython's rich-display protocol: the widget view, plus the current frame as a PNG for
        # front ends without widgets (nbconvert, static viewers) and a line of text.
        data = super()._repr_mimebundle_(**kwargs)
        if isinstance(data, tuple):  # (data, metadata)
            data = data[0]
        data = dict(data)
        data["image/png"] = base64.b64encode(self.to_png()).decode("ascii")
        data["text/plain"] = f"<interactive figure: {', '.join(self.controls)}>"
        return data
