"""07 — the per-layer plots (``course_lib.plotting.vanishing``) and the gradient-flow explorer."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib import activations
from course_lib.plotting import vanishing as V
from course_lib.topics.vanishing import CEIL, FLOOR
from course_lib.widgets import gradient_flow_explorer


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- plots
def test_plot_per_layer_draws_one_point_per_layer_on_a_log_scale():
    ax = V.plot_per_layer([1e-3, 0.1, 2.0], label="x")
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3])
    assert ax.get_yscale() == "log"
    assert ax.get_legend() is not None


def test_plot_per_layer_clips_instead_of_drawing_zero_or_overflow():
    _, ax = plt.subplots()
    out = V.plot_per_layer([0.0, 1e-300, 1.0, 1e200], ax=ax)
    assert out is ax
    y = ax.get_lines()[0].get_ydata()
    np.testing.assert_array_equal(y, [FLOOR, FLOOR, 1.0, CEIL])
    assert np.all(np.isfinite(y))


def test_plot_saturation_marks_the_cases():
    ax = V.plot_saturation((10.0, -10.0, 0.0))
    lines = ax.get_lines()
    markers = [ln for ln in lines if ln.get_marker() == "o"]
    assert len(markers) == 2
    sigmoid = activations.get("sigmoid")
    np.testing.assert_allclose(markers[0].get_ydata(), sigmoid.grad(np.array([10.0, -10.0, 0.0])))
    assert ax.get_yscale() == "log"


# ---------------------------------------------------------------- the explorer
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
