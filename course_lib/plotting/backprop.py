r"""04 — backpropagation: the plots of notebook 04.

* :func:`plot_two_path_graph` draws the two-path network x → h1 → {h2, h3} → ŷ with every forward
  value and gradient that :func:`course_lib.topics.backprop.two_path_network` computes;
  :func:`draw_graph` draws its nodes and edges once (the live explorer,
  :func:`course_lib.widgets.backprop_graph_explorer`, changes only the edges' widths).
* :func:`plot_h_sweep`: the error of a finite difference against the step h, as computed by
  :func:`course_lib.topics.backprop.finite_difference_errors`.

Plot functions are pure: ``plot_x(..., ax=None) -> Axes``; they draw on ``ax`` (a new figure's
axes if None) and change nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from course_lib.topics.backprop import (
    EDGES,
    TWO_PATH_DEFAULTS,
    central_dw1,
    edge_width,
    graph_labels,
    two_path_network,
)

__all__ = ["draw_graph", "plot_h_sweep", "plot_two_path_graph"]

_NODES = {  # name: (x, y) in data coordinates
    "x": (0.5, 2.5),
    "h1": (3.2, 2.5),
    "h2": (6.0, 4.3),
    "h3": (6.0, 0.7),
    "out": (8.8, 2.5),
}
_FORWARD, _BACKWARD = "C0", "C3"


def _label(ax: Axes, x: float, y: float, color: str, **kw):
    return ax.text(x, y, "", color=color, fontsize=8.5, ha="center", **kw)


def draw_graph(ax: Axes, values: bool = True) -> dict:
    """Draw the two-path network's nodes and edges on ``ax`` once; return the artists the values set.

    The artists: ``{"edge": {weight: Line2D}, "fwd": {name: Text}, "bwd": {name: Text},
    "footer": Text}``; the values set the edges' widths and the texts (see :func:`_fill_graph`).

    With ``values=False`` only the structure is drawn (nodes, edges, each edge's weight name):
    the live explorer shows the numbers beside the figure instead.
    """
    ax.set(xlim=(-0.5, 11.6), ylim=(-0.7, 5.0), aspect="equal")
    ax.set_frame_on(False)  # no frame and no axis (set_axis_off would do it too, but a
    ax.xaxis.set_visible(False)  # LiveFigure's blit can only see these three settings)
    ax.yaxis.set_visible(False)
    if values:
        ax.set_title(
            "forward values (blue)  ·  gradients ∂e/∂(·) (red)  ·  line width grows with |∂e/∂w|", fontsize=9
        )
    else:
        ax.set_title("line width grows with |∂e/∂w|", fontsize=9)
    r = 0.38  # node radius
    arts: dict = {"edge": {}, "fwd": {}, "bwd": {}}
    for w, (a, b) in EDGES.items():
        (x0, y0), (x1, y1) = _NODES[a], _NODES[b]
        d = np.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / d, (y1 - y0) / d
        xs, ys = [x0 + r * ux, x1 - r * ux], [y0 + r * uy, y1 - r * uy]
        arts["edge"][w] = ax.plot(xs, ys, color="0.6", lw=1.5, solid_capstyle="round")[0]
        t = {"w1": 0.42, "w3": 0.6}.get(w, 0.5)  # w1's and w3's labels keep clear of h1's gradients
        mx, my, angle = x0 + t * (x1 - x0), y0 + t * (y1 - y0), np.degrees(np.arctan2(uy, ux))
        along = {"va": "center", "rotation": angle, "rotation_mode": "anchor"}
        if not values:
            ax.text(mx - 0.3 * uy, my + 0.3 * ux, w, color="0.3", fontsize=10, ha="center", **along)
            continue
        arts["fwd"][w] = _label(ax, mx - 0.3 * uy, my + 0.3 * ux, _FORWARD, **along)  # above the edge
        arts["bwd"][w] = _label(ax, mx + 0.3 * uy, my - 0.3 * ux, _BACKWARD, **along)  # below it
    # where each node's values (blue) and gradients (red) go: outside the diamond, off the edges
    spots = {
        "x": ((0.0, 0.5, "center", "bottom"), (0.0, -0.5, "center", "top")),
        "h1": ((0.0, 0.5, "center", "bottom"), (0.4, -0.45, "right", "top")),
        "h2": ((-0.5, 0.1, "right", "bottom"), (0.5, 0.1, "left", "bottom")),
        "h3": ((-0.5, -0.1, "right", "top"), (0.5, -0.1, "left", "top")),
        "out": ((0.0, 0.5, "center", "bottom"), (0.15, -0.5, "left", "top")),
    }
    for name, (cx, cy) in _NODES.items():
        ax.add_patch(plt.Circle((cx, cy), r, facecolor="white", edgecolor="0.25", lw=1.3, zorder=3))
        symbol = {"x": "$x$", "out": r"$\hat y$"}.get(name) or f"$h_{name[1:]}$"
        ax.text(cx, cy, symbol, ha="center", va="center", fontsize=11, zorder=4)
        if values:
            for kind, color, (dx, dy, ha, va) in zip(("fwd", "bwd"), (_FORWARD, _BACKWARD), spots[name]):
                arts[kind][name] = ax.text(cx + dx, cy + dy, "", color=color, fontsize=8.5, ha=ha, va=va)
    x_out = _NODES["out"][0] + r
    ax.annotate("", xy=(10.3, 2.5), xytext=(x_out, 2.5), arrowprops={"arrowstyle": "->", "color": "0.6"})
    ax.text(10.4, 2.5, "$e$", ha="left", va="center", fontsize=11)
    if values:
        arts["fwd"]["e"] = _label(ax, 10.5, 2.9, _FORWARD, va="bottom")
        arts["footer"] = ax.text(5.55, -0.65, "", ha="center", va="bottom", fontsize=9)
    return arts


def _fill_graph(arts: dict, v: Mapping[str, float], w: Mapping[str, float], check: float | None) -> None:
    """Write the forward values (blue, above) and the gradients (red, below) into the drawn graph."""
    labels = graph_labels(v, w, check)
    for kind in ("fwd", "bwd"):
        for name, text in labels[kind].items():
            arts[kind][name].set_text(text)
    for name in EDGES:
        arts["edge"][name].set_linewidth(edge_width(v["de_d" + name]))
    arts["footer"].set_text(labels["footer"])


def plot_two_path_graph(ax: Axes | None = None, **weights: float) -> Axes:
    """The two-path network with forward values (blue, above) and gradients (red, below) drawn on it.

    Keyword arguments ``x``, ``w1`` … ``w5``, ``y`` override :data:`TWO_PATH_DEFAULTS`.
    """
    unknown = set(weights) - set(TWO_PATH_DEFAULTS)
    if unknown:
        raise TypeError(f"unknown argument(s) {sorted(unknown)}; expected some of {list(TWO_PATH_DEFAULTS)}")
    w = {**TWO_PATH_DEFAULTS, **weights}
    if ax is None:
        _, ax = plt.subplots(figsize=(10.0, 5.0))
    arts = draw_graph(ax)
    _fill_graph(arts, two_path_network(**w), w, central_dw1(w))
    return ax


def plot_h_sweep(hs, central, forward, ax: Axes | None = None) -> Axes:
    """Log-log plot of the relative errors of the central and one-sided differences against the step h."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    floor = 1e-17  # an error of exactly 0 cannot be drawn on a log axis
    ax.loglog(hs, np.maximum(central, floor), "o-", ms=3, label="central  (f(x+h) − f(x−h)) / 2h")
    ax.loglog(hs, np.maximum(forward, floor), "s-", ms=3, label="one-sided  (f(x+h) − f(x)) / h")
    ax.set(xlabel="step h", ylabel="relative error  |n − a| / (|n| + |a|)", ylim=(1e-13, 1e0))
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    return ax
