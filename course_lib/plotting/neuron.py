r"""02 — one logistic neuron: the plots of notebook 02.

Plot functions are pure: ``plot_x(..., ax=None) -> Axes`` (the current axes if None). What they
draw is computed by :mod:`course_lib.topics.neuron` (the neuron's probability, its boundary,
the cost over the weights).
"""

from __future__ import annotations

from course_lib._validate import as_float_array, as_real
from course_lib.topics.neuron import boundary_segment, check_w, check_X, check_y, cost_grid, probability_grid

__all__ = ["plot_cost_landscape", "plot_neuron"]


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.gca()
    return ax


def plot_neuron(X, y, w, b, ax=None, lim: float = 3.5, n: int = 60, title: str | None = None):
    """The data, the neuron's probability a = σ(z) as shading, and its boundary a = 0.5 (z = 0)."""
    ax = _axes(ax)
    X = check_X(X)
    y = check_y(y, X.shape[0])
    w, b = check_w(w, 2), as_real(b, "b")
    ax.imshow(
        probability_grid(w, b, lim, n),
        extent=(-lim, lim, -lim, lim),
        origin="lower",
        cmap="RdBu_r",
        vmin=0.0,
        vmax=1.0,
        alpha=0.5,
        interpolation="bilinear",
    )
    ax.scatter(*X[y == 0].T, s=18, c="tab:blue", edgecolors="k", linewidths=0.4, label="y = 0")
    ax.scatter(*X[y == 1].T, s=22, c="tab:red", marker="^", edgecolors="k", linewidths=0.4, label="y = 1")
    ax.plot(*boundary_segment(w, b, lim), "k-", lw=2, label="boundary: z = 0, a = 0.5")
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    ax.set_title(title if title is not None else f"w = ({w[0]:.2f}, {w[1]:.2f}), b = {b:.2f}", fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_cost_landscape(X, y, b, ax=None, lim: float = 4.0, n: int = 60, path=None):
    """J over (w₁, w₂) at a fixed bias b (log colour scale), with an optional path of (w₁, w₂) points."""
    from matplotlib.colors import LogNorm

    ax = _axes(ax)
    J = cost_grid(X, y, b, lim, n)
    ax.imshow(
        J, extent=(-lim, lim, -lim, lim), origin="lower", cmap="viridis", norm=LogNorm(0.2, 5.0), alpha=0.9
    )
    if path is not None:
        path = as_float_array(path, "path")
        ax.plot(path[:, 0], path[:, 1], ".-", color="w", ms=3, lw=1, label="gradient-descent path")
        ax.plot(*path[0], "o", color="w", mec="k", label="start")
        ax.plot(*path[-1], "*", color="gold", mec="k", ms=12, label="end")
        ax.legend(loc="lower left", fontsize=8)
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), xlabel="$w_1$", ylabel="$w_2$", aspect="equal")
    ax.set_title(f"cost J(w₁, w₂) at b = {as_real(b, 'b'):.2f} (darker = lower)", fontsize=10)
    return ax
