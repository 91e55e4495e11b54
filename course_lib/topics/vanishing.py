r"""07 — vanishing and exploding gradients: the deep test networks and their per-layer measurements.

A deep network here is ``[n_in, width, ..., width, 1]`` with ``depth`` weight layers, one hidden
activation and a sigmoid output (binary cross-entropy). Per layer l = 1..L it reports

* ‖dW_l‖ = ‖A_{l-1}^\top δ_l‖ (Frobenius), the gradient of the layer's weights, and
* ‖δ_l‖ = ‖∂J/∂Z_l‖, the error signal that backpropagation carries down to layer l.

:func:`deep_mlp` builds the network (any initializer of :data:`INITIALIZERS`, weights scaled),
:func:`gradient_profile` measures both norms per layer, :func:`per_layer_factor` is the mean
factor per layer, :func:`relative_updates` trains a copy and reports how much each layer moved.
:func:`activation_spread` measures the forward signal: how much each hidden layer's output still
varies from one input to the next; :func:`layer_statistics` collects, from plain weight and bias
lists, each sigmoid hidden layer's mean activation, that spread and its saturated share.
:func:`sigmoid_backward` is the reference solution of the notebook's debugging exercise: a whole
backward pass written out for an all-sigmoid network (the library's own is ``nn.network_backward``).

**The rescue.** :func:`layer_norm_forward` / :func:`layer_norm_backward` normalize each example's
units; :func:`deep_forward` / :func:`deep_backward` run a deep network whose hidden layers may add
a residual connection, A_l = A_{l-1} + f(Z_l), and a layer norm after it, built from ``nn``'s
layer functions; :func:`deep_gradients` gives its cost and gradients; :func:`global_norm` and
:func:`clip_by_global_norm` measure and rescale a too large gradient; :func:`train_deep` trains
such a network by gradient descent (optionally clipped).
These serve notebook 07; the plots are in :mod:`course_lib.plotting.vanishing`, the gradient-flow
explorer in :mod:`course_lib.widgets.vanishing`, the checkers in :mod:`course_lib.exercises.vanishing`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from course_lib import activations, nn
from course_lib._validate import as_float_array, as_positive_int, as_real

__all__ = [
    "CEIL",
    "FLOOR",
    "INITIALIZERS",
    "SATURATED",
    "activation_spread",
    "clip_by_global_norm",
    "deep_backward",
    "deep_forward",
    "deep_gradients",
    "deep_mlp",
    "deep_params",
    "global_norm",
    "gradient_profile",
    "layer_norm_backward",
    "layer_norm_forward",
    "layer_statistics",
    "per_layer_factor",
    "relative_updates",
    "sigmoid_backward",
    "train_deep",
]

SATURATED = 0.05  # a sigmoid output below 0.05 or above 0.95 counts as saturated (σ′ < 0.048 there)
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


def activation_spread(net: nn.MLP, X) -> np.ndarray:
    r"""How much each hidden layer's output varies across inputs: mean over units of std_i(A_l), l < L."""
    return np.array([A.std(axis=0).mean() for A in net.forward_pass(X).activations[:-1]])


def layer_statistics(weights, biases, X) -> np.ndarray:
    r"""Per sigmoid hidden layer l = 1..L−1 of the network (weights, biases): one row
    [mean of A_l, spread of A_l, saturated share of A_l], shape (L − 1, 3).

    A_0 = X, A_l = σ(A_{l-1} W_l + b_l); the last pair (the output layer) is not a hidden layer.
    The spread is the standard deviation over the examples (axis 0), averaged over the units, as
    in :func:`activation_spread`; saturated entries are a < SATURATED or a > 1 − SATURATED.
    """
    if len(weights) != len(biases) or len(weights) < 1:
        raise ValueError(
            f"weights and biases must be lists of the same length ≥ 1, got {len(weights)} and {len(biases)}"
        )
    sigmoid = activations.get("sigmoid")
    A = as_float_array(X, "X")
    rows = []
    for W, b in zip(weights[:-1], biases[:-1]):
        A = sigmoid(A @ W + b)
        saturated = (A < SATURATED) | (A > 1.0 - SATURATED)
        rows.append([A.mean(), A.std(axis=0).mean(), saturated.mean()])
    return np.array(rows, dtype=np.float64).reshape(-1, 3)


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


# ---------------------------------------------------------------- the rescue: norm, residual, clipping
def layer_norm_forward(Z, gamma, beta, eps: float = 1e-5):
    r"""\hat Z = (Z − μ)/\sqrt{v + ε} per row (μ, v: the row's mean and variance), out = γ ⊙ \hat Z + β.

    Z (m, n), γ and β (n,) -> out (m, n), cache.
    """
    Z = as_float_array(Z, "Z", copy=False)
    gamma = as_float_array(gamma, "gamma", copy=False)
    beta = as_float_array(beta, "beta", copy=False)
    if Z.ndim != 2 or Z.shape[1] < 2:
        raise ValueError(f"Z must have shape (m, n) with n ≥ 2 units to normalize over, got {Z.shape}")
    if gamma.shape != (Z.shape[1],) or beta.shape != (Z.shape[1],):
        raise ValueError(
            f"gamma and beta must have shape ({Z.shape[1]},), got {gamma.shape} and {beta.shape}"
        )
    if as_real(eps, "eps") <= 0:
        raise ValueError(f"eps must be > 0, got {eps}")
    inv_std = 1.0 / np.sqrt(Z.var(axis=1, keepdims=True) + eps)
    Z_hat = (Z - Z.mean(axis=1, keepdims=True)) * inv_std
    return gamma * Z_hat + beta, (Z_hat, inv_std, gamma)


def layer_norm_backward(dout, cache):
    r"""dẐ = dout ⊙ γ;  dZ = (dẐ − mean(dẐ) − Ẑ ⊙ mean(dẐ ⊙ Ẑ)) / \sqrt{v + ε} (means over each row's units);
    dγ = Σ_i dout ⊙ Ẑ, dβ = Σ_i dout. Returns (dZ, dγ, dβ)."""
    Z_hat, inv_std, gamma = cache
    dout = as_float_array(dout, "dout", copy=False)
    if dout.shape != Z_hat.shape:
        raise ValueError(f"dout must have the shape of Z {Z_hat.shape}, got {dout.shape}")
    dZ_hat = dout * gamma
    dZ = inv_std * (
        dZ_hat - dZ_hat.mean(axis=1, keepdims=True) - Z_hat * (dZ_hat * Z_hat).mean(axis=1, keepdims=True)
    )
    return dZ, (dout * Z_hat).sum(axis=0), dout.sum(axis=0)


def deep_params(net: nn.MLP, *, norm: bool = False) -> list[dict[str, np.ndarray]]:
    """Copies of ``net``'s weights as one dict per layer {"W", "b"}; with ``norm``, every hidden
    layer also gets a layer norm's γ = 1 and β = 0."""
    params = []
    for layer, (W, b) in enumerate(zip(net.weights, net.biases)):
        p = {"W": W.copy(), "b": b.copy()}
        if norm and layer < net.n_layers - 1:
            p["gamma"], p["beta"] = np.ones(W.shape[1]), np.zeros(W.shape[1])
        params.append(p)
    return params


def _check_params(params) -> None:
    """One dict per layer with "W" and "b", and "gamma" with "beta" (or neither); a clear error otherwise."""
    if isinstance(params, dict) or len(params) < 1:
        raise ValueError("params must be a list with one dict per layer ({'W': …, 'b': …}), got none")
    for layer, p in enumerate(params, 1):
        if not isinstance(p, dict) or not {"W", "b"} <= set(p) or ("gamma" in p) != ("beta" in p):
            keys = sorted(p) if isinstance(p, dict) else type(p).__name__
            raise ValueError(
                f"params[{layer - 1}] (layer {layer}) must be a dict with 'W', 'b' and, for a layer norm, "
                f"both 'gamma' and 'beta'; got {keys}"
            )


def deep_forward(X, params, activation: str = "sigmoid", *, residual: bool = False):
    r"""Z_L of a deep network and one cache per layer. Hidden layer l: H = f(A_{l-1} W_l + b_l);
    with ``residual`` (layers 2..L−1, where the width does not change) H = A_{l-1} + f(…); then
    A_l = LayerNorm(H) if the layer has γ, β, else A_l = H. The last layer is dense: the logit Z_L."""
    _check_params(params)
    A, caches = X, []
    for layer, p in enumerate(params[:-1]):  # the hidden layers
        Z, dense_cache = nn.dense_forward(A, p["W"], p["b"])
        H, act_cache = nn.activation_forward(Z, activation)
        skip = residual and layer > 0 and H.shape == A.shape
        if skip:
            H = A + H
        norm_cache = None
        if "gamma" in p:
            H, norm_cache = layer_norm_forward(H, p["gamma"], p["beta"])
        A = H
        caches.append((dense_cache, act_cache, skip, norm_cache))
    Z, dense_cache = nn.dense_forward(A, params[-1]["W"], params[-1]["b"])  # the output layer: the logit
    caches.append((dense_cache, None, False, None))
    return Z, caches


def deep_backward(dZ, caches) -> list[dict[str, np.ndarray]]:
    r"""Gradients of every layer's parameters, layer 1 first, from dZ = ∂J/∂Z_L. Going down through
    hidden layer l: back through the norm (dH), then dZ_l = f'(Z_l) ⊙ dH, dA_{l-1} = dZ_l W_l^⊤,
    plus dH itself when the layer has a residual connection (the identity path)."""
    grads: list = [None] * len(caches)
    for layer in range(len(caches) - 1, -1, -1):
        dense_cache, act_cache, skip, norm_cache = caches[layer]
        grad = {}
        if act_cache is not None:  # a hidden layer: dZ holds dA_l here
            dH = dZ
            if norm_cache is not None:
                dH, grad["gamma"], grad["beta"] = layer_norm_backward(dH, norm_cache)
            dZ = nn.activation_backward(dH, act_cache)
        dA_below, grad["W"], grad["b"] = nn.dense_backward(dZ, dense_cache)
        if skip:
            dA_below = dA_below + dH  # the identity path hands dH down unchanged
        grads[layer] = grad
        dZ = dA_below  # dA_{l-1}, the input of the next step down
    return grads


def global_norm(grads) -> float:
    r"""\sqrt{Σ ‖g‖²} over every array of every layer's gradient dict (scaled by the largest |g|
    first, so that a gradient of 1e200 does not overflow when squared)."""
    arrays = [np.asarray(g, dtype=np.float64) for grad in grads for g in grad.values()]
    scale = max((float(np.max(np.abs(g))) for g in arrays if g.size), default=0.0)
    if scale == 0.0 or not np.isfinite(scale):
        return scale
    return scale * float(np.sqrt(sum(np.sum(np.square(g / scale)) for g in arrays)))


def clip_by_global_norm(grads, max_norm: float):
    r"""g ← g · min(1, c/‖g‖) with ‖g‖ the global norm of all gradients: the direction is kept,
    the length capped at c. Returns (new gradients, the norm before clipping)."""
    max_norm = as_real(max_norm, "max_norm")
    if max_norm <= 0:
        raise ValueError(f"max_norm must be > 0, got {max_norm}")
    norm = global_norm(grads)
    factor = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return [{k: factor * g for k, g in grad.items()} for grad in grads], norm


def deep_gradients(X, y, params, activation: str = "sigmoid", *, residual: bool = False):
    """(J, gradients) of a :func:`deep_forward` network with a sigmoid output and the mean BCE."""
    X = as_float_array(X, "X", copy=False)
    Y = as_float_array(y, "y").reshape(-1, 1)
    if Y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have one label per row of X ({X.shape[0]}), got {Y.shape[0]}")
    Z, caches = deep_forward(X, params, activation, residual=residual)
    _, J, out_cache = nn.output_forward(Z, Y, "sigmoid", "bce")
    return float(J), deep_backward(nn.output_backward(out_cache), caches)


def train_deep(
    params,
    X,
    y,
    *,
    activation: str = "sigmoid",
    residual: bool = False,
    eta: float,
    steps: int,
    clip: float | None = None,
):
    """Full-batch gradient descent (sigmoid output, mean BCE), clipped to global norm ``clip`` if given.

    Returns (trained params, J before each step, the global gradient norm before clipping at each
    step). ``params`` is not modified.
    """
    eta, steps = as_real(eta, "eta"), as_positive_int(steps, "steps")
    params = [{k: v.copy() for k, v in p.items()} for p in params]
    costs, norms = np.empty(steps), np.empty(steps)
    for step in range(steps):
        costs[step], grads = deep_gradients(X, y, params, activation, residual=residual)
        norms[step] = global_norm(grads)
        if clip is not None:
            grads, _ = clip_by_global_norm(grads, clip)
        params = [{k: v - eta * g[k] for k, v in p.items()} for p, g in zip(params, grads)]
    return params, costs, norms
