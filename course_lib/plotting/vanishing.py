r"""07 — vanishing and exploding gradients: pure plot functions, ``plot_x(..., ax=None) -> Axes``.

:func:`plot_per_layer` draws one value per layer (a gradient norm from
:func:`course_lib.topics.vanishing.gradient_profile`, say) on a log scale, clipped to the fixed
range [FLOOR, CEIL]; :func:`plot_saturation` draws σ′ and tanh′ with the notes' cases marked.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from course_lib import activations
from course_lib.topics.vanishing import CEIL, FLOOR

__all__ = ["plot_per_layer", "plot_saturation"]


def plot_per_layer(
    values, ax: Axes | None = None, *, label: str | None = None, ylabel: str = r"$\|dW_l\|$", **line_kw
) -> Axes:
    """One value per layer (layer 1 = next to the input) on a log scale, as a line with markers."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.2))
    values = np.asarray(values, dtype=np.float64)
    line_kw.setdefault("marker", "o")
    line_kw.setdefault("ms", 3.5)
    ax.plot(np.arange(1, values.size + 1), np.clip(values, FLOOR, CEIL), label=label, **line_kw)
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("layer l (1 = next to the input)")
    ax.set_ylabel(ylabel)
    ax.grid(True, which="major", alpha=0.3)
    if label is not None:
        ax.legend(fontsize=9)
    return ax


def plot_saturation(cases=(10.0, -10.0, 0.0), ax: Axes | None = None, zmax: float = 12.0) -> Axes:
    """σ′(z) and tanh′(z) on a log scale, with the points z = w·1 of the notes' cases marked."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.2))
    sigmoid, tanh = activations.get("sigmoid"), activations.get("tanh")
    z = np.linspace(-zmax, zmax, 241)
    for act, label, color in ((sigmoid, r"$\sigma'(z)$", "C0"), (tanh, r"$\tanh'(z)$", "C1")):
        ax.plot(z, act.grad(z), color=color, label=label)
        cases_z = np.asarray(cases, dtype=np.float64)
        ax.plot(cases_z, act.grad(cases_z), "o", color=color, ms=6)
    for c in cases:
        ax.axvline(c, color="0.75", lw=0.8, ls=":")
    ax.set_yscale("log")
    ax.set(xlim=(-zmax, zmax), xlabel="z = w·x (x = 1, b = 0)", ylabel="derivative")
    ax.legend(fontsize=9)
    return ax
