r"""08 — weight initialization: deep test stacks and their per-layer statistics, for notebook 08.

A *stack* here is an MLP ``[n, n, ..., n]`` of ``depth`` square layers, every layer followed by
the same activation (no separate output layer), fed with standard-normal inputs X of shape
(m, n). It is the setting of the variance argument: layer l computes Z_l = A_{l-1} W_l and
A_l = f(Z_l), and we watch how the spread of Z_l and A_l changes with l.

* :data:`INITIALIZERS` maps readable labels ("Glorot uniform", "standard U[±1/√n]", ...) to
  library initializers; :func:`init_spec` resolves a label for a given fan-in;
  :func:`recommended_initializer` is the usual pairing of an activation with an initializer.
* :func:`deep_stack` builds the stack; :func:`signal_spread` measures the spread of Z_l and of
  the back-propagated δ_l = ∂J/∂Z_l per layer; :func:`signal_profile` the spread of A_l, from a
  plain list of weights; :func:`per_layer_ratio` is the mean factor per layer.
* :func:`gaussian_mean` is E[f(z)] for z ~ N(0, 1) (the expectations of the variance argument).
* :func:`histogram_outline` turns values into a step outline over the fixed bins :data:`EDGES`
  (for in-place updates); :func:`shown_layers` picks the layers a figure shows.

The plots are in :mod:`course_lib.plotting.initialization`, the histogram explorer in
:mod:`course_lib.widgets.initialization`, the checkers in :mod:`course_lib.exercises.initialization`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from course_lib import activations, nn
from course_lib._validate import as_float_array

__all__ = [
    "EDGES",
    "INITIALIZERS",
    "deep_stack",
    "gaussian_mean",
    "histogram_outline",
    "init_spec",
    "per_layer_ratio",
    "recommended_initializer",
    "shown_layers",
    "signal_profile",
    "signal_spread",
]

# label -> (library initializer, parameters). "standard" is Glorot & Bengio's name for the then
# common U[-1/√n, 1/√n] with n = fan_in; its limit depends on the fan-in (see init_spec).
INITIALIZERS: Mapping[str, tuple[str, dict]] = {
    "N(0, 0.01²)": ("normal", {"sigma": 0.01}),
    "N(0, 1)": ("normal", {"sigma": 1.0}),
    "standard U[±1/√n]": ("uniform", {}),
    "Glorot uniform": ("glorot_uniform", {}),
    "Glorot normal": ("glorot_normal", {}),
    "He normal": ("he_normal", {}),
    "He uniform": ("he_uniform", {}),
    "LeCun normal": ("lecun_normal", {}),
    "LeCun uniform": ("lecun_uniform", {}),
}

EDGES = np.linspace(-4.0, 4.0, 81)  # the fixed bins of every histogram (width 0.1)


def init_spec(label: str, fan_in: int) -> tuple[str, dict]:
    """(initializer name, parameters) for a label of :data:`INITIALIZERS` or a library name."""
    name, params = INITIALIZERS.get(label, (label, {}))
    if label == "standard U[±1/√n]":
        params = {"limit": 1.0 / math.sqrt(fan_in)}
    return name, dict(params)


def deep_stack(
    depth: int, activation: str = "tanh", init: str = "Glorot uniform", *, rng: np.random.Generator, width=100
) -> nn.MLP:
    """An MLP [width] * (depth + 1): ``depth`` square layers, each followed by ``activation``."""
    if depth < 1:
        raise ValueError(f"depth must be at least 1, got {depth}")
    name, params = init_spec(init, width)
    return nn.MLP(
        [width] * (depth + 1), hidden=activation, output=activation, init=name, rng=rng, init_params=params
    )


def signal_spread(net: nn.MLP, X, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    r"""(std(Z_l), std(δ_l)) for every layer l, from one forward and one backward pass.

    The backward pass starts from an error signal at the top that is random and independent of
    the weights, as the variance argument assumes: the MSE target is the network's own output
    minus standard-normal noise, so ∂J/∂A_L is proportional to that noise.
    """
    out = net.forward(X)
    inspection = net.inspect(X, out - rng.standard_normal(out.shape), "mse")
    return (
        np.array([Z.std() for Z in inspection.zs]),
        np.array([dZ.std() for dZ in inspection.dzs]),
    )


def signal_profile(X, weights, activation) -> np.ndarray:
    r"""std(A_l) over all entries of A_l, for l = 1..L: A_0 = X, A_l = f(A_{l-1} W_l) (no biases).

    ``weights`` is a list of matrices W_l (e.g. ``deep_stack(...).weights``); ``activation`` is a
    function f, such as ``activations.get("tanh")``, or the name of one in the registry.
    """
    f = activations.get(activation) if isinstance(activation, str) else activation
    if not callable(f):
        raise TypeError(f"activation must be a function or an activation's name, got {activation!r}")
    A = as_float_array(X, "X")
    stds = []
    for W in weights:
        A = f(A @ W)
        stds.append(A.std())
    return np.array(stds, dtype=np.float64)


def gaussian_mean(f, lo: float = -12.0, hi: float = 12.0, n: int = 200_000) -> float:
    r"""E[f(z); lo ≤ z ≤ hi] for z ~ N(0, 1): ∫_lo^hi f(z) φ(z) dz by the midpoint rule with n cells.

    The error is O(((hi − lo)/n)²) for smooth f, and a kink at a cell edge (0 for the default
    grid) costs nothing, because the midpoints never land on it. ``f`` must take arrays.
    """
    if not hi > lo:
        raise ValueError(f"need lo < hi, got lo={lo}, hi={hi}")
    h = (hi - lo) / n
    z = lo + h * (np.arange(n) + 0.5)
    return float(np.sum(f(z) * np.exp(-0.5 * z * z)) * h / math.sqrt(2.0 * math.pi))


def per_layer_ratio(values) -> float:
    r"""The mean factor from one layer to the next, (v_L / v_1)^{1/(L-1)} (a geometric mean)."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1 or values.size < 2:
        raise ValueError(f"values must hold one number per layer, at least 2, got shape {values.shape}")
    return float(np.exp(np.log(values[-1] / values[0]) / (values.size - 1)))


def recommended_initializer(activation: str) -> str:
    """The usual pairing (as in Keras' documentation and Géron's table): Glorot, He or LeCun."""
    if activation == "selu":
        return "lecun_normal"
    if activation in ("linear", "tanh", "sigmoid", "softmax"):
        return "glorot_uniform"
    return "he_normal"  # ReLU and its relatives


def shown_layers(depth: int, k: int = 8) -> np.ndarray:
    """Up to ``k`` layer numbers spread evenly over 1..depth, first and last included."""
    return np.unique(np.round(np.linspace(1, depth, min(k, depth))).astype(int))


def histogram_outline(values, edges=EDGES, height: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Step outline (x, y) of the histogram of ``values`` over equal bins ``edges``; tallest bin = ``height``.

    Values beyond the edges are counted in the outermost bins, so nothing disappears silently.
    """
    values = np.asarray(values, dtype=np.float64).ravel()
    inner = np.clip(values, edges[0], edges[-1])
    counts, _ = np.histogram(inner, bins=edges.size - 1, range=(edges[0], edges[-1]))  # equal bins: fast
    peak = counts.max()
    y = counts * (height / peak) if peak > 0 else counts.astype(np.float64)
    x = np.repeat(edges, 2)
    return x, np.concatenate([[0.0], np.repeat(y, 2), [0.0]])
