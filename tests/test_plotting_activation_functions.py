"""Tests for ``course_lib.plotting.activation_functions`` (the pure plot functions of notebook 05)."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes

from course_lib import activations
from course_lib.plotting import activation_functions as P


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("derivative", [False, True])
def test_plot_activation_draws_the_registry_function(derivative):
    _, ax = plt.subplots()
    z = np.linspace(-3, 3, 61)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = P.plot_activation("swish", params={"beta": 2.0}, z=z, ax=ax, derivative=derivative, shade=True)
    assert out is ax and isinstance(out, Axes)
    swish = activations.get("swish")
    expected = swish.grad(z, beta=2.0) if derivative else swish(z, beta=2.0)
    assert np.array_equal(ax.lines[0].get_ydata(), expected)


def test_plot_activation_makes_its_own_axes():
    assert isinstance(P.plot_activation("relu"), Axes)


def test_plot_cost_bars_sorted_cheapest_on_top():
    costs = {"a": (3.0, 1.0), "b": (1.0, 2.0), "c": (2.0, 2.0)}
    ax = P.plot_cost_bars(costs)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["a", "c", "b"]  # bottom to top: most expensive first
    assert len(ax.patches) == 6
