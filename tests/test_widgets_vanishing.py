"""course_lib.widgets.vanishing: the interactive figure of this topic, built and moved headless."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.widgets import gradient_flow_explorer


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_explorer_updates_artists_in_place():
    live = gradient_flow_explorer()
    ax = live.fig.axes[0]
    before = (list(ax.get_lines()), list(ax.texts), len(live.fig.axes))
    for name, value in [("depth", 50), ("activation", "relu"), ("init", "N(0, 1)"), ("scale", 4.0)]:
        live.controls[name].value = value
        live.render()
    assert (list(ax.get_lines()), list(ax.texts), len(live.fig.axes)) == before


def test_explorer_draws_one_point_per_layer_and_reports_the_ratio():
    live = gradient_flow_explorer()
    live.controls["depth"].value = 12
    grad_line = live.fig.axes[0].get_lines()[1]
    assert len(grad_line.get_xdata()) == 12
    y = grad_line.get_ydata()
    assert y[0] / y[-1] < 1e-5  # sigmoid, Glorot: vanishing towards the input
    assert "12 layers, sigmoid" in live.caption.value


def test_explorer_is_deterministic():
    a, b = gradient_flow_explorer(), gradient_flow_explorer()
    np.testing.assert_array_equal(
        a.fig.axes[0].get_lines()[1].get_ydata(), b.fig.axes[0].get_lines()[1].get_ydata()
    )
