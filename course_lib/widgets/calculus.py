"""01 — sliders for derivatives and gradient descent.

* :func:`secant_explorer` — the secant through x₁ and x₁ + Δx turns into the tangent as Δx → 0;
* :func:`learning_rate_explorer` — gradient descent on c(w) = (1 − w)² for any η and start w;
* :func:`bowl_descent_explorer` — gradient descent on the bowl c(w) = w₁² + 4w₂².
"""

import numpy as np
from matplotlib.ticker import NullLocator

from course_lib.topics.calculus import (
    BOWL_CURVATURES,
    bowl_cost,
    bowl_grad,
    gradient_descent,
    one_weight_cost,
    one_weight_cost_grad,
    quadratic_regime,
)
from course_lib.widgets._core import (
    LiveFigure,
    caption,
    dropdown,
    float_slider,
    html_text,
    int_slider,
    new_figure,
    widget,
)

__all__ = [
    "bowl_descent_explorer",
    "learning_rate_explorer",
    "secant_explorer",
]

# f, f′, and fixed y-limits of the two panels (wide enough for every x₁ and Δx on the sliders)
_FUNCTIONS = {
    "x² + 1": (lambda x: x**2 + 1.0, lambda x: 2.0 * x, (-0.5, 4.5), (-3.0, 6.0)),
    "sin x": (np.sin, np.cos, (-1.5, 1.5), (-1.2, 1.2)),
    "eˣ": (np.exp, np.exp, (-0.5, 12.0), (0.0, 18.0)),
}


@widget
def secant_explorer(x1: float = 1.0, dx: float = 1.0) -> LiveFigure:
    """A secant of f through x₁ and x₁ + Δx, the tangent at x₁, and the secant slope as a function of Δx."""
    x = np.linspace(-1.0, 3.0, 241)
    d = np.linspace(-1.5, 1.5, 240)  # an even number of points: Δx = 0 is not on the grid
    fig, (ax, ax_s) = new_figure(1, 2, figsize=(7.4, 2.9))
    (curve,) = ax.plot(x, x**2 + 1, lw=2, color="C0", label="f(x)")
    (tangent,) = ax.plot(x, x, "--", color="0.3", lw=1, label="tangent at x₁")
    (secant,) = ax.plot(x, x, color="C1", lw=1.5, label="secant")
    (points,) = ax.plot([0, 1], [0, 1], "o", color="C1", ms=6)
    ax.set(xlim=(-1.0, 3.0), xlabel="x", ylabel="f(x)")
    ax.legend(fontsize=8, loc="upper left")
    (slopes,) = ax_s.plot(d, d, color="C1", lw=1.5, label="secant slope")
    (deriv,) = ax_s.plot(d, d, "--", color="0.3", lw=1, label="f′(x₁)")
    (marker,) = ax_s.plot([0], [0], "o", color="C1", ms=7)
    ax_s.set(xlim=(-1.5, 1.5), xlabel="Δx", ylabel="slope")
    ax_s.legend(fontsize=8, loc="upper left")
    label = caption()  # the numbers, above the figure
    drawn = {}  # the (function, x₁) the curves were last drawn for: a Δx move leaves them alone

    def update(function: str, x1: float, dx: float) -> None:
        f, df, ylim, slope_lim = _FUNCTIONS[function]
        y1, g = float(f(x1)), float(df(x1))
        if drawn.get("key") != (function, x1):
            drawn["key"] = (function, x1)
            curve.set_ydata(f(x))
            tangent.set_ydata(y1 + g * (x - x1))
            slopes.set_ydata((f(x1 + d) - y1) / d)
            deriv.set_ydata(np.full_like(d, g))
            ax.set_ylim(*ylim)  # limits change only with the function, never with a slider
            ax_s.set_ylim(*slope_lim)
        if dx == 0:  # one point does not make a secant: hide it, the tangent is its limit
            secant.set_data([], [])
            points.set_data([x1], [y1])
            marker.set_data([0.0], [g])
            label.value = html_text(f"Δx = 0: no secant; its limit has slope {g:.3f}")
            return
        slope = (float(f(x1 + dx)) - y1) / dx
        secant.set_data(x, y1 + slope * (x - x1))
        points.set_data([x1, x1 + dx], [y1, float(f(x1 + dx))])
        marker.set_data([dx], [slope])
        label.value = html_text(f"slope of the secant {slope:.3f}, of the tangent {g:.3f}")

    controls = {
        "function": dropdown("f(x) =", list(_FUNCTIONS)),
        "x1": float_slider("x₁", x1, -0.5, 2.0, 0.05),
        "dx": float_slider("Δx", dx, -1.5, 1.5, 0.01),
    }
    return LiveFigure(fig, controls, update, extra=[label])


_RULES = {
    "w − η c′(w)  (descent)": -1.0,
    "w + η c′(w)  (ascent)": 1.0,
}


@widget
def learning_rate_explorer(eta: float = 0.1, w0: float = 3.0, steps: int = 15) -> LiveFigure:
    """Gradient descent on c(w) = (1 − w)²: the path on the curve and w_k against k, for any η."""
    w = np.linspace(-3.0, 5.0, 321)
    k = np.arange(steps + 1)
    fig, (ax, ax_k) = new_figure(1, 2, figsize=(7.4, 2.9))
    ax.plot(w, one_weight_cost(w), color="0.4", lw=1.5)
    ax.plot([1.0], [0.0], "*", color="k", ms=10)
    (path,) = ax.plot(k, k, "-o", color="C3", ms=4, lw=1)
    (start,) = ax.plot([0], [0], "s", color="k", ms=6)
    ax.set(xlim=(-3.0, 5.0), ylim=(-0.8, 16.5), xlabel="w", ylabel="c(w) = (1 − w)²")
    ax_k.axhline(1.0, color="k", lw=0.8, ls="--", label="minimum w = 1")
    ax_k.legend(fontsize=8, loc="upper right")
    (wk,) = ax_k.plot(k, k, "-o", color="C3", ms=4, lw=1)
    ax_k.set(xlim=(-0.5, steps + 0.5), ylim=(-3.0, 5.0), xlabel="step k", ylabel="w after k steps")
    label = caption()  # the numbers, above the figure

    def update(rule: str, eta: float, w0: float) -> None:
        sign = _RULES[rule]
        traj = gradient_descent(one_weight_cost_grad, w0, -sign * eta, steps)
        path.set_data(traj, one_weight_cost(traj))
        start.set_data([w0], [one_weight_cost(w0)])
        wk.set_ydata(traj)
        factor = 1.0 + sign * 2.0 * eta
        if sign < 0:
            regime = quadratic_regime(eta, 2.0)
        else:
            regime = "gradient ascent: climbs uphill" if eta > 0 else "stays where it is (η = 0)"
        label.value = html_text(f"(w − 1) × {factor:+.2f} each step: {regime}")

    controls = {
        "rule": dropdown("update", list(_RULES)),
        "eta": float_slider("learning rate η", eta, 0.0, 1.2, 0.01),
        "w0": float_slider("start w₀", w0, -2.0, 4.0, 0.1),
    }
    return LiveFigure(fig, controls, update, extra=[label])


@widget
def bowl_descent_explorer(eta: float = 0.1, steps: int = 20) -> LiveFigure:
    """Gradient descent on c(w) = w₁² + 4w₂² from (−2.5, 1.5): the path on the contours and c(w_k)."""
    w_start = np.array([-2.5, 1.5])
    lim = (3.0, 1.8)
    w1 = np.linspace(-lim[0], lim[0], 241)
    w2 = np.linspace(-lim[1], lim[1], 145)
    cost = bowl_cost(np.stack(np.meshgrid(w1, w2), axis=-1))
    fig, (ax, ax_c) = new_figure(1, 2, figsize=(7.4, 2.9), gridspec_kw={"width_ratios": [1.6, 1]})
    # contour lines only: a smooth shaded background makes every redrawn frame slower to encode
    ax.contour(w1, w2, cost, levels=np.geomspace(0.05, 20, 9), cmap="viridis", linewidths=0.8)
    ax.plot([0], [0], "*", color="k", ms=10)
    ax.plot(*w_start, "s", color="k", ms=6)
    (path,) = ax.plot([0], [0], "-o", color="C3", ms=3, lw=1)
    ax.set(xlim=(-lim[0], lim[0]), ylim=(-lim[1], lim[1]), aspect="equal", xlabel="w₁", ylabel="w₂")
    max_steps = 60
    (costs,) = ax_c.semilogy([0], [1], "-o", color="C3", ms=3, lw=1)
    ax_c.set(xlim=(-0.5, max_steps + 0.5), ylim=(1e-8, 1e4), xlabel="step k", ylabel="cost after k steps")
    decades = [1e-8, 1e-6, 1e-4, 1e-2, 1.0, 1e2, 1e4]  # plain labels: mathtext ticks are slow to draw
    ax_c.set_yticks(decades, labels=[f"{d:g}" for d in decades])
    ax_c.yaxis.set_minor_locator(NullLocator())
    label = caption()  # the numbers, above the figure

    def update(eta: float, steps: int) -> None:
        traj = gradient_descent(bowl_grad, w_start, eta, steps)
        path.set_data(traj[:, 0], traj[:, 1])
        costs.set_data(np.arange(steps + 1), bowl_cost(traj))
        f1, f2 = (1.0 - eta * L for L in BOWL_CURVATURES)
        regime = quadratic_regime(eta, BOWL_CURVATURES[1])  # w₁ (curvature 2) converges for every η here
        label.value = html_text(f"w₁ × {f1:+.2f}, w₂ × {f2:+.2f} per step: w₂ {regime}")

    controls = {
        "eta": float_slider("learning rate η", eta, 0.01, 0.3, 0.005, readout_format=".3f"),
        "steps": int_slider("steps", steps, 1, max_steps),
    }
    return LiveFigure(fig, controls, update, extra=[label])
