"""03 — the multilayer perceptron and XOR: the plots (``plot_x(..., ax=None) -> Axes``).

What they draw is computed in :mod:`course_lib.topics.xor`: the input square ``LIM``, a unit's
or a network's output on a grid of it, the line w·x + b = 0, where to put a point's label.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from course_lib import datasets, nn
from course_lib._validate import as_float_array
from course_lib.topics.xor import LIM, boundary_segment, label_offsets, network_on_grid, unit_on_grid

__all__ = [
    "plot_hidden_space",
    "plot_network",
    "plot_success_rates",
    "plot_unit",
    "plot_xor_points",
]


def plot_xor_points(X=None, y=None, ax=None, labels: bool = True):
    """The points, class 1 filled black and class 0 open, each labelled with its coordinates."""
    if X is None or y is None:
        X, y = datasets.xor()
    X, y = as_float_array(X, "X"), as_float_array(y, "y").ravel()
    ax = ax if ax is not None else plt.gca()
    for label, face in ((0, "white"), (1, "black")):
        pts = X[y == label]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            s=110,
            c=face,
            edgecolors="black",
            linewidths=1.5,
            zorder=3,
            label=f"y = {label}",
        )
    if labels:
        for x1, x2 in X:
            ax.annotate(f"({x1:g}, {x2:g})", (x1, x2), textcoords="offset points", xytext=(8, 8), fontsize=8)
    ax.set(xlim=LIM, ylim=LIM, xticks=[0, 0.5, 1], yticks=[0, 0.5, 1], xlabel="$x_1$", ylabel="$x_2$")
    ax.set_aspect("equal")
    return ax


def plot_unit(w, b, activation: str = "sigmoid", ax=None, n: int = 101, vmin: float = 0.0, vmax: float = 1.0):
    """One unit's output f(w·x + b) shaded over the input square (blue = vmin, red = vmax), and
    its boundary w·x + b = 0 (dashed)."""
    ax = ax if ax is not None else plt.gca()
    a, extent = unit_on_grid(w, b, activation, n)
    ax.imshow(
        a, origin="lower", extent=extent, cmap="coolwarm", vmin=vmin, vmax=vmax, alpha=0.55, aspect="auto"
    )
    ax.plot(*boundary_segment(w, b), color="k", lw=1.2, ls="--")
    ax.set(xlim=LIM, ylim=LIM, aspect="equal")
    return ax


def plot_hidden_space(H, y, ax=None, v=None, c=None, names=None, lim=None):
    """Where the hidden layer puts each input: points (h1, h2), optionally with the output unit's
    line v·h + c = 0. Class 0 is an open ring and class 1 a smaller filled dot on top, so two
    inputs that land on the same point stay visible."""
    H, y = as_float_array(H, "H"), as_float_array(y, "y").ravel()
    ax = ax if ax is not None else plt.gca()
    if lim is None:
        lim = (min(H.min(), 0.0) - 0.15, max(H.max(), 1.0) + 0.15)
    ax.scatter(*H[y == 0].T, s=170, facecolors="none", edgecolors="black", linewidths=1.5, zorder=3)
    ax.scatter(*H[y == 1].T, s=60, c="black", zorder=4)
    for h, name, (dx, dy, ha) in zip(H, names or [], label_offsets(H, lim)):
        ax.annotate(name, h, textcoords="offset points", xytext=(dx, dy), ha=ha, fontsize=8)
    if v is not None and c is not None:
        ax.plot(*boundary_segment(v, c, lim), color="k", lw=1.2, ls="--")
    ax.set(xlim=lim, ylim=lim, xlabel="$h_1$", ylabel="$h_2$", aspect="equal")
    return ax


def plot_network(net: nn.MLP, ax=None, n: int = 101, X=None, y=None):
    """A network's output a(x) shaded over the input square (blue 0, white 0.5, red 1), with the points."""
    ax = ax if ax is not None else plt.gca()
    a, extent = network_on_grid(net, n)
    ax.imshow(a, origin="lower", extent=extent, cmap="coolwarm", vmin=0, vmax=1, alpha=0.55, aspect="auto")
    plot_xor_points(X, y, ax=ax, labels=False)
    return ax


def plot_success_rates(rates, ax=None):
    """Bars: the success rate for each (activation, width) in ``rates`` = {(hidden, width): rate}."""
    ax = ax if ax is not None else plt.gca()
    hiddens = list(dict.fromkeys(h for h, _ in rates))
    widths = sorted({w for _, w in rates})
    step = 0.8 / len(hiddens)
    for k, hidden in enumerate(hiddens):
        xs = [i + (k - (len(hiddens) - 1) / 2) * step for i, w in enumerate(widths) if (hidden, w) in rates]
        vals = [100 * rates[hidden, w] for w in widths if (hidden, w) in rates]
        bars = ax.bar(xs, vals, width=step * 0.95, label=hidden)
        ax.bar_label(bars, fmt="%.0f%%", fontsize=8)
    ax.set_xticks(range(len(widths)), [f"{w} hidden units" for w in widths])
    ax.set(ylim=(0, 112), ylabel="runs that solve XOR (%)")
    ax.legend(title="hidden activation", fontsize=8, loc="lower right")
    return ax
