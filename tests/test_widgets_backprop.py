"""course_lib.widgets.backprop: the interactive figure of this topic, built and moved headless."""

import html

import ipywidgets as W
import numpy as np

from course_lib.gradcheck import numerical_gradient, relative_error
from course_lib.topics import backprop as bp
from course_lib.widgets import backprop_graph_explorer

WEIGHTS = ["w1", "w2", "w3", "w4", "w5"]


def test_graph_explorer_shows_what_it_computed():
    live = backprop_graph_explorer()
    live.controls["w2"].value = 2.0
    live.controls["x"].value = -1.5
    v = live.graph_values
    assert v == bp.two_path_network(**{**bp.TWO_PATH_DEFAULTS, "w2": 2.0, "x": -1.5})
    for w in WEIGHTS:
        assert live.graph_texts["bwd"][w] == f"∂e/∂{w} = {bp.format_gradient(v['de_d' + w])}"
    assert f"a1 = {v['a1']:.4f}" in live.graph_texts["fwd"]["h1"]
    shown = "".join(child.value for child in _html_widgets(live))
    for kind in ("fwd", "bwd"):
        for text in live.graph_texts[kind].values():
            for line in text.split("\n"):
                assert html.escape(line) in shown, f"{line!r} is not on the page"


def _html_widgets(widget):
    if isinstance(widget, W.HTML):
        yield widget
    for child in getattr(widget, "children", ()):
        yield from _html_widgets(child)


def test_graph_explorer_prints_gradients_that_central_differences_confirm():
    """The settings notebook 04 suggests, moved from code: every printed ∂e/∂w agrees with a central
    difference to the 4 significant digits shown, and the controls go back to the start."""
    live = backprop_graph_explorer()
    start = live.values
    for setting in [{}, {"w3": 0.0}, {"x": 0.0}, {"x": 2.0, "w1": 3.0}, start]:
        for name, value in setting.items():
            live.controls[name].value = value
        w = live.values
        numeric = numerical_gradient(
            lambda ws, x=w["x"]: bp.two_path_network(x, *ws)["e"], np.array([w[n] for n in WEIGHTS])
        )
        for name, g in zip(WEIGHTS, numeric, strict=True):
            shown = float(live.graph_texts["bwd"][name].split("= ")[1])
            assert abs(shown - g) <= 5e-4 * abs(g) + 1e-15, (w, name, shown, g)
            assert relative_error(live.graph_values["de_d" + name], g) < 1e-7
    assert live.values == start
