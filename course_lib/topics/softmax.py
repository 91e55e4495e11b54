r"""06 — softmax: what notebook 06 computes beside the library's softmax.

The softmax itself, its Jacobian and its vector-Jacobian product are in
:mod:`course_lib.activations` (``softmax``, ``softmax_jacobian``, ``softmax_vjp``). Here:

* :func:`entropy` — H(p) = −Σ_k p_k ln p_k in nats (0 for a one-hot vector, ln K for the uniform one);
* :data:`CLASS_COLORS` — one colour per class, shared by every softmax figure;
* :func:`jacobian_from_probabilities` and :func:`softmax_ce_forward_backward` — the reference
  solutions of notebook 06's exercises, in plain NumPy (the checkers forbid the library's
  ``softmax_jacobian`` and ``softmax``, so the references call neither).

The plots are in :mod:`course_lib.plotting.softmax`, the temperature explorer in
:mod:`course_lib.widgets.softmax`, the stable-softmax checker in :mod:`course_lib.exercises.softmax`.
"""

from __future__ import annotations

import numpy as np
from scipy.special import entr

__all__ = ["CLASS_COLORS", "entropy", "jacobian_from_probabilities", "softmax_ce_forward_backward"]

CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def entropy(p, axis: int = -1):
    r"""H(p) = -\sum_k p_k \ln p_k (nats), with 0 \ln 0 = 0; over ``axis``."""
    p = np.asarray(p, dtype=np.float64)
    if np.any(p < 0) or np.any(np.isnan(p)):
        raise ValueError("p must hold probabilities (non-negative, no NaN)")
    h = entr(p).sum(axis=axis)
    return h[()] if np.ndim(h) == 0 else h


def jacobian_from_probabilities(z):
    r"""J = \operatorname{diag}(s) - s s^\top with s = softmax(z), for one vector z of K logits; (K, K)."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max())
    s = e / e.sum()
    return np.diag(s) - np.outer(s, s)


def softmax_ce_forward_backward(Z, y):
    r"""Softmax + cross-entropy for logits Z (m, K) and integer labels y (m,): (J, dZ).

    J = (1/m) Σ_i −ln p_{i, y_i} is computed from the logits (ln p = z − max − ln Σ e^{z − max}), so it
    is finite for any finite logits; dZ = ∂J/∂Z = (P − Y)/m with Y the one-hot labels.
    """
    Z = np.asarray(Z, dtype=np.float64)
    m, K = Z.shape
    shifted = Z - Z.max(axis=1, keepdims=True)  # the largest logit of each row becomes 0
    log_P = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    P = np.exp(log_P)
    Y = np.zeros((m, K))
    Y[np.arange(m), y] = 1.0
    J = -np.sum(Y * log_P) / m
    dZ = (P - Y) / m
    return J, dZ
