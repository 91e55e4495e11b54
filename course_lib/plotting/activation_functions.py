"""05 — Activation functions: pure plot functions, ``plot_x(..., ax=None) -> Axes``.

:func:`plot_activation` draws f or f' of a registry entry (flat regions shaded), with a gap at
every jump and the one-sided values marked (filled dot: the value at the point; open dot: a limit
the function does not take there);
:func:`plot_cost_bars` draws the measured costs of f and f'. What they draw is computed in
:mod:`course_lib.topics.activation_functions` (display names, parameters, the saturation mask,
:func:`~course_lib.topics.activation_functions.measure_cost`).
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from course_lib import activations
from course_lib.topics.activation_functions import (
    curve_pieces,
    display_name,
    jump_marks,
    resolve_params,
    saturation_mask,
)

__all__ = ["plot_activation", "plot_cost_bars", "plot_weight_paths"]


def plot_activation(
    name: str,
    *,
    params: Mapping[str, float] | None = None,
    z=None,
    ax: Axes | None = None,
    derivative: bool = False,
    shade: bool = False,
    **line_kw,
) -> Axes:
    """Plot f (or f' with ``derivative=True``) of a registry entry; optionally shade where f' is flat.

    Where the curve jumps (f' of ReLU at 0, f of the step function), it is drawn as separate
    pieces with a gap; a filled dot marks the value at the jump, open dots the one-sided limits.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 3.0))
    act = activations.get(name)
    kw = resolve_params(name, params)
    z = np.linspace(-5.0, 5.0, 401) if z is None else np.asarray(z, dtype=np.float64)
    line_kw.setdefault("label", display_name(name) + ("′" if derivative else ""))
    color = None
    for zs, ys in curve_pieces(name, z, derivative=derivative, **kw):
        (line,) = ax.plot(zs, ys, **line_kw)
        color = line.get_color()
        line_kw = {**line_kw, "label": "_nolegend_", "color": color}  # same look, one legend entry
    for c, left, value, right in jump_marks(name, z[0], z[-1], derivative=derivative, **kw):
        open_ends = [v for v in (left, right) if v != value]
        ax.plot([c] * len(open_ends), open_ends, "o", ms=5, mfc="white", mec=color, zorder=3)
        ax.plot([c], [value], "o", ms=5, color=color, zorder=3)
    if shade:
        mask = saturation_mask(act.grad(z, **kw))
        ax.fill_between(z, 0, 1, where=mask, transform=ax.get_xaxis_transform(), color="0.85", lw=0)
    ax.axhline(0, color="0.6", lw=0.7)
    ax.set_xlabel("z")
    return ax


def plot_cost_bars(costs: Mapping[str, tuple[float, float]], ax: Axes | None = None) -> Axes:
    """Horizontal bars: ms per million evaluations of f and f', cheapest forward pass on top."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7.0, 5.0))
    order = sorted(costs, key=lambda k: costs[k][0], reverse=True)
    y = np.arange(len(order))
    ax.barh(y + 0.2, [costs[k][0] for k in order], height=0.4, label="f(z)")
    ax.barh(y - 0.2, [costs[k][1] for k in order], height=0.4, label="f′(z)")
    ax.set_yticks(y, [display_name(k) for k in order])
    ax.set_xlabel("milliseconds per million evaluations (this machine, NumPy)")
    ax.legend(loc="upper right")
    return ax


def plot_weight_paths(paths: Mapping[str, np.ndarray], w_target, ax: Axes | None = None) -> Axes:
    """The paths of two weights (w₁, w₂) during training, one line with a dot per step for each entry."""
    if ax is None:
        _, ax = plt.subplots(figsize=(5.0, 4.0))
    for label, path in paths.items():
        path = np.asarray(path, dtype=np.float64)
        ax.plot(path[:, 0], path[:, 1], ".-", ms=4, lw=1, label=label)
    start = np.asarray(next(iter(paths.values())))[0]
    ax.plot(*start, "ko", ms=6, label="start")
    ax.plot(*np.asarray(w_target, dtype=np.float64), "k*", ms=12, label="best weights")
    ax.set(xlabel="$w_1$", ylabel="$w_2$", aspect="equal")
    ax.legend(fontsize=8)
    return ax
