r"""09 — dying ReLU: dead units, per-layer measurements and a recording training loop (notebook 09).

A hidden unit j of a layer is **dead on a data set** X (m examples) when its pre-activation is
≤ 0 for every example: Z[i, j] ≤ 0 for all rows i of Z = A_prev @ W + b, shape (m, n). Then
ReLU(z) = 0 and ReLU′(z) = 0 (the left derivative at z = 0, as in PyTorch) on every example, so
the gradients of its incoming weights W[:, j], its bias b[j] and its outgoing weights are exactly 0.

"Inactive on one example" (Z[i, j] ≤ 0 for one i) is ordinary ReLU sparsity; "dead" means
inactive on **all** of them. For Leaky ReLU, PReLU and ELU the same units (z ≤ 0 everywhere)
still get a gradient, α or α·e^z times the incoming one; the helpers count them all the same.

:func:`dead_fractions` counts the dead units of every hidden layer of a network;
:func:`dead_units_per_layer` does the same from plain lists of weights and biases.

The plots are in :mod:`course_lib.plotting.dying_relu`, the explorer in
:mod:`course_lib.widgets.dying_relu`, the checkers in :mod:`course_lib.exercises.dying_relu`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from course_lib import nn

__all__ = [
    "Record",
    "dead_fraction",
    "dead_fractions",
    "dead_units",
    "dead_units_per_layer",
    "inactive_fraction",
    "mean_cosine",
    "prelu_alpha_grad",
    "small_net",
    "train_recording",
    "unit_activity",
]


# ---------------------------------------------------------------- measurements on one layer
def _as_Z(Z) -> np.ndarray:
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim != 2:
        raise ValueError(f"Z must have shape (m examples, n units), got shape {Z.shape}")
    return Z


def dead_units(Z) -> np.ndarray:
    r"""Boolean mask of shape (n,): unit j is dead when Z[i, j] ≤ 0 for every example i."""
    return np.all(_as_Z(Z) <= 0, axis=0)


def dead_fraction(Z) -> float:
    r"""Fraction of the n units (columns of Z, shape (m, n)) that are ≤ 0 on all m examples."""
    return float(np.mean(dead_units(Z)))


def inactive_fraction(Z) -> float:
    r"""Fraction of all entries Z[i, j] ≤ 0: how often a unit is off on one example (sparsity)."""
    return float(np.mean(_as_Z(Z) <= 0))


def unit_activity(Z) -> np.ndarray:
    r"""Per unit, the fraction of examples on which it is active (z > 0); 0 means dead."""
    return np.mean(_as_Z(Z) > 0, axis=0)


def prelu_alpha_grad(dA, Z) -> float:
    r"""∂J/∂α of one PReLU layer whose units share one α: Σ_{i,j} dA[i, j] · min(0, Z[i, j]).

    ``dA`` = ∂J/∂A and ``Z`` (both (m, n)) are the layer's incoming gradient and pre-activations.
    f(z) = z for z ≥ 0 does not depend on α, and ∂(αz)/∂α = z for z < 0, hence min(0, z); the
    sum runs over examples and units, as α is shared (``nn.prelu_backward`` computes the same).
    """
    Z = _as_Z(Z)
    return float(np.sum(np.asarray(dA, dtype=np.float64) * np.minimum(Z, 0.0)))


def dead_fractions(net: nn.MLP, X) -> np.ndarray:
    """The dead fraction of every hidden layer of ``net`` on X (index 0 = first hidden layer)."""
    return np.array([dead_fraction(Z) for Z in net.forward_pass(X).zs[:-1]])


def dead_units_per_layer(weights, biases, X) -> np.ndarray:
    r"""The dead fraction of every hidden ReLU layer of the network (weights, biases) on X.

    Z_l = A_{l-1} W_l + b_l with A_0 = X and A_l = ReLU(Z_l); the last pair is the output layer
    and gets no entry, so the result has length L − 1 (index 0 = first hidden layer).
    """
    if len(weights) != len(biases) or len(weights) < 1:
        raise ValueError(
            f"weights and biases must be lists of the same length ≥ 1, got {len(weights)} and {len(biases)}"
        )
    A = np.array(X, dtype=np.float64)
    fractions = []
    for W, b in zip(weights[:-1], biases[:-1]):
        Z = A @ W + b
        fractions.append(dead_fraction(Z))
        A = np.maximum(Z, 0.0)
    return np.array(fractions, dtype=np.float64)


def mean_cosine(A) -> float:
    r"""Mean cosine similarity cos(a_i, a_k) over pairs of different rows (examples) of A.

    Rows that are all zero have no direction and are left out (nan if fewer than 2 remain).
    """
    A = _as_Z(A)
    norms = np.linalg.norm(A, axis=1)
    U = A[norms > 0] / norms[norms > 0, None]
    m = U.shape[0]
    if m < 2:
        return float("nan")
    s = U.sum(axis=0)
    return float((s @ s - m) / (m * (m - 1)))  # Σ_{i≠k} u_i·u_k = |Σ u_i|² − Σ |u_i|²


# ---------------------------------------------------------------- networks and training
def small_net(
    hidden: str = "relu",
    *,
    alpha: float | None = None,
    bias: float = 0.0,
    seed: int = 0,
    sizes: Sequence[int] = (2, 32, 32, 32, 1),
) -> nn.MLP:
    """An MLP with He-normal weights, hidden biases ``bias`` and a sigmoid output, from its own seed.

    The same ``seed`` and ``sizes`` give the same initial weights whatever ``hidden`` is, so
    activations can be compared from one starting point. ``alpha`` sets the activation's α
    (Leaky ReLU's slope, PReLU's initial slope, ELU's scale); None keeps the default.
    """
    params = {} if alpha is None else {"alpha": alpha}
    return nn.MLP(
        list(sizes),
        hidden=hidden,
        output="sigmoid",
        init="he_normal",
        rng=np.random.default_rng(seed),
        hidden_params=params,
        bias=bias,
    )


@dataclass
class Record:
    """What :func:`train_recording` saw, epoch by epoch (row t = before step t; last row = the end).

    ``cost`` (T,), ``grad_norms`` (T, L) = ‖dW_l‖ before each step, ``dead`` (T+1, H) the dead
    fraction per hidden layer, ``alphas`` (T+1, H) PReLU's α per hidden layer (None otherwise).
    ``diverged``: training stopped early because the weights blew up (T is then the steps done).
    """

    cost: np.ndarray
    grad_norms: np.ndarray
    dead: np.ndarray
    alphas: np.ndarray | None
    diverged: bool

    @property
    def epochs(self) -> int:
        return len(self.cost)


def train_recording(
    net: nn.MLP, X, y, *, eta: float, epochs: int, loss: str = "bce", limit: float = 1e6
) -> Record:
    """Full-batch gradient descent on ``net`` (in place), recording cost, dead fractions, ‖dW_l‖, α.

    One step per epoch: ``inspect`` (forward and backward pass), then ``net.step(grads, eta)``.
    Stops early, with ``diverged=True``, when a weight's magnitude exceeds ``limit`` (long before
    anything overflows), so a too-large learning rate is reported instead of producing inf.
    """
    cost, norms, dead = [], [], []
    alphas = [] if net.alphas is not None else None
    diverged = False
    for _ in range(epochs):
        inspection = net.inspect(X, y, loss)
        cost.append(inspection.cost)
        norms.append(inspection.grad_norms)
        dead.append([dead_fraction(Z) for Z in inspection.zs[:-1]])
        if alphas is not None:
            alphas.append(list(net.alphas))
        net.step(inspection.grads, eta)
        if max(np.abs(W).max() for W in net.weights) > limit or not np.isfinite(inspection.cost):
            diverged = True
            break
    if not diverged:
        dead.append(list(dead_fractions(net, X)))
        if alphas is not None:
            alphas.append(list(net.alphas))
    H = net.n_hidden
    return Record(
        cost=np.array(cost),
        grad_norms=np.array(norms).reshape(-1, net.n_layers),
        dead=np.array(dead).reshape(-1, H),
        alphas=None if alphas is None else np.array(alphas).reshape(-1, H),
        diverged=diverged,
    )
