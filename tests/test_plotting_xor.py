"""03 — the XOR plots: each returns its axes and leaves its inputs alone."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes

from course_lib import datasets
from course_lib.plotting import xor as px
from course_lib.topics import xor as tx

X, Y = datasets.xor()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_plot_functions_return_axes_and_leave_inputs_alone():
    W1, b1, W2, b2 = tx.slide_weights()
    net = tx.mlp_from_weights(W1, b1, W2, b2)
    H = net.forward_pass(X).activations[0]
    H_before, w_before = H.copy(), W1[:, 0].copy()
    _fig, axes = plt.subplots(1, 5)
    assert isinstance(px.plot_xor_points(X, Y, ax=axes[0]), Axes)
    assert isinstance(px.plot_unit(W1[:, 0], b1[0], ax=axes[1]), Axes)
    assert isinstance(px.plot_hidden_space(H, Y, ax=axes[2], v=W2[:, 0], c=b2[0], names=list("abcd")), Axes)
    assert isinstance(px.plot_network(net, ax=axes[3]), Axes)
    assert isinstance(
        px.plot_success_rates({("tanh", 2): 0.5, ("relu", 2): 0.2, ("tanh", 4): 1.0}, ax=axes[4]), Axes
    )
    assert np.array_equal(H, H_before) and np.array_equal(W1[:, 0], w_before)
    assert len(axes[1].images) == 1 and len(axes[3].images) == 1
    assert len(axes[4].patches) == 3


def test_plots_default_to_the_current_axes():
    _fig, ax = plt.subplots()
    assert px.plot_xor_points() is ax
    assert px.plot_unit([1.0, 1.0], -0.5, activation="step") is ax
