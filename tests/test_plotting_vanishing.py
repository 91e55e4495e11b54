"""07 — the per-layer plots (``course_lib.plotting.vanishing``)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib import activations
from course_lib.plotting import vanishing as V
from course_lib.topics.vanishing import CEIL, FLOOR


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


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
