"""course_lib.widgets.initialization: the interactive figure of this topic, built and moved headless."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.topics.initialization import per_layer_ratio
from course_lib.widgets import activation_histogram_explorer


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


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
