r"""Backpropagation and gradient checking, the topic of notebook 04 (``04_backpropagation``).

What the notebook, its computational-graph figure (:mod:`course_lib.widgets.backprop`) and its
checkers (:mod:`course_lib.exercises.backprop`) compute; the plots are in
:mod:`course_lib.plotting.backprop`.

* :func:`two_path_network`: the scalar network x → h1 → {h2, h3} → ŷ of notebook 04, every
  forward value and every ∂e/∂(·), for e = (y − ŷ)²; :func:`central_dw1` checks its ∂e/∂w1 by a
  central difference, :func:`graph_labels` and :func:`edge_width` say what the drawn graph shows.
* A two-layer network (tanh hidden layer, sigmoid output, binary cross-entropy) with parameters
  in a dict ``{"W1", "b1", "W2", "b2"}``: :func:`two_layer_loss`, :func:`two_layer_backward`,
  :func:`buggy_two_layer_backward` (one deliberate bug, for the find-the-bug exercise) and
  :func:`gradient_check_report` (worst relative error per parameter).
* :func:`finite_difference_errors`: the error of a finite difference as a function of the step h.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from course_lib import activations, losses
from course_lib._validate import as_float_array, as_real, check_rng
from course_lib.gradcheck import numerical_derivative, numerical_gradient, relative_error

__all__ = [
    "EDGES",
    "PARAM_NAMES",
    "TWO_PATH_DEFAULTS",
    "buggy_two_layer_backward",
    "central_dw1",
    "edge_width",
    "finite_difference_errors",
    "format_gradient",
    "gradient_check_report",
    "graph_labels",
    "two_layer_backward",
    "two_layer_loss",
    "two_layer_problem",
    "two_path_network",
]

sigmoid = activations.get("sigmoid")  # buggy_two_layer_backward's printed source calls it by this name
_sigmoid = sigmoid

# ---------------------------------------------------------------- the two-path network
TWO_PATH_DEFAULTS = {"x": 0.8, "w1": 0.6, "w2": -1.2, "w3": 0.9, "w4": 1.0, "w5": 0.6, "y": 1.0}


def two_path_network(
    x: float, w1: float, w2: float, w3: float, w4: float, w5: float, y: float = 1.0
) -> dict[str, float]:
    r"""Forward and backward pass of x → h1 → {h2, h3} → ŷ (sigmoid units, no biases), e = (y − ŷ)².

    z1 = w1 x, a1 = σ(z1); z2 = w2 a1, a2 = σ(z2); z3 = w3 a1, a3 = σ(z3);
    z4 = w4 a2 + w5 a3, ŷ = a4 = σ(z4). Keys: the forward values ``z1``…``a4``, ``e``; the
    gradients ``de_da4``, ``de_dz4``, ``de_da2``…``de_dz1``, ``de_dx``, ``de_dw1``…``de_dw5``;
    and the two path terms of ∂e/∂w1, ``path_h2`` and ``path_h3`` (they sum to ``de_dw1``).
    """
    x, w1, w2, w3, w4, w5, y = (
        as_real(v, n) for v, n in zip((x, w1, w2, w3, w4, w5, y), ("x", "w1", "w2", "w3", "w4", "w5", "y"))
    )
    s, ds = _sigmoid.f, _sigmoid.df
    v: dict[str, float] = {}
    v["z1"] = w1 * x
    v["a1"] = float(s(v["z1"]))
    v["z2"], v["z3"] = w2 * v["a1"], w3 * v["a1"]
    v["a2"], v["a3"] = float(s(v["z2"])), float(s(v["z3"]))
    v["z4"] = w4 * v["a2"] + w5 * v["a3"]
    v["a4"] = float(s(v["z4"]))
    v["e"] = (y - v["a4"]) ** 2
    # backward: each ∂e/∂(node) is ∂e/∂(its output) times one local derivative
    v["de_da4"] = -2.0 * (y - v["a4"])
    v["de_dz4"] = v["de_da4"] * float(ds(v["z4"]))
    v["de_dw4"], v["de_dw5"] = v["de_dz4"] * v["a2"], v["de_dz4"] * v["a3"]
    v["de_da2"], v["de_da3"] = v["de_dz4"] * w4, v["de_dz4"] * w5
    v["de_dz2"] = v["de_da2"] * float(ds(v["z2"]))
    v["de_dz3"] = v["de_da3"] * float(ds(v["z3"]))
    v["de_dw2"], v["de_dw3"] = v["de_dz2"] * v["a1"], v["de_dz3"] * v["a1"]
    v["de_da1"] = v["de_dz2"] * w2 + v["de_dz3"] * w3  # two paths meet at a1: add them
    v["de_dz1"] = v["de_da1"] * float(ds(v["z1"]))
    v["de_dw1"] = v["de_dz1"] * x
    v["de_dx"] = v["de_dz1"] * w1
    local = float(ds(v["z1"])) * x  # ∂a1/∂z1 · ∂z1/∂w1, shared by both paths
    v["path_h2"] = v["de_dz2"] * w2 * local
    v["path_h3"] = v["de_dz3"] * w3 * local
    return v


# each weight of the two-path network: (the node it leaves, the node it enters)
EDGES = {"w1": ("x", "h1"), "w2": ("h1", "h2"), "w3": ("h1", "h3"), "w4": ("h2", "out"), "w5": ("h3", "out")}


def format_gradient(g: float) -> str:
    """How the graph prints a gradient: 4 significant digits (the notebook asserts against this)."""
    return f"{g:.4g}"


def graph_labels(v: Mapping[str, float], w: Mapping[str, float], check: float | None = None) -> dict:
    """What the graph prints, as strings: ``{"fwd": {name: text}, "bwd": {name: text}, "footer": text}``.

    ``v`` is :func:`two_path_network`'s result for the weights ``w``; ``check`` a central
    difference of ∂e/∂w1, shown in the footer when given. Names: ``x``, ``w1``…``w5``, the nodes
    ``h1``, ``h2``, ``h3``, ``out`` (and ``e`` among the forward values).
    """
    g = format_gradient
    fwd, bwd = {}, {}
    fwd["x"], bwd["x"] = f"x = {w['x']:.2f}", f"∂e/∂x = {g(v['de_dx'])}"
    for name in EDGES:
        fwd[name] = f"{name} = {w[name]:.2f}"
        bwd[name] = f"∂e/∂{name} = {g(v['de_d' + name])}"
    for name, k in (("h1", "1"), ("h2", "2"), ("h3", "3"), ("out", "4")):
        fwd[name] = f"z{k} = {v['z' + k]:.3f}\na{k} = {v['a' + k]:.4f}"
        bwd[name] = f"∂e/∂a{k} = {g(v['de_da' + k])}\n∂e/∂z{k} = {g(v['de_dz' + k])}"
    fwd["e"] = f"target y = {w['y']:g}\ne = (y − ŷ)²\n= {v['e']:.4f}"
    footer = f"∂e/∂w1 = path via h2 ({g(v['path_h2'])}) + path via h3 ({g(v['path_h3'])}) = {g(v['de_dw1'])}"
    if check is not None:
        footer += f"      central difference: {g(check)}"
    return {"fwd": fwd, "bwd": bwd, "footer": footer}


def edge_width(gradient: float) -> float:
    """An edge's line width for its ∂e/∂w: 1 + 40 |∂e/∂w|, at most 7."""
    return 1.0 + min(40.0 * abs(gradient), 6.0)


def central_dw1(w: Mapping[str, float], h: float = 1e-5) -> float:
    """∂e/∂w1 of the two-path network by a central difference (step ``h``), for the weights ``w``.

    ``w`` holds every argument of :func:`two_path_network` (as :data:`TWO_PATH_DEFAULTS` does); the
    graph's footer shows this number beside the backpropagated ∂e/∂w1.
    """
    plus = two_path_network(**{**w, "w1": w["w1"] + h})["e"]
    minus = two_path_network(**{**w, "w1": w["w1"] - h})["e"]
    return (plus - minus) / (2.0 * h)


# ---------------------------------------------------------------- a two-layer network
PARAM_NAMES = ("W1", "b1", "W2", "b2")


def two_layer_problem(rng: np.random.Generator, m: int = 6, n_in: int = 3, n_hidden: int = 4):
    """Random parameters ``{"W1", "b1", "W2", "b2"}``, inputs X (m, n_in) and labels y (m, 1) in {0, 1}.

    Weights are N(0, 1), so the tanh units work away from their linear middle.
    """
    check_rng(rng)
    params = {
        "W1": rng.normal(size=(n_in, n_hidden)),
        "b1": rng.normal(scale=0.5, size=n_hidden),
        "W2": rng.normal(size=(n_hidden, 1)),
        "b2": rng.normal(scale=0.5, size=1),
    }
    X = rng.normal(size=(m, n_in))
    y = (rng.random((m, 1)) < 0.5).astype(np.float64)
    return params, X, y


def _two_layer_forward(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = A1 @ params["W2"] + params["b2"]
    return Z1, A1, Z2, _sigmoid.f(Z2)


def two_layer_loss(params: Mapping[str, np.ndarray], X, y) -> float:
    r"""J = (1/m) Σ BCE(σ(Z2), y), with Z2 = tanh(X W1 + b1) W2 + b2 (computed from the logits)."""
    X, y = as_float_array(X, "X"), as_float_array(y, "y")
    _, _, Z2, _ = _two_layer_forward(params, X)
    return float(np.mean(losses.binary_cross_entropy_with_logits(Z2, y)))


def two_layer_backward(params: Mapping[str, np.ndarray], X, y) -> dict[str, np.ndarray]:
    r"""∂J/∂W1, ∂J/∂b1, ∂J/∂W2, ∂J/∂b2 of :func:`two_layer_loss`, by backpropagation."""
    m = X.shape[0]
    _, A1, _, A2 = _two_layer_forward(params, X)
    dZ2 = (A2 - y) / m  # sigmoid + BCE: ∂ℓ/∂z = a − y; the 1/m of the mean
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ params["W2"].T
    dZ1 = dA1 * (1 - A1**2)  # tanh'(z) = 1 − tanh²(z), and A1 = tanh(Z1)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def buggy_two_layer_backward(params, X, y):
    """A backward pass for two_layer_loss with one deliberate bug. Find it with a gradient check."""
    m = X.shape[0]
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    Z1 = X @ W1 + b1
    A1 = np.tanh(Z1)
    Z2 = A1 @ W2 + b2
    A2 = sigmoid(Z2)
    dZ2 = (A2 - y) / m
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * (1 - Z1**2)
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def gradient_check_report(
    loss: Callable, backward: Callable, params: Mapping[str, np.ndarray], X, y, h: float = 1e-5
) -> dict[str, float]:
    """The worst relative error between ``backward`` and central differences of ``loss``, per parameter."""
    analytic = backward(params, X, y)
    report = {}
    for name, value in params.items():

        def J(v, name=name):
            return loss({**params, name: v}, X, y)

        numeric = numerical_gradient(J, value, h)
        report[name] = float(np.max(relative_error(analytic[name], numeric)))
    return report


# ---------------------------------------------------------------- choosing h
def finite_difference_errors(f: Callable, x, dfdx, hs) -> tuple[np.ndarray, np.ndarray]:
    """Median relative error over the points x of the central and one-sided differences, per step h.

    ``f`` is elementwise, ``dfdx`` its exact derivative at x. Central: (f(x+h) − f(x−h)) / 2h
    (:func:`course_lib.gradcheck.numerical_derivative`); one-sided: (f(x+h) − f(x)) / h.
    """
    x = as_float_array(x, "x")
    exact = np.broadcast_to(as_float_array(dfdx, "dfdx"), x.shape)
    central, forward = [], []
    for h in as_float_array(hs, "hs").ravel():
        central.append(np.median(relative_error(exact, numerical_derivative(f, x, h))))
        forward.append(np.median(relative_error(exact, (np.asarray(f(x + h)) - np.asarray(f(x))) / h)))
    return np.array(central), np.array(forward)
