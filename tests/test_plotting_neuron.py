"""Tests for ``course_lib.plotting.neuron``: the pure plots of one neuron."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from course_lib.plotting import neuron as N
from course_lib.topics.neuron import toy_data, train

X, Y = toy_data(np.random.default_rng(0))
W0, B0 = np.array([-1.0, 2.0]), 1.0


def test_plot_neuron_draws_data_shading_boundary():
    X_copy = X.copy()
    fig, ax = plt.subplots()
    try:
        out = N.plot_neuron(X, Y, [-1.0, 2.0], 1.0, ax=ax)
        assert out is ax and isinstance(out, Axes)
        assert len(ax.images) == 1 and len(ax.collections) == 2
        (boundary,) = ax.lines
        xy = boundary.get_xydata()
        np.testing.assert_allclose(-xy[:, 0] + 2 * xy[:, 1] + 1.0, 0.0, atol=1e-12)
        assert np.isfinite(ax.images[0].get_array()).all()
        np.testing.assert_array_equal(X, X_copy)
    finally:
        plt.close(fig)


def test_plot_neuron_uses_current_axes_by_default():
    fig = plt.figure()
    try:
        assert N.plot_neuron(X, Y, W0, B0) is plt.gca()
    finally:
        plt.close(fig)


def test_plot_cost_landscape_with_path():
    traj = train(X, Y, W0, B0, eta=1.0, steps=5)
    fig, ax = plt.subplots()
    try:
        assert N.plot_cost_landscape(X, Y, 0.3, ax=ax, path=traj.w) is ax
        assert len(ax.images) == 1 and len(ax.lines) == 3
        np.testing.assert_allclose(ax.lines[0].get_xydata(), traj.w)
    finally:
        plt.close(fig)
