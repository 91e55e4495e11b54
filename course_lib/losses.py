r"""Loss functions ℓ(a, y) per example, their gradients, and the fused output-layer gradients.

Conventions (as in the lecture notes): ``a`` is the network's output, ``y`` the target, both of
shape ``(m, n_out)`` or ``(m,)``; the loss of one example sums over its outputs; the cost is
the mean over the m examples, J = (1/m) Σ ℓ. Logs are clipped, so ℓ is finite (no warnings)
at a = 0 or 1.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from course_lib._validate import as_float_array, scalar_or_array

__all__ = [
    "EPS",
    "REGISTRY",
    "Loss",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "cost",
    "cross_entropy",
    "cross_entropy_grad",
    "get",
    "mse",
    "mse_grad",
    "names",
    "one_hot",
    "sigmoid_bce_grad",
    "softmax_cross_entropy",
    "softmax_cross_entropy_grad",
]

EPS = float(np.finfo(np.float64).eps)  # a is clipped to [EPS, 1 - EPS] inside logs


def _pair(a, y, a_name="a"):
    a = as_float_array(a, a_name)
    y = as_float_array(y, "y")
    if a.shape != y.shape:
        raise ValueError(f"{a_name} and y must have the same shape, got {a.shape} and {y.shape}")
    return a, y


def _check_probabilities(a, name="a"):
    if np.isnan(a).any() or (a < 0).any() or (a > 1).any():
        raise ValueError(f"{name} must hold probabilities in [0, 1]")


def _check_binary_targets(y):
    if (y < 0).any() or (y > 1).any() or np.isnan(y).any():
        raise ValueError("y must hold targets in [0, 1] (usually the labels 0 and 1)")


def _sum_outputs(loss: np.ndarray) -> np.ndarray:
    return loss.sum(axis=-1) if loss.ndim > 1 else loss


# ---------------------------------------------------------------- binary cross-entropy
def binary_cross_entropy(a, y):
    r"""\ell(a, y) = -[y\log a + (1-y)\log(1-a)], per example (a clipped to [ε, 1-ε])."""
    a, y = _pair(a, y)
    _check_probabilities(a)
    _check_binary_targets(y)
    ac = np.clip(a, EPS, 1.0 - EPS)
    return scalar_or_array(_sum_outputs(-(y * np.log(ac) + (1.0 - y) * np.log1p(-ac))))


def binary_cross_entropy_grad(a, y):
    r"""\partial\ell/\partial a = -y/a + (1-y)/(1-a) = (a-y)/(a(1-a)) (a clipped to [ε, 1-ε])."""
    a, y = _pair(a, y)
    _check_probabilities(a)
    _check_binary_targets(y)
    ac = np.clip(a, EPS, 1.0 - EPS)
    return scalar_or_array(-y / ac + (1.0 - y) / (1.0 - ac))


def binary_cross_entropy_with_logits(z, y):
    r"""\ell = -[y\log\sigma(z) + (1-y)\log(1-\sigma(z))] = \operatorname{softplus}(z) - yz, exact.

    Takes the logits z (before the sigmoid); no clipping needed.
    """
    z, y = _pair(z, y, "z")
    _check_binary_targets(y)
    return scalar_or_array(_sum_outputs(_bce_logits(z, y)))


def _bce_logits(z, y):
    return np.logaddexp(0.0, z) - y * z


def sigmoid_bce_grad(a, y):
    r"""Fused sigmoid + BCE: \partial\ell/\partial z = a - y, where a = \sigma(z)."""
    a, y = _pair(a, y)
    _check_probabilities(a)
    return scalar_or_array(a - y)


# ---------------------------------------------------------------- categorical cross-entropy
def one_hot(labels, n_classes: int) -> np.ndarray:
    """Integer labels of shape (m,) -> one-hot matrix of shape (m, n_classes)."""
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu" and not (
        labels.dtype.kind == "f" and np.all(np.isfinite(labels)) and np.all(labels == np.round(labels))
    ):
        raise TypeError(f"labels must be integers 0..{n_classes - 1}, got dtype {labels.dtype}")
    labels = labels.astype(np.int64)
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1-D (one integer per example), got shape {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}, got {labels.min()}..{labels.max()}")
    out = np.zeros((labels.size, n_classes))
    out[np.arange(labels.size), labels] = 1.0
    return out


def _targets_for(p: np.ndarray, y) -> np.ndarray:
    """y as one-hot rows matching p (m, K): accepts one-hot/probability rows or integer labels."""
    y_arr = np.asarray(y)
    if y_arr.ndim == 1 and p.ndim == 2 and y_arr.shape[0] == p.shape[0]:
        return one_hot(y_arr, p.shape[1])
    y_arr = as_float_array(y, "y")
    if y_arr.shape != p.shape:
        raise ValueError(
            f"y must be integer labels of shape ({p.shape[0]},) or one-hot rows of shape {p.shape}, "
            f"got shape {y_arr.shape}"
        )
    return y_arr


def cross_entropy(p, y):
    r"""\ell(p, y) = -\sum_k y_k \log p_k per example, for probability rows p (clipped at ε)."""
    p = as_float_array(p, "p")
    if p.ndim < 2:
        raise ValueError(f"p must have shape (m, n_classes), got {p.shape}")
    _check_probabilities(p, "p")
    y = _targets_for(p, y)
    return -(y * np.log(np.clip(p, EPS, 1.0))).sum(axis=-1)


def cross_entropy_grad(p, y):
    r"""\partial\ell/\partial p_k = -y_k / p_k (p clipped at ε)."""
    p = as_float_array(p, "p")
    if p.ndim < 2:
        raise ValueError(f"p must have shape (m, n_classes), got {p.shape}")
    _check_probabilities(p, "p")
    return -_targets_for(p, y) / np.clip(p, EPS, 1.0)


def softmax_cross_entropy(z, y):
    r"""\ell = \log\sum_j e^{z_j} - \sum_k y_k z_k from logits z (m, K), stable for any z."""
    z = as_float_array(z, "z")
    if z.ndim < 2:
        raise ValueError(f"z must have shape (m, n_classes), got {z.shape}")
    return _softmax_ce(z, _targets_for(z, y))


def _softmax_ce(z, y):
    zmax = z.max(axis=-1, keepdims=True)
    lse = zmax[..., 0] + np.log(np.exp(z - zmax).sum(axis=-1))
    return lse * y.sum(axis=-1) - (y * z).sum(axis=-1)


def softmax_cross_entropy_grad(p, y):
    r"""Fused softmax + cross-entropy: \partial\ell/\partial z = p - y (p = softmax(z), y one-hot)."""
    p = as_float_array(p, "p")
    if p.ndim < 2:
        raise ValueError(f"p must have shape (m, n_classes), got {p.shape}")
    return p - _targets_for(p, y)


# ---------------------------------------------------------------- mean squared error
def mse(a, y):
    r"""\ell(a, y) = \sum_k (a_k - y_k)^2 per example; the cost J is its mean (the MSE)."""
    a, y = _pair(a, y)
    return scalar_or_array(_sum_outputs((a - y) ** 2))


def mse_grad(a, y):
    r"""\partial\ell/\partial a = 2(a - y)."""
    a, y = _pair(a, y)
    return scalar_or_array(2.0 * (a - y))


def cost(losses) -> float:
    r"""J = \frac{1}{m}\sum_i \ell_i: the mean of the per-example losses."""
    losses = as_float_array(losses, "losses")
    return float(losses.mean())


# ---------------------------------------------------------------- registry (used by nn.MLP)
@dataclass(frozen=True)
class Loss:
    """A loss: per-example value, and its gradient with respect to the network output a."""

    name: str
    value: Callable  # (a, y) -> per-example losses, shape (m,)
    grad: Callable  # (a, y) -> dℓ/da, shape of a
    latex: str
    fused_output: str  # its natural output activation: dℓ/dz = a − y (bce, ce), 2(a − y) (mse)
    note: str = ""


REGISTRY: Mapping[str, Loss] = MappingProxyType(
    {
        "bce": Loss(
            "bce",
            binary_cross_entropy,
            binary_cross_entropy_grad,
            r"\ell=-[y\log a+(1-y)\log(1-a)]",
            "sigmoid",
            "Binary cross-entropy; with a sigmoid output dℓ/dz = a - y.",
        ),
        "ce": Loss(
            "ce",
            cross_entropy,
            cross_entropy_grad,
            r"\ell=-\sum_k y_k\log p_k",
            "softmax",
            "Categorical cross-entropy; with a softmax output dℓ/dz = p - y (integer or one-hot y).",
        ),
        "mse": Loss("mse", mse, mse_grad, r"\ell=\sum_k(a_k-y_k)^2", "linear", "Squared error."),
    }
)


def names() -> list[str]:
    return list(REGISTRY)


def get(name: str) -> Loss:
    """The loss called ``name``; ValueError listing the valid names otherwise."""
    if not isinstance(name, str):
        raise TypeError(f"loss must be a name (string), got {type(name).__name__}")
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; valid names: {', '.join(REGISTRY)}") from None
