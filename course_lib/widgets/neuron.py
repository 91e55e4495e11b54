"""02 — one gradient step of a logistic neuron, seen in data space and in weight space."""

import numpy as np
from matplotlib.colors import LogNorm

from course_lib.topics import neuron as one_neuron
from course_lib.widgets._core import (
    LiveFigure,
    caption,
    float_slider,
    html_text,
    log_slider,
    new_figure,
    widget,
)

__all__ = ["one_neuron_explorer"]

_DATA_LIM, _W_LIM, _GRID = 3.5, 4.0, 60


@widget
def one_neuron_explorer(
    X=None, y=None, w1: float = -1.0, w2: float = 2.0, b: float = 1.0, eta: float = 1.0
) -> LiveFigure:
    """Sliders w₁, w₂, b, η. Left: data, a = σ(z) shading, the boundary now (solid) and after one
    gradient step (dashed), misclassified points circled. Right: J(w₁, w₂) at the current b, the
    current weights and the step −η∇J as an arrow. The caption above the figure gives J and the
    accuracy (left), and J before and after the step (right; red when the step makes J higher)."""
    if X is None or y is None:
        X, y = one_neuron.toy_data(np.random.default_rng(0))
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    lim, wlim = _DATA_LIM, _W_LIM

    fig, (ax, ax_w) = new_figure(1, 2, figsize=(8.4, 4.3))
    # ---- left: data space
    shade = ax.imshow(
        np.full((_GRID, _GRID), 0.5),
        extent=(-lim, lim, -lim, lim),
        origin="lower",
        cmap="RdBu_r",
        vmin=0.0,
        vmax=1.0,
        alpha=0.5,
        interpolation="nearest",
    )
    ax.scatter(*X[y == 0].T, s=16, c="tab:blue", edgecolors="k", linewidths=0.4, label="y = 0")
    ax.scatter(*X[y == 1].T, s=20, c="tab:red", marker="^", edgecolors="k", linewidths=0.4, label="y = 1")
    (wrong,) = ax.plot([], [], "o", ms=9, mfc="none", mec="k", mew=1.0, label="misclassified")
    (line,) = ax.plot([], [], "k-", lw=2, label="boundary a = 0.5")
    (line_next,) = ax.plot([], [], "--", color="0.15", lw=1.5, label="boundary after one step")
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    ax.set_title("data space", fontsize=10)

    # ---- right: weight space at the current bias
    landscape = ax_w.imshow(
        np.ones((_GRID, _GRID)),
        extent=(-wlim, wlim, -wlim, wlim),
        origin="lower",
        cmap="viridis",
        norm=LogNorm(0.2, 5.0),
        alpha=0.9,
    )
    arrow = ax_w.quiver(
        [w1], [w2], [0.0], [0.0], angles="xy", scale_units="xy", scale=1, color="w", width=0.012
    )
    (here,) = ax_w.plot([], [], "o", color="w", mec="k", ms=8, label="(w₁, w₂) now")
    (there,) = ax_w.plot([], [], "X", color="orange", mec="k", ms=8, label="(w₁, w₂) after one step")
    ax_w.set(xlim=(-wlim, wlim), ylim=(-wlim, wlim), xlabel="$w_1$", ylabel="$w_2$", aspect="equal")
    ax_w.set_title("weight space: J(w₁, w₂) at the current b", fontsize=10)
    label = caption()  # the numbers of both panels, above the figure
    # one legend below both panels, outside the shaded areas, so it never needs redrawing
    handles = [*ax.get_legend_handles_labels()[0], *ax_w.get_legend_handles_labels()[0]]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=8, frameon=False)
    cost_at = one_neuron.cost_landscape(X, y, wlim, _GRID)  # J(w₁, w₂) on the grid, for any b
    cache = {"b": None, "J": None}
    # LiveFigure redraws by blitting the artists update() marks stale, in this order, over a
    # background: the shading images change, so everything drawn above them is redrawn too
    layers = [*ax.images, *ax.collections, *ax.lines, *ax_w.images, arrow, here, there]

    def update(w1: float, w2: float, b: float, eta: float) -> None:
        w = np.array([w1, w2])
        a = one_neuron.forward(X, w, b)
        J = one_neuron.cost(X, y, w, b)
        dw, db = one_neuron.gradients(X, y, a)
        w_next, b_next = one_neuron.step(w, b, dw, db, eta)
        J_next = one_neuron.cost(X, y, w_next, b_next)

        shade.set_data(one_neuron.probability_grid(w, b, lim, _GRID))
        line.set_data(*one_neuron.boundary_segment(w, b, lim))
        line_next.set_data(*one_neuron.boundary_segment(w_next, b_next, lim))
        miss = (a >= 0.5) != (y == 1)
        wrong.set_data(X[miss, 0], X[miss, 1])
        left = f"J = {J:.3f}, accuracy {1 - miss.mean():.0%}"

        if cache["b"] != b:  # the landscape depends on b only
            cache["b"], cache["J"] = b, cost_at(b)
        landscape.set_data(cache["J"])
        here.set_data([w1], [w2])
        there.set_data([w_next[0]], [w_next[1]])
        arrow.set_offsets([[w1, w2]])
        arrow.set_UVC([w_next[0] - w1], [w_next[1] - w2])
        better = J_next < J
        right = (
            f"η = {eta:.3g}: J {J:.3f} → {J_next:.3f} ({'lower' if better else 'HIGHER'});  "
            f"b {b:.2f} → {b_next:.2f};  J(w₁, w₂) at b = {b:.2f}"
        )
        color = "inherit" if better else "crimson"
        right = f"<span style='color:{color}'>{html_text('right: ' + right)}</span>"
        label.value = f"{html_text('left: ' + left)}<br>{right}"
        for artist in layers:
            artist.stale = True

    controls = {
        "w1": float_slider("weight w₁", w1, -4.0, 4.0, 0.1),
        "w2": float_slider("weight w₂", w2, -4.0, 4.0, 0.1),
        "b": float_slider("bias b", b, -3.0, 3.0, 0.1),
        # η on a log scale from 0.1 to 100: small, good and far too large steps
        "eta": log_slider("learning rate η", eta, -1.0, 2.0, 0.05),
    }
    return LiveFigure(fig, controls, update, extra=[label])
