"""08 — the histogram plots (``course_lib.plotting.initialization``) and the activation-histogram explorer."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.plotting import initialization as P
from course_lib.topics.initialization import per_layer_ratio
from course_lib.widgets import activation_histogram_explorer


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- plots
def test_plot_functions_draw_one_line_per_layer():
    values = [np.random.default_rng(k).standard_normal(200) * (k + 1) for k in range(3)]
    ax = P.plot_layer_histograms(values, [1, 5, 9])
    assert len(ax.lines) == 3 and len(ax.texts) == 3 and "layer 9" in ax.texts[-1].get_text()
    ax = P.plot_std_per_layer([1.0, 0.1, 0.01], label="x")
    assert ax.get_yscale() == "log" and len(ax.lines) == 2  # the values and the level 1


# ---------------------------------------------------------------- the explorer
def _std_line(live):
    return next(line for line in live.fig.axes[1].lines if line.get_label() == "every layer")


def test_explorer_depth_only_adds_layers_on_top():
    shallow = activation_histogram_explorer(init="He normal", activation="relu", depth=10)
    shallow.controls["depth"].value = 40
    deep = activation_histogram_explorer(init="He normal", activation="relu", depth=40)
    np.testing.assert_array_equal(_std_line(shallow).get_ydata(), _std_line(deep).get_ydata())
    assert _std_line(deep).get_xdata().size == 40


def test_explorer_shows_the_xavier_relu_halving():
    live = activation_histogram_explorer(init="Glorot uniform", activation="relu", depth=30)
    live.controls["quantity"].value = "pre-activations z"
    std = np.asarray(_std_line(live).get_ydata())
    assert 0.4 < per_layer_ratio(std**2) < 0.6
