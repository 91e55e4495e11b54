"""09 — dying ReLU: the plots (``plot_x(..., ax=None) -> Axes``).

The measurements they show (dead fractions per layer, a training run's record) are computed in
:mod:`course_lib.topics.dying_relu`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

__all__ = ["plot_layer_fractions", "plot_over_epochs"]


def plot_layer_fractions(
    fractions,
    ax: Axes | None = None,
    *,
    label: str | None = None,
    offset: float = 0.0,
    width: float = 0.8,
    ylabel: str = "fraction of units dead",
    **bar_kw,
) -> Axes:
    """One bar per hidden layer (layer 1 = next to the input), heights in [0, 1]."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.0))
    fractions = np.asarray(fractions, dtype=np.float64)
    layers = np.arange(1, fractions.size + 1)
    ax.bar(layers + offset, fractions, width=width, label=label, **bar_kw)
    ax.set_ylim(0, 1.05)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("hidden layer l (1 = next to the input)")
    ax.set_ylabel(ylabel)
    ax.grid(True, axis="y", alpha=0.3)
    if label is not None:
        ax.legend(fontsize=9)
    return ax


def plot_over_epochs(
    values,
    ax: Axes | None = None,
    *,
    ylabel: str,
    prefix: str = "layer",
    legend_loc: str = "best",
    **line_kw,
) -> Axes:
    """Values of shape (T, H) against the epoch: one line per column, labelled 'layer 1', …"""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.0))
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 1:
        values = values[:, None]
    epochs = np.arange(values.shape[0])
    for j in range(values.shape[1]):
        ax.plot(epochs, values[:, j], label=f"{prefix} {j + 1}", **line_kw)
    ax.set_xlabel("epoch (one full-batch step each)")
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=9, loc=legend_loc)
    return ax
