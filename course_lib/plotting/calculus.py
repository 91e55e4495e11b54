r"""01 — derivatives and gradient descent: the plots of notebook 01.

Plot functions are pure: ``plot_x(..., ax=None) -> Axes``; they draw on ``ax`` (a new figure's
axes if None) and change nothing else. What they draw is computed by the caller, with
:mod:`course_lib.topics.calculus` (gradient descent, the one-weight cost, the bowl).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

__all__ = [
    "plot_descent_2d",
    "plot_gradient_field",
    "plot_vectors",
]


def _axes(ax: Axes | None, figsize=(5.0, 3.5)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_vectors(
    vectors: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    ax: Axes | None = None,
    lim: tuple[float, float] = (-0.5, 4.5),
) -> Axes:
    """Arrows ``{label: (tail, vector)}`` on a square grid, named in the legend."""
    ax = _axes(ax, (4.0, 4.0))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, (label, (tail, vec)) in enumerate(vectors.items()):
        tail = np.asarray(tail, dtype=np.float64)
        vec = np.asarray(vec, dtype=np.float64)
        color = colors[i % len(colors)]
        ax.annotate(
            "",
            xy=tuple(tail + vec),
            xytext=tuple(tail),
            arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2, "shrinkA": 0, "shrinkB": 0},
        )
        ax.plot([], [], color=color, lw=2, label=label)  # the legend's handle for this arrow
    ax.set(xlim=lim, ylim=lim, aspect="equal", xlabel="x (î)", ylabel="y (ĵ)")
    ax.grid(True, lw=0.5, alpha=0.5)
    ax.legend(loc="upper left", fontsize=9)
    return ax


def plot_gradient_field(
    f: Callable,
    grad: Callable,
    ax: Axes | None = None,
    lim: float = 2.0,
    n_arrows: int = 9,
    title: str | None = None,
) -> Axes:
    """Contour lines of f(x, y) on [−lim, lim]² and the gradient ∇f as arrows (true relative lengths)."""
    ax = _axes(ax, (4.0, 4.0))
    g = np.linspace(-lim, lim, 121)
    X, Y = np.meshgrid(g, g)
    ax.contour(X, Y, f(X, Y), levels=11, cmap="viridis", linewidths=1)
    a = np.linspace(-lim, lim, n_arrows)
    AX, AY = np.meshgrid(a, a)
    GX, GY = grad(AX, AY)
    longest = float(np.max(np.hypot(GX, GY)))
    spacing = a[1] - a[0]
    scale = longest / (0.9 * spacing) if longest > 0 else 1.0  # longest arrow ≈ 0.9 grid spacing
    ax.quiver(AX, AY, GX, GY, angles="xy", scale_units="xy", scale=scale, color="C3", width=0.006)
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", xlabel="x", ylabel="y")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_descent_2d(
    c: Callable, path, ax: Axes | None = None, lim: tuple[float, float] = (3.0, 1.8), title: str | None = None
) -> Axes:
    """Contour lines of c(w) for w of shape (..., 2) on [−lim₀, lim₀]×[−lim₁, lim₁] and a path on them."""
    ax = _axes(ax)
    path = np.asarray(path, dtype=np.float64)
    w1 = np.linspace(-lim[0], lim[0], 161)
    w2 = np.linspace(-lim[1], lim[1], 121)
    W = np.stack(np.meshgrid(w1, w2), axis=-1)
    ax.contour(w1, w2, c(W), levels=np.geomspace(0.05, 30, 10), cmap="viridis", linewidths=1)
    ax.plot(path[:, 0], path[:, 1], "-o", color="C3", ms=3, lw=1)
    ax.plot(path[0, 0], path[0, 1], "s", color="k", ms=6)
    ax.plot([0], [0], "*", color="k", ms=10)
    ax.set(xlim=(-lim[0], lim[0]), ylim=(-lim[1], lim[1]), aspect="equal", xlabel="w₁", ylabel="w₂")
    if title:
        ax.set_title(title, fontsize=10)
    return ax
