r"""03 — the multilayer perceptron and XOR: the models and experiments of notebook 03.

A 2-h-1 network in the README's row-vector notation: X has shape (m, 2), W1 (2, h), b1 (h,),
W2 (h, 1), b2 (1,), and

    H = f(X @ W1 + b1),   a = σ(H @ W2 + b2).

Column j of W1 holds the weights *into* hidden unit j; row i the weights *from* input i.

Here: names of the 16 Boolean functions of two inputs, linear separability by a linear program
(why one unit reaches at most 75 % on XOR), the slides' hand-set weights as an ``nn.MLP``, the
geometry of the input square the figures show (a grid of points, a unit's line, a unit's or a
network's output on the grid), and ``train_many``, which trains one network per seed, all at
once, with ``nn.train`` (what ``nn.MLP.fit`` does for one), so the failure rate over 100 seeds
fits in a notebook's time budget. The plots are in :mod:`course_lib.plotting.xor`, the
slider figure in :mod:`course_lib.widgets.xor`, the checkers in :mod:`course_lib.exercises.xor`.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np

from course_lib import activations, datasets, nn
from course_lib._validate import as_float_array, as_positive_int, as_real

__all__ = [
    "BOOLEAN_NAMES",
    "LIM",
    "Runs",
    "best_linear_accuracy",
    "boolean_name",
    "boundary_segment",
    "input_grid",
    "is_linearly_separable",
    "label_offsets",
    "linear_labelings",
    "mlp_from_weights",
    "network_on_grid",
    "slide_weights",
    "train_many",
    "truth_table",
    "unit_on_grid",
    "xor_backward",
]

LIM = (-0.25, 1.25)  # the square every input-plane plot shows

# outputs on (0,0), (0,1), (1,0), (1,1) -> name
BOOLEAN_NAMES: dict[tuple[int, ...], str] = {
    (0, 0, 0, 0): "always 0",
    (0, 0, 0, 1): "AND",
    (0, 0, 1, 0): "x1 AND NOT x2",
    (0, 0, 1, 1): "x1",
    (0, 1, 0, 0): "x2 AND NOT x1",
    (0, 1, 0, 1): "x2",
    (0, 1, 1, 0): "XOR",
    (0, 1, 1, 1): "OR",
    (1, 0, 0, 0): "NOR",
    (1, 0, 0, 1): "XNOR",
    (1, 0, 1, 0): "NOT x2",
    (1, 0, 1, 1): "x1 OR NOT x2",
    (1, 1, 0, 0): "NOT x1",
    (1, 1, 0, 1): "x2 OR NOT x1",
    (1, 1, 1, 0): "NAND",
    (1, 1, 1, 1): "always 1",
}


# ---------------------------------------------------------------- Boolean functions
def truth_table(a, threshold: float = 0.5) -> tuple[int, ...]:
    """The outputs rounded to 0/1 (1 where a ≥ threshold), as a tuple."""
    a = as_float_array(a, "a").ravel()
    return tuple(int(v) for v in (a >= threshold))


def boolean_name(table) -> str:
    """The name of a two-input Boolean function from its outputs on (0,0), (0,1), (1,0), (1,1)."""
    key = tuple(int(v) for v in table)
    if key not in BOOLEAN_NAMES:
        raise ValueError(f"table must be four 0/1 values for (0,0), (0,1), (1,0), (1,1); got {table!r}")
    return BOOLEAN_NAMES[key]


# ---------------------------------------------------------------- linear separability
def is_linearly_separable(X, labels) -> bool:
    r"""Is there a line (hyperplane) w·x + b with w·xᵢ + b > 0 exactly where labelᵢ = 1?

    Decided exactly by a linear program: find w, b with sᵢ(w·xᵢ + b) ≥ 1, sᵢ = ±1. For finitely
    many points a strict separation can always be rescaled to margin 1, so the LP is feasible
    if and only if the labels are linearly separable.
    """
    X = as_float_array(X, "X")
    labels = as_float_array(labels, "labels").ravel()
    if X.ndim != 2 or labels.shape != (X.shape[0],):
        raise ValueError(f"X must have shape (m, n) and labels shape (m,); got {X.shape} and {labels.shape}")
    from scipy.optimize import linprog  # here, not at the top: scipy.optimize is slow to import

    s = np.where(labels > 0.5, 1.0, -1.0)
    A = -s[:, None] * np.column_stack([X, np.ones(len(X))])  # −sᵢ [xᵢ, 1] · [w, b] ≤ −1
    res = linprog(np.zeros(X.shape[1] + 1), A_ub=A, b_ub=-np.ones(len(X)), bounds=(None, None))
    if res.status not in (0, 2):  # 0 = feasible, 2 = infeasible
        raise RuntimeError(f"linear program failed: {res.message}")
    return res.status == 0


def linear_labelings(X) -> list[tuple[tuple[int, ...], bool]]:
    """All 2^m labelings of the rows of X, each with whether a line separates it."""
    X = as_float_array(X, "X")
    return [(lab, is_linearly_separable(X, lab)) for lab in product((0, 1), repeat=len(X))]


def best_linear_accuracy(X, y) -> float:
    """The best accuracy any linear threshold unit can reach on (X, y).

    The predictions of a unit ``w·x + b > 0`` on the points form a linearly separable labeling,
    and every separable labeling is some unit's predictions, so the best accuracy is the
    largest agreement between y and a separable labeling.
    """
    y = as_float_array(y, "y").ravel()
    return max(float(np.mean(np.array(lab) == y)) for lab, ok in linear_labelings(X) if ok)


# ---------------------------------------------------------------- the slides' network
def slide_weights() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The slides' hand-set XOR weights (W1, b1, W2, b2): h1 = OR, h2 = NAND, output = AND."""
    W1 = np.array([[20.0, -20.0], [20.0, -20.0]])  # column 0: OR unit, column 1: NAND unit
    b1 = np.array([-10.0, 30.0])
    W2 = np.array([[20.0], [20.0]])  # AND of the two hidden units
    b2 = np.array([-30.0])
    return W1, b1, W2, b2


def xor_backward(W1, b1, W2, b2, X, y):
    r"""(dW1, db1, dW2, db2) of the sigmoid-sigmoid network a = σ(σ(X W1 + b1) W2 + b2) for the
    mean binary cross-entropy J = (1/m) Σ ℓ, written out in NumPy (``nn.MLP.gradients`` computes
    the same with the library's layers). y has shape (m, n_out), or (m,) for one output.

    dZ2 = (a − y)/m,  dW2 = Hᵀ dZ2,  db2 = Σᵢ dZ2ᵢ,  dZ1 = (dZ2 W2ᵀ) ⊙ H ⊙ (1 − H),
    dW1 = Xᵀ dZ1,  db1 = Σᵢ dZ1ᵢ.
    """
    X, W1, W2 = as_float_array(X, "X"), as_float_array(W1, "W1"), as_float_array(W2, "W2")
    y = as_float_array(y, "y")
    y = y[:, None] if y.ndim == 1 else y
    sigmoid = activations.get("sigmoid")
    H = sigmoid(X @ W1 + b1)
    a = sigmoid(H @ W2 + b2)
    dZ2 = (a - y) / X.shape[0]
    dZ1 = (dZ2 @ W2.T) * H * (1 - H)
    return X.T @ dZ1, dZ1.sum(axis=0), H.T @ dZ2, dZ2.sum(axis=0)


def mlp_from_weights(W1, b1, W2, b2, hidden: str = "sigmoid", output: str = "sigmoid") -> nn.MLP:
    """An ``nn.MLP`` [n_in, h, n_out] holding copies of the given weights."""
    W1, b1 = as_float_array(W1, "W1"), as_float_array(b1, "b1").reshape(-1)
    W2, b2 = as_float_array(W2, "W2"), as_float_array(b2, "b2").reshape(-1)
    if W1.ndim != 2 or W2.ndim != 2 or W1.shape[1] != W2.shape[0]:
        raise ValueError(f"W1 must have shape (n_in, h) and W2 (h, n_out); got {W1.shape} and {W2.shape}")
    if b1.shape != (W1.shape[1],) or b2.shape != (W2.shape[1],):
        raise ValueError(f"b1 must have shape ({W1.shape[1]},) and b2 ({W2.shape[1]},)")
    net = nn.MLP([W1.shape[0], W1.shape[1], W2.shape[1]], hidden=hidden, output=output, init="zeros")
    net.weights, net.biases = [W1, W2], [b1, b2]
    return net


# ---------------------------------------------------------------- geometry
def input_grid(n: int = 101, lim=LIM) -> tuple[np.ndarray, list[float]]:
    """n×n points covering the square lim×lim as rows (x1, x2), and the imshow extent."""
    n = as_positive_int(n, "n")
    t = np.linspace(lim[0], lim[1], n)
    x1, x2 = np.meshgrid(t, t)  # row index = x2 (origin="lower"), column index = x1
    return np.column_stack([x1.ravel(), x2.ravel()]), [lim[0], lim[1], lim[0], lim[1]]


def boundary_segment(w, b, lim=LIM) -> tuple[np.ndarray, np.ndarray]:
    """The part of the line w1 x1 + w2 x2 + b = 0 inside the square lim×lim (empty if w = 0)."""
    w1, w2 = (as_real(v, "w") for v in as_float_array(w, "w").ravel())
    b = as_real(b, "b")
    t = np.array(lim, dtype=np.float64)
    if w1 == 0 and w2 == 0:
        return np.array([]), np.array([])
    if abs(w2) >= abs(w1):  # solve for x2: never divides by 0 and keeps the segment short
        return t, -(w1 * t + b) / w2
    return -(w2 * t + b) / w1, t


def label_offsets(P, lim) -> list[tuple[float, float, str]]:
    """(dx, dy, ha) in points for a label beside each point of P, inside the square lim×lim.

    Labels go left of points in the right part of the square and below points in its upper
    part; labels of points that (nearly) coincide are stacked instead of overlapping.
    """
    P = as_float_array(P, "P")
    mid = (lim[0] + lim[1]) / 2
    tol = 0.04 * (lim[1] - lim[0])
    out = []
    for k, (p1, p2) in enumerate(P):
        stacked = int(np.sum(np.all(np.abs(P[:k] - (p1, p2)) < tol, axis=1)))
        right, low = p1 > mid, p2 < mid
        dy = (5 + 9 * stacked) if low else (-10 - 9 * stacked)
        out.append((-8.0 if right else 8.0, float(dy), "right" if right else "left"))
    return out


def unit_on_grid(w, b, activation: str = "sigmoid", n: int = 101) -> tuple[np.ndarray, list[float]]:
    """One unit's output f(w·x + b) on the n×n :func:`input_grid`, shape (n, n) with row index x2
    (for ``imshow(..., origin="lower")``), and the imshow extent."""
    w = as_float_array(w, "w").ravel()
    G, extent = input_grid(n)
    return activations.get(activation)(G @ w + as_real(b, "b")).reshape(n, n), extent


def network_on_grid(net: nn.MLP, n: int = 101) -> tuple[np.ndarray, list[float]]:
    """A network's output a(x) on the n×n :func:`input_grid`, shape (n, n) with row index x2, and
    the imshow extent."""
    G, extent = input_grid(n)
    return net.forward(G)[:, 0].reshape(n, n), extent


# ---------------------------------------------------------------- many trainings at once
@dataclass
class Runs:
    """``len(seeds)`` 2-h-1 networks trained by full-batch gradient descent, stacked on axis 0."""

    hidden: str
    width: int
    seeds: np.ndarray
    eta: float
    epochs: int
    W1: np.ndarray  # (S, n_in, h)
    b1: np.ndarray  # (S, h)
    W2: np.ndarray  # (S, h, 1)
    b2: np.ndarray  # (S, 1)
    output: np.ndarray  # (S, m): each network's output on X after training
    loss: np.ndarray  # (S,): each network's cost J after training
    X: np.ndarray
    y: np.ndarray

    @property
    def accuracy(self) -> np.ndarray:
        """(S,): the fraction of the m examples each network classifies right (a ≥ 0.5 → 1)."""
        return np.mean((self.output >= 0.5) == self.y, axis=1)

    @property
    def solved(self) -> np.ndarray:
        """(S,) booleans: every output within 0.1 of its target (right, and confidently so)."""
        return np.all(np.abs(self.output - self.y) < 0.1, axis=1)

    @property
    def success_rate(self) -> float:
        """The fraction of the networks that solved the task (see ``solved``)."""
        return float(np.mean(self.solved))

    def net(self, i: int) -> nn.MLP:
        """Network number i (seed ``seeds[i]``) as an ``nn.MLP``."""
        return mlp_from_weights(self.W1[i], self.b1[i], self.W2[i], self.b2[i], hidden=self.hidden)

    def hidden_activations(self) -> np.ndarray:
        """(S, m, h): every network's hidden layer on X."""
        return activations.get(self.hidden)(self.X @ self.W1 + self.b1[:, None, :])

    def train_more(self, epochs: int) -> Runs:
        """The same networks after ``epochs`` more steps (a new Runs; self is unchanged)."""
        params = (self.W1, self.b1, self.W2, self.b2)
        return _train(self.X, self.y, self.hidden, self.seeds, params, self.eta, self.epochs, epochs)


def _initial(width, hidden, seeds, n_in, init):
    """Stacked initial (W1, b1, W2, b2) of nn.MLP([n_in, width, 1], ..., rng=default_rng(s)) per seed."""
    nets = [
        nn.MLP([n_in, width, 1], hidden=hidden, output="sigmoid", init=init, rng=np.random.default_rng(s))
        for s in seeds
    ]
    return [
        np.stack([getattr(n, attr)[layer] for n in nets])
        for layer in (0, 1)
        for attr in ("weights", "biases")
    ]


def _check_task(X, y, seeds):
    if X is None or y is None:
        X, y = datasets.xor()
    X = as_float_array(X, "X")
    y = as_float_array(y, "y").ravel()
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"X must have shape (m, n_in) and y shape (m,); got {X.shape} and {y.shape}")
    seeds = np.array([int(s) for s in seeds], dtype=np.int64)
    if seeds.size == 0:
        raise ValueError("seeds is empty: give at least one seed")
    return X, y, seeds


def train_many(
    width: int,
    hidden: str,
    seeds,
    eta: float = 1.0,
    epochs: int = 1000,
    X=None,
    y=None,
    init: str = "glorot_uniform",
) -> Runs:
    """Train one [n_in, width, 1] MLP (sigmoid output, BCE) per seed, all at once.

    Network s starts from ``nn.MLP([n_in, width, 1], hidden, "sigmoid", init,
    rng=np.random.default_rng(s))`` and takes ``epochs`` full-batch gradient-descent steps with
    learning rate ``eta``: the same computation as ``net.fit(X, y, "bce", eta, epochs)``, on a
    stack of networks instead of one (X, y default to the four XOR points).
    """
    X, y, seeds = _check_task(X, y, seeds)
    params = _initial(as_positive_int(width, "width"), hidden, seeds, X.shape[1], init)
    return _train(X, y, hidden, seeds, params, as_real(eta, "eta"), 0, as_positive_int(epochs, "epochs"))


def _train(X, y, hidden, seeds, params, eta, done, epochs) -> Runs:
    """``epochs`` steps of full-batch gradient descent (BCE) on one network per seed, all at once
    (:func:`course_lib.nn.train`), from the stacked weights ``params`` = (W1, b1, W2, b2)."""
    W1, b1, W2, b2 = params
    nets = [mlp_from_weights(W1[i], b1[i], W2[i], b2[i], hidden=hidden) for i in range(len(seeds))]
    nn.train(nets, X, y, loss="bce", eta=eta, epochs=epochs)
    W1, b1, W2, b2 = (
        np.stack([getattr(net, attr)[layer] for net in nets])
        for layer in (0, 1)
        for attr in ("weights", "biases")
    )
    output = np.stack([net.forward(X)[:, 0] for net in nets])  # (S, m)
    cost = np.array([net.loss(X, y, "bce") for net in nets])
    return Runs(hidden, W1.shape[2], seeds, eta, done + epochs, W1, b1, W2, b2, output, cost, X, y)
