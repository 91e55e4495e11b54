"""11 — build and train your own network: the reference pieces with the notebook's conventions.

The notebook's pieces pass small, explicit caches between forward and backward:

* dense layer: ``dense_forward(X, W, b) -> (Z, (X, W))``, ``dense_backward(dZ, (X, W)) -> (dX, dW, db)``;
* activation: ``activation_forward(Z, name) -> (A, (Z, name))``, ``activation_backward(dA, (Z, name))``;
* output layer and cost: ``output_forward(Z, Y, output) -> (A, J, (A, Y))`` for ``"sigmoid"``
  (with binary cross-entropy) or ``"softmax"`` (with cross-entropy); ``output_backward((A, Y))``
  is the fused ∂J/∂Z = (A − Y)/m;
* the network: ``params`` is a list of ``(W, b)``; ``network_forward(X, params, hidden)`` returns
  Z_L and one cache ``(dense_cache, activation_cache)`` per layer (the last one's activation cache
  is None); ``network_backward(dZ, caches)`` returns ``[(dW, db), ...]`` in layer order.

These are the exercises' reference solutions, written with NumPy as a student would (the
checkers compare every piece with :mod:`course_lib.nn` too). :func:`mine_or_library` lets a notebook cell
use the student's function when it is written and the library's while it still raises
``NotImplementedError``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from course_lib import activations

__all__ = [
    "LOSS_OF",
    "accuracy",
    "activation_backward",
    "activation_forward",
    "dense_backward",
    "dense_forward",
    "init_params",
    "mine_or_library",
    "network_backward",
    "network_forward",
    "numerical_gradient",
    "output_backward",
    "output_forward",
    "predict",
    "train_minibatch",
]

LOSS_OF = {"sigmoid": "bce", "softmax": "ce"}  # the loss that goes with each output activation


def dense_forward(X, W, b):
    """Z = X W + b; the cache is (X, W)."""
    return X @ W + b, (X, W)


def dense_backward(dZ, cache):
    """(dX, dW, db) = (dZ Wᵀ, Xᵀ dZ, Σᵢ dZᵢ); dZ already holds the 1/m of the cost."""
    X, W = cache
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)


def activation_forward(Z, name: str):
    """A = f(Z) for the registry's activation ``name`` (default parameters); the cache is (Z, name)."""
    act = activations.get(name)
    return act.f(Z, **act.defaults), (Z, name)


def activation_backward(dA, cache):
    """dZ = dA ⊙ f'(Z)."""
    Z, name = cache
    act = activations.get(name)
    return dA * act.df(Z, **act.defaults)


CLIP = 1e-12  # A is clipped into [CLIP, 1 − CLIP] inside the logs


def output_forward(Z, Y, output: str):
    """A = sigmoid(Z) or softmax(Z), and the cost J = (1/m) Σ ℓ (BCE or CE); the cache is (A, Y)."""
    m = Z.shape[0]
    if output == "sigmoid":
        A = 1.0 / (1.0 + np.exp(-Z))
        Ac = np.clip(A, CLIP, 1 - CLIP)
        J = -np.sum(Y * np.log(Ac) + (1 - Y) * np.log(1 - Ac)) / m
    else:
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        A = E / E.sum(axis=1, keepdims=True)
        J = -np.sum(Y * np.log(np.clip(A, CLIP, 1.0))) / m
    return A, float(J), (A, Y)


def output_backward(cache):
    """The fused gradient ∂J/∂Z = (A − Y)/m."""
    A, Y = cache
    return (A - Y) / A.shape[0]


def network_forward(X, params, hidden: str):
    """Dense → activation for every hidden layer, then the last dense layer: (Z_L, caches)."""
    caches = []
    A = X
    for layer, (W, b) in enumerate(params):
        Z, dense_cache = dense_forward(A, W, b)
        if layer == len(params) - 1:
            caches.append((dense_cache, None))
            return Z, caches
        A, act_cache = activation_forward(Z, hidden)
        caches.append((dense_cache, act_cache))
    raise ValueError("a network needs at least one layer")


def network_backward(dZ, caches):
    """From dZ = ∂J/∂Z_L back to every layer: [(dW_1, db_1), ..., (dW_L, db_L)]."""
    grads = [None] * len(caches)
    for layer in range(len(caches) - 1, -1, -1):
        dense_cache, _ = caches[layer]
        dA, dW, db = dense_backward(dZ, dense_cache)
        grads[layer] = (dW, db)
        if layer > 0:
            dZ = activation_backward(dA, caches[layer - 1][1])
    return grads


def numerical_gradient(f: Callable, x, h: float = 1e-5) -> np.ndarray:
    """Central differences (f(x + h eᵢ) − f(x − h eᵢ)) / 2h for every entry of x; x is not changed."""
    x = np.asarray(x, dtype=np.float64)
    grad = np.empty_like(x)
    xp = x.copy()
    for i in np.ndindex(x.shape):
        xp[i] = x[i] + h
        plus = f(xp)
        xp[i] = x[i] - h
        minus = f(xp)
        xp[i] = x[i]
        grad[i] = (plus - minus) / (2 * h)
    return grad


def train_minibatch(params, X, Y, hidden, output, eta, epochs, batch_size, rng, pieces=None):
    """Mini-batch gradient descent: each epoch visits the examples in the order ``rng.permutation(m)``,
    in batches of ``batch_size`` (the last one may be smaller); one step W ← W − η dW per batch.

    Returns ``(params, costs)``: new arrays (``params`` is not changed) and the cost of every batch
    before its step. ``pieces`` (a dict of the five functions) replaces the reference pieces.
    """
    p = {
        "network_forward": network_forward,
        "output_forward": output_forward,
        "output_backward": output_backward,
        "network_backward": network_backward,
        **(pieces or {}),
    }
    params = [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in params]
    costs = []
    m = X.shape[0]
    for _ in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            idx = order[start : start + batch_size]
            Z, caches = p["network_forward"](X[idx], params, hidden)
            _, J, out_cache = p["output_forward"](Z, Y[idx], output)
            grads = p["network_backward"](p["output_backward"](out_cache), caches)
            params = [(W - eta * dW, b - eta * db) for (W, b), (dW, db) in zip(params, grads)]
            costs.append(float(J))
    return params, np.array(costs)


def init_params(sizes, rng, init: str = "he_normal"):
    """[(W, b)] for layer widths ``sizes``: W from the initializer, b = 0."""
    from course_lib import initializers

    return [(initializers.get(init)(a, b, rng), np.zeros(b)) for a, b in zip(sizes, sizes[1:])]


def predict(params, X, hidden: str, output: str) -> np.ndarray:
    """Class labels: σ(z) ≥ 0.5, i.e. z ≥ 0, for a sigmoid output; the arg-max for softmax."""
    Z, _ = network_forward(X, params, hidden)
    if output == "sigmoid":
        return (Z[:, 0] >= 0).astype(np.int64)
    return Z.argmax(axis=1)


def accuracy(params, X, y, hidden: str, output: str) -> float:
    """Fraction of examples whose predicted class is y."""
    return float(np.mean(predict(params, X, hidden, output) == np.asarray(y)))


def mine_or_library(mine: Callable, library: Callable) -> Callable:
    """A function that runs ``mine``, or ``library`` where ``mine`` still raises NotImplementedError.

    Its attribute ``used`` (a set) records whose code ran: ``"your"``, ``"the library's"``, or both.
    Any other error of ``mine`` is not caught: a wrong piece shows as it is.
    """

    def run(*args, **kwargs):
        try:
            result = mine(*args, **kwargs)
        except NotImplementedError:
            run.used.add("the library's")
            return library(*args, **kwargs)
        run.used.add("your")
        return result

    run.used = set()
    run.__name__ = getattr(mine, "__name__", "mine")
    return run
