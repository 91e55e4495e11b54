"""Hypothesis strategies shared by the property tests (cf. minitorch's ``tests/strategies.py``)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_lib import activations

# |z| ≤ 15: where open ends of ranges are still distinguishable in float64 (σ(15) = 1 − 3e-7,
# tanh(15) = 1 − 2e-13; at |z| ≈ 40 both round to exactly 1).
moderate = st.floats(-15.0, 15.0, allow_nan=False)

# Any double up to 1e300 in magnitude, subnormals included. Beyond that λz (selu) or αz with a
# large α overflow legitimately: the true result is not representable.
finite = st.floats(-1e300, 1e300, allow_nan=False, allow_infinity=False)

# The same, and the infinities (elementwise activations are defined there as limits).
extended = st.one_of(finite, st.sampled_from([-np.inf, np.inf]))


def arrays(elements: st.SearchStrategy[float] = finite, min_dims: int = 0, max_side: int = 4):
    """float64 arrays of any shape (0-d included unless min_dims > 0) with the given elements."""
    shape = hnp.array_shapes(min_dims=min_dims, max_dims=4, min_side=1, max_side=max_side)
    return hnp.arrays(np.float64, shape, elements=elements)


def param_value(p: activations.Param, cap: float = 100.0) -> st.SearchStrategy[float]:
    """Values in p's allowed range (open or closed at ``low``), capped at ±cap."""
    lo, hi = max(p.low, -cap), min(p.high, cap)
    return st.floats(lo, hi, exclude_min=p.low_open and lo == p.low, allow_nan=False)


def activation_params(entry: activations.Activation) -> st.SearchStrategy[dict[str, float]]:
    """A dict of allowed values for every parameter of ``entry`` ({} if it has none)."""
    return st.fixed_dictionaries({p.name: param_value(p) for p in entry.params})


@st.composite
def probability_rows(draw, min_rows: int = 1, max_rows: int = 6, max_classes: int = 5):
    """An (m, K) matrix whose rows are probability vectors (positive, summing to 1)."""
    m = draw(st.integers(min_rows, max_rows))
    k = draw(st.integers(2, max_classes))
    w = draw(hnp.arrays(np.float64, (m, k), elements=st.floats(1e-3, 1.0)))
    return w / w.sum(axis=1, keepdims=True)


@st.composite
def prediction_target_pairs(draw, min_rows: int = 1, max_rows: int = 6, max_outputs: int = 4):
    """(a, y) of one shape (m,) or (m, n): a ∈ [0, 1] (ends included), y ∈ [0, 1] (soft targets)."""
    m = draw(st.integers(min_rows, max_rows))
    shape = draw(st.sampled_from([(m,), (m, draw(st.integers(1, max_outputs)))]))
    unit = st.floats(0.0, 1.0)
    return draw(hnp.arrays(np.float64, shape, elements=unit)), draw(
        hnp.arrays(np.float64, shape, elements=unit)
    )
