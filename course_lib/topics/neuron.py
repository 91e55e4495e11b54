r"""One logistic neuron, the topic of notebook 02 (``02_one_neuron``): forward, gradients, step, training.

The neuron of the lecture notes' first page, in the README's row-vector notation: X has shape
(m, 2), w shape (2,), b is a number, and

    z = X @ w + b,   a = σ(z),   ℓ = −[y log a + (1 − y) log(1 − a)],   J = (1/m) Σ ℓ,
    ∂J/∂w = Xᵀ(a − y) / m,   ∂J/∂b = mean(a − y),   w ← w − η ∂J/∂w,   b ← b − η ∂J/∂b.

The math comes from :mod:`course_lib.activations` and :mod:`course_lib.losses`; these helpers
only put it together for one neuron. They are the reference solutions of the notebook's
exercises (:mod:`course_lib.exercises.neuron`), what its slider figure computes
(:mod:`course_lib.widgets.neuron`) and what the notebook's cells use after each exercise. The
plots are in :mod:`course_lib.plotting.neuron`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from course_lib import activations, datasets, losses
from course_lib._validate import as_float_array, as_positive_int, as_real

__all__ = [
    "TOY_CENTERS",
    "TOY_NOISE",
    "Trajectory",
    "accuracy",
    "boundary_segment",
    "check_X",
    "check_w",
    "check_y",
    "cost",
    "cost_grid",
    "cost_landscape",
    "forward",
    "gradients",
    "probability_grid",
    "step",
    "toy_data",
    "train",
]

_sigmoid = activations.get("sigmoid")

TOY_CENTERS = ((-1.0, -0.5), (1.0, 0.5))  # class 0, class 1
TOY_NOISE = 0.8  # the two clouds overlap, so the best boundary has finite weights


# ---------------------------------------------------------------- input checks
def check_X(X) -> np.ndarray:
    """X as a new float array of shape (m, n_in), one example per row; a ValueError names a wrong shape."""
    X = as_float_array(X, "X")
    if X.ndim != 2:
        raise ValueError(f"X must have shape (m, n_in), one example per row; got shape {X.shape}")
    return X


def check_w(w, n_in: int) -> np.ndarray:
    """w as a new float array of shape (n_in,), one weight per input; a ValueError names a wrong shape."""
    w = as_float_array(w, "w")
    if w.shape != (n_in,):
        raise ValueError(f"w must have shape (n_in,) = ({n_in},), one weight per input; got {w.shape}")
    return w


def check_y(y, m: int) -> np.ndarray:
    """y as a new float array of shape (m,), one label per example; a ValueError names a wrong shape."""
    y = as_float_array(y, "y")
    if y.shape != (m,):
        raise ValueError(f"y must have shape (m,) = ({m},), one label per example; got {y.shape}")
    return y


# ---------------------------------------------------------------- the neuron
def toy_data(rng: np.random.Generator, m: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """The notebook's data set: ``datasets.blobs`` around (−1, −0.5) (class 0) and (1, 0.5) (class 1)."""
    return datasets.blobs(m, rng, centers=TOY_CENTERS, noise=TOY_NOISE)


def forward(X, w, b) -> np.ndarray:
    r"""a = \sigma(Xw + b): one probability per example, shape (m,)."""
    X = check_X(X)
    w = check_w(w, X.shape[1])
    return np.asarray(_sigmoid(X @ w + as_real(b, "b")))


def cost(X, y, w, b) -> float:
    r"""J(w, b) = \frac{1}{m}\sum_i \ell(a_i, y_i), computed from z (exact, also for |z| \gg 1)."""
    X = check_X(X)
    w = check_w(w, X.shape[1])
    y = check_y(y, X.shape[0])
    return losses.cost(losses.binary_cross_entropy_with_logits(X @ w + as_real(b, "b"), y))


def gradients(X, y, a) -> tuple[np.ndarray, float]:
    r"""dw = \partial J/\partial w = X^\top(a - y)/m, db = \partial J/\partial b = \overline{a - y}."""
    X = check_X(X)
    y = check_y(y, X.shape[0])
    a = as_float_array(a, "a")
    if a.shape != y.shape:
        raise ValueError(f"a must have shape (m,) = {y.shape}, like y; got {a.shape}")
    dz = np.asarray(losses.sigmoid_bce_grad(a, y))  # ∂ℓ/∂z = a − y, one per example
    return X.T @ dz / X.shape[0], float(dz.mean())


def step(w, b, dw, db, eta) -> tuple[np.ndarray, float]:
    r"""One gradient-descent step: w \leftarrow w - \eta\,dw,\ b \leftarrow b - \eta\,db. Returns (w, b)."""
    w = as_float_array(w, "w")
    dw = as_float_array(dw, "dw")
    if dw.shape != w.shape:
        raise ValueError(f"dw must have the shape of w, {w.shape}; got {dw.shape}")
    eta = as_real(eta, "eta")
    return w - eta * dw, as_real(b, "b") - eta * as_real(db, "db")


def accuracy(X, y, w, b) -> float:
    """Fraction of examples whose predicted class (a ≥ 0.5, i.e. z ≥ 0) equals the label y."""
    a = forward(X, w, b)
    y = check_y(y, a.shape[0])
    return float(np.mean((a >= 0.5) == (y == 1)))


class Trajectory(NamedTuple):
    """Parameters and cost before each of ``steps`` gradient steps, and after the last one."""

    w: np.ndarray  # (steps + 1, n_in)
    b: np.ndarray  # (steps + 1,)
    cost: np.ndarray  # (steps + 1,)


def train(X, y, w, b, eta: float, steps: int) -> Trajectory:
    """Full-batch gradient descent on J for ``steps`` steps from (w, b); every iterate is kept."""
    X = check_X(X)
    y = check_y(y, X.shape[0])
    w = check_w(w, X.shape[1]).copy()
    b = as_real(b, "b")
    eta = as_real(eta, "eta")
    steps = as_positive_int(steps, "steps")
    ws, bs, js = np.empty((steps + 1, w.size)), np.empty(steps + 1), np.empty(steps + 1)
    for k in range(steps + 1):
        ws[k], bs[k], js[k] = w, b, cost(X, y, w, b)
        if k < steps:
            dw, db = gradients(X, y, forward(X, w, b))
            w, b = step(w, b, dw, db, eta)
    return Trajectory(ws, bs, js)


# ---------------------------------------------------------------- grids for pictures
def _axis(lim: float, n: int) -> np.ndarray:
    return np.linspace(-lim, lim, n)


def probability_grid(w, b, lim: float = 3.5, n: int = 60) -> np.ndarray:
    r"""a = \sigma(w_1x_1 + w_2x_2 + b) on an n×n grid over [−lim, lim]², rows along x₂ (for imshow)."""
    x1, x2 = np.meshgrid(_axis(lim, n), _axis(lim, n))
    return forward(np.column_stack([x1.ravel(), x2.ravel()]), w, b).reshape(n, n)


def cost_landscape(X, y, lim: float = 4.0, n: int = 60):
    r"""J(w_1, w_2; b) on an n×n grid of weights over [−lim, lim]², as a function of b.

    ``X @ w`` for every grid weight is computed once, so a new b costs one pass over the
    (m, n·n) logits (what a bias slider needs). Rows along w₂ (for imshow).
    """
    X = check_X(X)
    if X.shape[1] != 2:
        raise ValueError(f"cost_grid needs two inputs (X of shape (m, 2)), got {X.shape}")
    y = check_y(y, X.shape[0])
    losses._check_binary_targets(y)  # the same check binary_cross_entropy_with_logits makes
    w1, w2 = np.meshgrid(_axis(lim, n), _axis(lim, n))
    XW = X @ np.vstack([w1.ravel(), w2.ravel()])  # (m, n·n): x·w of every example, every w

    def at(b) -> np.ndarray:
        ell = losses._bce_logits(XW + as_real(b, "b"), y[:, None])  # stable softplus(z) − yz
        return ell.mean(axis=0).reshape(n, n)

    return at


def cost_grid(X, y, b, lim: float = 4.0, n: int = 60) -> np.ndarray:
    r"""J(w_1, w_2; b) on an n×n grid of weights over [−lim, lim]², rows along w₂ (for imshow)."""
    return cost_landscape(X, y, lim, n)(b)


def boundary_segment(w, b, lim: float = 3.5) -> tuple[np.ndarray, np.ndarray]:
    """Two points of the line w₁x₁ + w₂x₂ + b = 0 spanning [−lim, lim]; empty arrays if w = 0."""
    w = check_w(w, 2)
    b = as_real(b, "b")
    t = np.array([-lim, lim])
    if max(abs(w[0]), abs(w[1])) < 1e-12:  # a = σ(b) everywhere: no boundary
        return np.array([]), np.array([])
    if abs(w[1]) >= abs(w[0]):  # solve for x₂ (never divides by a small number)
        return t, -(w[0] * t + b) / w[1]
    return -(w[1] * t + b) / w[0], t
