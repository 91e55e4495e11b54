r"""Derivatives and gradient descent, the topic of notebook 01 (``01_derivatives_and_gradient_descent``).

What the notebook, its sliders (:mod:`course_lib.widgets.calculus`) and its checkers
(:mod:`course_lib.exercises.calculus`) compute; the plots are in :mod:`course_lib.plotting.calculus`.

* :func:`secant_slope` — (f(x + Δx) − f(x)) / Δx;
* :func:`gradient_descent_step` and :func:`gradient_descent` — w ← w − η ∇c(w);
* :func:`quadratic_regime` — what gradient descent does on a quadratic of curvature L: the error
  w − w* is multiplied by 1 − ηL at every step;
* the one-weight example c(w) = (1 − w)² (:func:`one_weight_cost`) and the 2-D bowl
  c(w) = w₁² + 4w₂² (:func:`bowl_cost`), with their gradients.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = [
    "BOWL_CURVATURES",
    "bowl_cost",
    "bowl_grad",
    "gradient_descent",
    "gradient_descent_step",
    "one_weight_cost",
    "one_weight_cost_grad",
    "quadratic_regime",
    "secant_slope",
]


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

    For c(w) = (1 − w)², L = 2: monotone for 0 < η < ½, one step at η = ½,
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


def one_weight_cost(w):
    r"""One weight's squared error c(w) = (1 - w)^2 (x = 1, y = 1, b = 0, linear activation)."""
    return (1.0 - np.asarray(w, dtype=np.float64)) ** 2


def one_weight_cost_grad(w):
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
