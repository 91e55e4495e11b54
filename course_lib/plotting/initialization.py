r"""08 — weight initialization: pure plot functions, ``plot_x(..., ax=None) -> Axes``.

:func:`plot_layer_histograms` stacks one histogram per layer (outlines from
:func:`course_lib.topics.initialization.histogram_outline`), :func:`plot_std_per_layer` draws one
standard deviation per layer on a log scale.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from course_lib.topics.initialization import EDGES, histogram_outline

__all__ = ["plot_layer_histograms", "plot_std_per_layer"]


def plot_layer_histograms(
    values_by_layer: Sequence, layers: Sequence[int], ax: Axes | None = None, *, edges=EDGES, xlabel="a"
) -> Axes:
    """One histogram per layer, stacked from the bottom up, each scaled to its own peak, with its std."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    for row, (values, layer) in enumerate(zip(values_by_layer, layers)):
        x, y = histogram_outline(values, edges, height=0.85)
        color = f"C{row % 10}"
        ax.fill_between(x, row, row + y, color=color, alpha=0.3, lw=0)
        ax.plot(x, row + y, color=color, lw=1.2)
        label = f"layer {layer}: std {np.std(values):.2g}"
        box = {"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 1.0}
        ax.text(edges[0] + 0.03 * (edges[-1] - edges[0]), row + 0.5, label, fontsize=8, color=color, bbox=box)
    ax.set_yticks([])
    ax.set(xlim=(edges[0], edges[-1]), ylim=(-0.1, len(layers)), xlabel=xlabel)
    return ax


def plot_std_per_layer(
    values, ax: Axes | None = None, *, label: str | None = None, ylabel: str = "std", **line_kw
) -> Axes:
    """One number per layer (layer 1 = next to the input) on a log scale, with the level 1 marked."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.2))
    values = np.asarray(values, dtype=np.float64)
    line_kw.setdefault("marker", "o")
    line_kw.setdefault("ms", 3.5)
    ax.plot(np.arange(1, values.size + 1), values, label=label, **line_kw)
    ax.axhline(1.0, color="0.6", lw=0.8)
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(xlabel="layer l (1 = next to the input)", ylabel=ylabel)
    ax.grid(True, which="major", alpha=0.3)
    if label is not None:
        ax.legend(fontsize=9)
    return ax
