"""course_lib.plotting.backprop: the two-path graph and the h sweep, and the live graph explorer."""

import html

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.plotting import backprop as pb
from course_lib.topics import backprop as bp
from course_lib.widgets import backprop_graph_explorer

WEIGHTS = ["w1", "w2", "w3", "w4", "w5"]


def test_plot_functions_return_axes_and_draw_on_a_given_axes():
    hs = np.logspace(-1, -6, 6)
    fig, (ax1, ax2) = plt.subplots(1, 2)
    assert pb.plot_h_sweep(hs, hs**2, hs, ax=ax1) is ax1
    assert len(ax1.get_lines()) == 2
    assert pb.plot_two_path_graph(ax=ax2, w3=0.0) is ax2
    texts = [t.get_text() for t in ax2.texts]
    v = bp.two_path_network(**{**bp.TWO_PATH_DEFAULTS, "w3": 0.0})
    assert f"∂e/∂w1 = {bp.format_gradient(v['de_dw1'])}" in texts
    assert any("central difference" in t for t in texts)
    plt.close(fig)
    ax = pb.plot_two_path_graph()
    plt.close(ax.figure)
    with pytest.raises(TypeError, match="unknown"):
        pb.plot_two_path_graph(w9=1.0)


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
