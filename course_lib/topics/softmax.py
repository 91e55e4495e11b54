r"""06 — softmax: what notebook 06 computes beside the library's softmax.

The softmax itself, its Jacobian and its vector-Jacobian product are in
:mod:`course_lib.activations` (``softmax``, ``softmax_jacobian``, ``softmax_vjp``). Here:

* :func:`entropy` — H(p) = −Σ_k p_k ln p_k in nats (0 for a one-hot vector, ln K for the uniform one);
* :data:`CLASS_COLORS` — one colour per class, shared by every softmax figure.

The plots are in :mod:`course_lib.plotting.softmax`, the temperature explorer in
:mod:`course_lib.widgets.softmax`, the stable-softmax checker in :mod:`course_lib.exercises.softmax`.
"""

from __future__ import annotations

import numpy as np
from scipy.special import entr

__all__ = ["CLASS_COLORS", "entropy"]

CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def entropy(p, axis: int = -1):
    r"""H(p) = -\sum_k p_k \ln p_k (nats), with 0 \ln 0 = 0; over ``axis``."""
    p = np.asarray(p, dtype=np.float64)
    if np.any(p < 0) or np.any(np.isnan(p)):
        raise ValueError("p must hold probabilities (non-negative, no NaN)")
    h = entr(p).sum(axis=axis)
    return h[()] if np.ndim(h) == 0 else h
