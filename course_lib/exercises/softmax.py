"""Checker for 06 — Softmax: a numerically stable softmax over the last axis.

The contract of the exercise: ``stable_softmax(z)`` takes a 1-D vector of K logits (one
example) or a 2-D array of shape (m, K) (one example per row) and returns an array of the same
shape whose last axis holds probabilities: softmax is taken over the last axis, row by row.

The student's function runs with NumPy's floating-point warnings silenced, so an overflowing
``np.exp`` shows up as the NaN it produces, explained, rather than as a RuntimeWarning.
"""

import numpy as np

from course_lib import activations
from course_lib.exercises._core import (
    Feedback,
    Mistake,
    call,
    describe,
    exercise,
    expect_array,
    expect_close,
    forbidden_hint,
    mutation_hint,
)

__all__ = ["check_stable_softmax"]


def _reference(z):
    """softmax over the last axis, computed with the max-shift."""
    return activations.softmax(z, axis=-1)


def _own_softmax(z):
    """The reference solution as a student writes it: NumPy only, no library softmax."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# ---------------------------------------------------------------- planted mistakes
def _naive(z):  # the slides' code (003:L1117-1121), batched
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _global_max(z):
    e = np.exp(z - np.max(z))
    return e / e.sum(axis=-1, keepdims=True)


def _axis0(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _sum_axis0(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _sum_all(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / np.sum(e)


def _no_keepdims(z):
    e = np.exp(z - z.max(axis=-1))
    return e / e.sum(axis=-1)


def _no_keepdims_sum(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1)


def _no_keepdims_max(z):
    e = np.exp(z - z.max(axis=-1))
    return e / e.sum(axis=-1, keepdims=True)


def _divide_by_max(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.max(axis=-1, keepdims=True)


def _min_shift(z):
    e = np.exp(z - z.min(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _library(z):  # the exercise says: without calling the library's softmax
    return activations.softmax(z, axis=-1)


def _in_place(z):
    z = np.asarray(z, dtype=float)  # no copy when z is already a float array
    z -= z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


# The library functions a student must not call (the notebook imports `softmax` in its first cell).
FORBIDDEN = {activations.softmax: "softmax"}

_AXIS_HINT = (
    "each row is one example and must sum to 1, but you normalised down the columns (axis=0): "
    "take the max and the sum over the last axis, axis=-1, with keepdims=True."
)
_KEEPDIMS_HINT = (
    "z.max(axis=-1) and e.sum(axis=-1) have shape (m,), which NumPy lines up with the columns of an "
    "(m, K) array, not with its rows: pass keepdims=True so they have shape (m, 1)."
)

_LAST_AXIS_HINT = (
    "use axis=-1, the last axis: it is axis 0 of a vector of shape (K,) and axis 1 of a batch of "
    "shape (m, K), so one line of code works for both."
)

MISTAKES = (
    Mistake(
        "no max-shift",
        _naive,
        "np.exp overflows to inf for logits above 709.78, and inf/inf = nan: subtract each row's "
        "maximum before np.exp (softmax(z − c) = softmax(z), so the result does not change).",
    ),
    Mistake(
        "global max",
        _global_max,
        "you subtracted the maximum of the whole array. That is allowed mathematically, but a row whose "
        "logits all lie far below it underflows to exp(…) = 0 everywhere and gives 0/0 = nan: subtract "
        "each row's own maximum, np.max(z, axis=-1, keepdims=True).",
    ),
    Mistake("normalised over axis 0", _axis0, _AXIS_HINT),
    Mistake("summed over axis 0", _sum_axis0, _AXIS_HINT),
    Mistake(
        "summed the whole array",
        _sum_all,
        "np.sum(e) without an axis adds up the whole array, so the batch as a whole sums to 1 instead of "
        "each row: use e.sum(axis=-1, keepdims=True).",
    ),
    Mistake("forgot keepdims", _no_keepdims, _KEEPDIMS_HINT),
    Mistake("forgot keepdims on the sum", _no_keepdims_sum, _KEEPDIMS_HINT),
    Mistake("forgot keepdims on the max", _no_keepdims_max, _KEEPDIMS_HINT),
    Mistake(
        "subtracted the minimum",
        _min_shift,
        "you shifted by each row's minimum: then the largest shifted logit can still be far above 709, "
        "and np.exp overflows (try [0, 1000]). Choose the shift so that no shifted logit is positive.",
    ),
    Mistake("called the library's softmax", _library, forbidden_hint("softmax")),
    Mistake("changed z in place", _in_place, mutation_hint("z")),
    Mistake(
        "divided by the max",
        _divide_by_max,
        "you divided by the largest exponential, so the top class gets exactly 1: divide by the sum of "
        "the exponentials instead.",
    ),
)

# (description, z). Each planted mistake first goes wrong on an input where its own value can be
# told apart: the 2×2 case is square so that a missing keepdims gives wrong numbers, not an error.
_CASES = (
    ("z=[2.0, 1.0, 0.1] (cat, dog, rabbit)", np.array([2.0, 1.0, 0.1])),
    ("z=[1000.0, 999.0]", np.array([1000.0, 999.0])),
    # the inputs that break unstable versions: one huge logit beside 0 (a shift by the minimum
    # overflows), only very negative logits (no shift: 0/0), and both in one row
    ("z=[0.0, 1000.0]", np.array([0.0, 1000.0])),
    ("z=[-1000.0, -1001.0, -1002.0]", np.array([-1000.0, -1001.0, -1002.0])),
    ("z=[[-1000.0, 0.0, 1000.0]] (one example)", np.array([[-1000.0, 0.0, 1000.0]])),
    ("z=[[2.0, 1.0], [0.5, 3.0]] (two examples, one per row)", np.array([[2.0, 1.0], [0.5, 3.0]])),
    (
        "z=[[1000.0, 999.0, 998.0], [-1.0, 0.0, 1.0]] (rows of very different scale)",
        np.array([[1000.0, 999.0, 998.0], [-1.0, 0.0, 1.0]]),
    ),
    (
        "z of shape (5, 4), rows shifted by 0, +300, −300, +800, −800",
        np.random.default_rng(6).normal(scale=3.0, size=(5, 4))
        + np.array([[0.0], [300.0], [-300.0], [800.0], [-800.0]]),
    ),
)


def _quietly(fn, z):
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        return fn(z)


def _mistake_values(z):
    pairs = []
    for m in MISTAKES:
        try:
            pairs.append((m, _quietly(m.impl, z.copy())))
        except Exception:  # e.g. a broadcasting error on a non-square batch: cannot match
            continue
    return pairs


def _call_student(fn, z):
    try:
        with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
            return call(fn, z, unchanged=True, forbid=FORBIDDEN)
    except Feedback as fb:
        if "could not be broadcast" in str(fb):
            raise Feedback(f"{fb}. Hint: {_KEEPDIMS_HINT}") from None
        if "out of bounds for array of dimension" in str(fb):
            raise Feedback(f"{fb}. Hint: {_LAST_AXIS_HINT}") from None
        raise


def _compare(got, expected, what, mistakes):
    """expect_close, plus an explanation when the answer holds nan or inf (an overflow)."""
    arr = expect_array(got, expected.shape, what)
    if not np.isfinite(arr).all():
        message = f"{what} returned {describe(arr)}, expected {describe(expected)}."
        hints = [
            m.hint
            for m, value in mistakes
            if np.shape(value) == arr.shape
            and np.allclose(arr, np.asarray(value, dtype=np.float64), equal_nan=True)
        ]
        if hints:
            raise Feedback(f"{message} Hint: {' Or: '.join(hints)}")
        raise Feedback(
            f"{message} Your result holds nan or inf: np.exp of a logit above 709.78 overflows to inf "
            "(and inf/inf = nan), and a row whose exponentials all underflow to 0 gives 0/0 = nan. "
            "Subtract each row's maximum before np.exp."
        )
    try:
        return expect_close(got, expected, what, mistakes=mistakes)
    except Feedback as fb:
        if arr.ndim == 2 and arr.size > 8:
            sums = np.array2string(arr.sum(axis=-1), precision=4, separator=", ")
            raise Feedback(f"{fb} The rows of your result sum to {sums}.") from None
        raise


@exercise("stable_softmax", notebook="06", reference=_own_softmax, mistakes=MISTAKES)
def check_stable_softmax(stable_softmax) -> str:
    """Check softmax over the last axis: a vector, huge logits, batches, rows of different scale."""
    for what, z in _CASES:
        got = _call_student(stable_softmax, z)
        _compare(got, _reference(z), f"stable_softmax({what})", _mistake_values(z))
    return (
        "[2, 1, 0.1] → [0.659, 0.242, 0.0986]; [1000, 999] → [0.731, 0.269], [0, 1000] → [0, 1] and "
        "[−1000, −1001, −1002] → [0.665, 0.245, 0.090] without overflow or 0/0, z left unchanged, "
        "no call to the library's softmax; "
        "every row of a (2, 2), (2, 3) and (5, 4) batch sums to 1 on its own, "
        "also when the rows' logits differ by ±800."
    )
