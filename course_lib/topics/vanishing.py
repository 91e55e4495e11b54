r"""07 — vanishing and exploding gradients: the deep test networks and their per-layer measurements.

A deep network here is ``[n_in, width, ..., width, 1]`` with ``depth`` weight layers, one hidden
activation and a sigmoid output (binary cross-entropy). Per layer l = 1..L it reports

* ‖dW_l‖ = ‖A_{l-1}^\top δ_l‖ (Frobenius), the gradient of the layer's weights, and
* ‖δ_l‖ = ‖∂J/∂Z_l‖, the error signal that backpropagation carries down to layer l.

:func:`deep_mlp` builds the network (any initializer of :data:`INITIALIZERS`, weights scaled),
:func:`gradient_profile` measures both norms per layer, :func:`per_layer_factor` is the mean
factor per layer, :func:`relative_updates` trains a copy and reports how much each layer moved.
:func:`sigmoid_backward` is the reference solution of the notebook's debugging exercise: a whole
backward pass written out for an all-sigmoid network (the library's own is ``nn.network_backward``).
These serve notebook 07; the plots are in :mod:`course_lib.plotting.vanishing`, the gradient-flow
explorer in :mod:`course_lib.widgets.vanishing`, the checkers in :mod:`course_lib.exercises.vanishing`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from course_lib import activations, nn

__all__ = [
    "CEIL",
    "FLOOR",
    "INITIALIZERS",
    "deep_mlp",
    "gradient_profile",
    "per_layer_factor",
    "relative_updates",
    "sigmoid_backward",
]

FLOOR, CEIL = 1e-70, 1e70  # the fixed range of the log-scale plots; values beyond are drawn at the edge

# label -> (initializer name, its parameters). "N(0, 1)" is the old "just draw random weights" recipe.
INITIALIZERS: Mapping[str, tuple[str, dict]] = {
    "N(0, 1)": ("normal", {"sigma": 1.0}),
    "Glorot uniform": ("glorot_uniform", {}),
    "He normal": ("he_normal", {}),
    "LeCun normal": ("lecun_normal", {}),
}


def deep_mlp(
    depth: int,
    activation: str = "sigmoid",
    init: str = "Glorot uniform",
    scale: float = 1.0,
    *,
    rng: np.random.Generator,
    width: int = 32,
    n_in: int = 2,
) -> nn.MLP:
    """An MLP with ``depth`` weight layers [n_in, width, …, width, 1], sigmoid output, W ← scale·W.

    ``init`` is a key of :data:`INITIALIZERS` or any initializer name of ``course_lib``.
    """
    if depth < 1:
        raise ValueError(f"depth must be at least 1, got {depth}")
    name, params = INITIALIZERS.get(init, (init, {}))
    net = nn.MLP(
        [n_in] + [width] * (depth - 1) + [1],
        hidden=activation,
        output="sigmoid",
        init=name,
        rng=rng,
        init_params=params,
    )
    net.weights = [scale * W for W in net.weights]
    return net


def gradient_profile(net: nn.MLP, X, y, loss: str = "bce") -> tuple[np.ndarray, np.ndarray]:
    """(‖dW_l‖, ‖δ_l‖) for l = 1..L from one forward and backward pass (index 0 = first layer)."""
    inspection = net.inspect(X, y, loss)
    return inspection.grad_norms, np.array([np.linalg.norm(dZ) for dZ in inspection.dzs])


def per_layer_factor(norms) -> float:
    r"""The mean factor per layer going down the network: (n_1 / n_L)^{1/(L-1)} (geometric mean)."""
    norms = np.asarray(norms, dtype=np.float64)
    if norms.ndim != 1 or norms.size < 2:
        raise ValueError(f"norms must hold one value per layer, at least 2, got shape {norms.shape}")
    return float(np.exp(np.log(norms[0] / norms[-1]) / (norms.size - 1)))


def relative_updates(
    net: nn.MLP, X, y, *, eta: float, steps: int, loss: str = "bce"
) -> tuple[np.ndarray, np.ndarray]:
    """Train a copy of ``net``; return ‖W_l(T) − W_l(0)‖ / ‖W_l(0)‖ per layer and the cost history."""
    trained = net.copy()
    history = trained.fit(X, y, loss=loss, eta=eta, epochs=steps)
    change = np.array(
        [np.linalg.norm(W1 - W0) / np.linalg.norm(W0) for W0, W1 in zip(net.weights, trained.weights)]
    )
    return change, history


def sigmoid_backward(weights, biases, X, y) -> list[tuple[np.ndarray, np.ndarray]]:
    r"""[(dW_l, db_l)], layer 1 first, for sigmoid layers throughout and J = mean binary cross-entropy.

    Forward Z_l = A_{l-1} W_l + b_l, A_l = σ(Z_l); backward δ_L = (A_L − y)/m, then
    δ_l = (δ_{l+1} W_{l+1}^\top) ⊙ σ'(Z_l), dW_l = A_{l-1}^\top δ_l, db_l = Σ_i δ_l.
    """
    sigmoid = activations.get("sigmoid")
    A = np.asarray(X, dtype=np.float64)
    inputs, zs = [], []
    for W, b in zip(weights, biases):
        inputs.append(A)
        zs.append(A @ W + b)
        A = sigmoid(zs[-1])
    dZ = (A - np.asarray(y, dtype=np.float64).reshape(-1, 1)) / A.shape[0]
    grads = []
    for layer in range(len(weights) - 1, -1, -1):
        grads.append((inputs[layer].T @ dZ, dZ.sum(axis=0)))
        if layer > 0:
            dZ = (dZ @ weights[layer].T) * sigmoid.grad(zs[layer - 1])
    return grads[::-1]
