"""10 — choosing an activation: the plots (``plot_x(..., ax=None) -> Axes``).

The experiment they show (data sets, settings, the recording trainer) is in
:mod:`course_lib.topics.choosing`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from course_lib._validate import as_float_array
from course_lib.topics.choosing import COLORS, EXTENT

__all__ = ["plot_boundary", "plot_cost_curves", "plot_points"]


def plot_points(X, y, ax=None, size: float = 9.0):
    """The two classes as dots: class 0 white with a dark edge, class 1 black."""
    ax = ax or plt.gca()
    X, y = as_float_array(X, "X"), np.asarray(y)
    ax.scatter(*X[y == 0].T, s=size, c="white", edgecolors="0.2", linewidths=0.6, label="class 0")
    ax.scatter(*X[y == 1].T, s=size, c="black", edgecolors="black", linewidths=0.6, label="class 1")
    ax.set(xlim=EXTENT[:2], ylim=EXTENT[2:], aspect="equal")
    return ax


def plot_boundary(prob, X=None, y=None, ax=None, extent=EXTENT, size: float = 6.0):
    """P(y = 1) on the grid as a red/blue image (0.5 = white), the 0.5 contour, and the data points."""
    ax = ax or plt.gca()
    prob = as_float_array(prob, "prob")
    ax.imshow(
        prob,
        origin="lower",
        extent=extent,
        cmap="RdBu_r",
        vmin=0,
        vmax=1,
        alpha=0.7,
        interpolation="bilinear",
    )
    if prob.min() < 0.5 < prob.max():
        side = prob.shape[0]
        ax.contour(
            np.linspace(extent[0], extent[1], side),
            np.linspace(extent[2], extent[3], side),
            prob,
            levels=[0.5],
            colors="k",
            linewidths=0.8,
        )
    if X is not None:
        plot_points(X, y, ax=ax, size=size)
    ax.set(xlim=extent[:2], ylim=extent[2:], xticks=[], yticks=[], aspect="equal")
    return ax


def plot_cost_curves(curves: dict, ax=None, band: dict | None = None):
    """One line per activation (mean cost per step); optional (low, high) band per activation."""
    ax = ax or plt.gca()
    for name, costs in curves.items():
        steps = np.arange(len(costs))
        ax.plot(steps, costs, color=COLORS.get(name), lw=1.5, label=name)
        if band and name in band:
            low, high = band[name]
            ax.fill_between(steps, low, high, color=COLORS.get(name), alpha=0.15, lw=0)
    ax.axhline(np.log(2), color="0.5", lw=0.8, ls=":")
    ax.set(yscale="log", xlabel="step (epoch)", ylabel="cost J")
    return ax
