"""05 — Activation functions: pure plot functions, ``plot_x(..., ax=None) -> Axes``.

:func:`plot_activation` draws f or f' of a registry entry (flat regions shaded);
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
from course_lib.topics.activation_functions import display_name, resolve_params, saturation_mask

__all__ = ["plot_activation", "plot_cost_bars"]


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
    """Plot f (or f' with ``derivative=True``) of a registry entry; optionally shade where f' is flat."""
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 3.0))
    act = activations.get(name)
    kw = resolve_params(name, params)
    z = np.linspace(-5.0, 5.0, 401) if z is None else np.asarray(z, dtype=np.float64)
    y = act.grad(z, **kw) if derivative else act(z, **kw)
    line_kw.setdefault("label", display_name(name) + ("′" if derivative else ""))
    ax.plot(z, y, **line_kw)
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
