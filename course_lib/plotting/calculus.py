r"""01 — derivatives and gradient descent: the topic's helpers and pure plot functions.

Helpers (used by the notebook, its widgets and its checkers):

* :func:`secant_slope` — (f(x + Δx) − f(x)) / Δx;
* :func:`gradient_descent_step` and :func:`gradient_descent` — w ← w − η ∇c(w);
* :func:`quadratic_regime` — what gradient descent does on a quadratic of curvature L: the error
  w − w* is multiplied by 1 − ηL at every step;
* the notes' example c(w) = (1 − w)² (:func:`notes_cost`) and the 2-D bowl
  c(w) = w₁² + 4w₂² (:func:`bowl_cost`), with their gradients.

Plot functions are pure: ``plot_x(..., ax=None) -> Axes``; they draw on ``ax`` (a new figure's
axes if None) and change nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

__all__ = [
    "BOWL_CURVATURES",
    "bowl_cost",
    "bowl_grad",
    "gradient_descent",
    "gradient_descent_step",
    "notes_cost",
    "notes_cost_grad",
    "plot_descent_2d",
    "plot_gradient_field",
    "plot_vectors",
    "quadratic_regime",
    "secant_slope",
]


# ---------------------------------------------------------------- helpers
def secant_slope(f: Callable, x, dx):
    r"""\frac{f(x + \Delta x) - f(x)}{\Delta x}, the slope of the line through two points of f."""
    x = np.asarray(x, dtype=np.float64)
    dx = np.asarray(dx, dtype=np.float64)
    if np.any(dx == 0):
        raise ValueError("Δx must be non-zero: a secant needs two different points")
    return (np.asarray(f(x + dx)) - np.asarray(f(x))) / dx


def gradient_descent_step(w, grad, eta: float):
    r"""w - \eta\,\nabla c: one step of gradient descent (a new array; ``w`` is not modified)."""
    return np.asarray(w, dtype=np.float64) - eta * np.asarray(grad, dtype=np.float64)


def gradient_descent(grad: Callable, w0, eta: float, steps: int) -> np.ndarray:
    r"""The trajectory w_0, w_1, …, w_steps of w_{k+1} = w_k - \eta\,\nabla c(w_k).

    Returns an array of shape ``(steps + 1, *np.shape(w0))``; row k is w_k.
    """
    if steps < 0:
        raise ValueError(f"steps must be ≥ 0, got {steps}")
    w = np.asarray(w0, dtype=np.float64)
    path = np.empty((steps + 1, *w.shape))
    path[0] = w
    for k in range(steps):
        w = gradient_descent_step(w, grad(w), eta)
        path[k + 1] = w
    return path


def quadratic_regime(eta: float, curvature: float = 2.0) -> str:
    r"""What gradient descent does on a quadratic with c'' = L: the error is multiplied by 1 - \eta L.

    For the notes' c(w) = (1 − w)², L = 2: monotone for 0 < η < ½, one step at η = ½,
    oscillating but converging for ½ < η < 1, a 2-cycle at η = 1, divergent for η > 1.
    """
    if curvature <= 0:
        raise ValueError(f"curvature must be > 0, got {curvature}")
    r = 1.0 - eta * curvature
    if np.isclose(r, 1.0, atol=1e-9):
        return "stays where it is (η = 0)"
    if r > 1.0:
        return "diverges monotonically (η < 0 climbs uphill)"
    if np.isclose(r, 0.0, atol=1e-9):
        return "reaches the minimum in one step"
    if r > 0.0:
        return "converges monotonically"
    if np.isclose(r, -1.0, atol=1e-9):
        return "oscillates forever (a 2-cycle)"
    if r > -1.0:
        return "converges, oscillating"
    return "diverges, oscillating"


def notes_cost(w):
    r"""The notes' example c(w) = (1 - w)^2 (y = 1, x = 1, b = 0, linear activation)."""
    return (1.0 - np.asarray(w, dtype=np.float64)) ** 2


def notes_cost_grad(w):
    r"""c'(w) = -2(1 - w) = 2(w - 1)."""
    return 2.0 * (np.asarray(w, dtype=np.float64) - 1.0)


BOWL_CURVATURES = (2.0, 8.0)  # ∂²c/∂w₁², ∂²c/∂w₂² of the bowl c = w₁² + 4w₂²


def bowl_cost(w):
    r"""The 2-D bowl c(w) = w_1^2 + 4 w_2^2 for ``w`` of shape (..., 2)."""
    w = np.asarray(w, dtype=np.float64)
    return w[..., 0] ** 2 + 4.0 * w[..., 1] ** 2


def bowl_grad(w):
    r"""\nabla c = (2 w_1, 8 w_2) for ``w`` of shape (..., 2)."""
    w = np.asarray(w, dtype=np.float64)
    return np.stack([2.0 * w[..., 0], 8.0 * w[..., 1]], axis=-1)


# ---------------------------------------------------------------- plot functions
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
