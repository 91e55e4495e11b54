"""course_lib.plotting.backprop: the two-path graph and the h sweep."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.plotting import backprop as pb
from course_lib.topics import backprop as bp


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
