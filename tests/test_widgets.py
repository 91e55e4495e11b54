"""Every registered widget, built headless: each control moved to its minimum, middle and maximum
(every option of every dropdown) must change the figure, leave no NaN and emit no warning.

Widgets are found through ``course_lib.widgets.WIDGETS`` (filled by the ``@widget`` decorator),
so a new builder is tested the moment it is written.
"""

import hashlib

import ipywidgets as W
import numpy as np
import pytest
from matplotlib.collections import Collection
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from course_lib.widgets import WIDGETS, LiveFigure


def control_values(control):
    """Minimum, middle and maximum of a slider; every option of a dropdown or toggle."""
    if isinstance(control, W.IntSlider | W.FloatSlider | W.FloatLogSlider):
        if isinstance(control, W.FloatLogSlider):
            lo, hi = control.base**control.min, control.base**control.max
            return [lo, float(np.sqrt(lo * hi)), hi]
        mid = (control.min + control.max) / 2
        if isinstance(control, W.IntSlider):
            mid = round(mid)
        return [control.min, mid, control.max]
    if hasattr(control, "options"):
        return [opt[1] if isinstance(opt, tuple) else opt for opt in control.options]
    if isinstance(control, W.Checkbox | W.ToggleButton):
        return [not control.value, control.value]
    raise TypeError(f"no test values for {type(control).__name__}")


def html_texts(widget) -> list[str]:
    """The text of every HTML widget inside ``widget`` (captions and tables beside the figure)."""
    out = [widget.value] if isinstance(widget, W.HTML) else []
    for child in getattr(widget, "children", ()):
        out += html_texts(child)
    return out


def snapshot(live):
    """A fingerprint of everything shown: line data, image data, texts, patch and collection
    geometry, and the text of the HTML widgets beside the figure."""
    fig = live.fig
    digest = hashlib.sha256("\0".join(html_texts(live)).encode())
    finite_problems = [f"HTML {text!r}" for text in html_texts(live) if "nan" in text.lower().split()]
    for artist in fig.findobj():
        if isinstance(artist, Line2D):
            data = np.asarray(artist.get_xydata(), dtype=float)
        elif isinstance(artist, AxesImage):
            data = np.ma.filled(np.asarray(artist.get_array(), dtype=float), 0.0)
        elif isinstance(artist, Collection):
            paths = artist.get_paths()
            data = np.concatenate(
                [np.asarray(artist.get_offsets(), dtype=float).ravel()]
                + [p.vertices.ravel() for p in paths]
                + [
                    np.asarray(
                        artist.get_array() if artist.get_array() is not None else [], dtype=float
                    ).ravel()
                ]
            )
        elif isinstance(artist, Patch):
            data = artist.get_path().vertices @ artist.get_patch_transform().get_matrix()[:2, :2].T
        elif isinstance(artist, Text):
            digest.update(artist.get_text().encode())
            continue
        else:
            continue
        if np.isnan(data).any():
            finite_problems.append(f"{type(artist).__name__} {artist.get_label()!r}")
        digest.update(np.ascontiguousarray(data).tobytes())
    return digest.hexdigest(), finite_problems


def test_widgets_are_registered():
    assert WIDGETS, "no widget builders registered"


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_every_control_changes_the_figure(name):
    live = WIDGETS[name]()
    assert isinstance(live, LiveFigure), f"{name}() must return a LiveFigure"
    assert live.controls, f"{name} has no controls"
    initial = {k: c.value for k, c in live.controls.items()}
    for cname, control in live.controls.items():
        prints = set()
        for value in control_values(control):
            control.value = value
            live.render()
            fingerprint, nans = snapshot(live)
            assert not nans, f"{name}: {cname}={value!r} drew NaN in {nans}"
            prints.add(fingerprint)
        assert len(prints) > 1, (
            f"{name}: moving {cname} over {control_values(control)} never changed the figure"
        )
        control.value = initial[cname]
    assert live._repr_mimebundle_()["image/png"], "no static PNG fallback"
    assert live.frame.startswith(b"\x89PNG") and bytes(live.image.value) == live.frame
