"""Checkers for 06 — Softmax: a numerically stable softmax over the last axis, the softmax
Jacobian (derive), and a softmax + cross-entropy layer with its fused gradient (implement).

The contract of the exercise: ``stable_softmax(z)`` takes a 1-D vector of K logits (one
example) or a 2-D array of shape (m, K) (one example per row) and returns an array of the same
shape whose last axis holds probabilities: softmax is taken over the last axis, row by row.

The student's function runs with NumPy's floating-point warnings silenced, so an overflowing
``np.exp`` shows up as the NaN it produces, explained, rather than as a RuntimeWarning.
"""

import numpy as np
import scipy.special

from course_lib import activations, losses, nn
from course_lib.exercises._core import (
    Case,
    Feedback,
    Mistake,
    call,
    check_case,
    define,
    exercise,
    forbidden_hint,
    mutation_hint,
)
from course_lib.topics.softmax import jacobian_from_probabilities, softmax_ce_forward_backward

__all__ = ["check_softmax_ce_forward_backward", "check_softmax_jacobian", "check_stable_softmax"]


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


# The library functions a student must not call (the notebook imports `softmax` in its first cell;
# SciPy, a dependency of the course, has its own).
FORBIDDEN = {
    activations.softmax: "softmax",
    scipy.special.softmax: "scipy.special.softmax",
    scipy.special.log_softmax: "scipy.special.log_softmax",
}

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


def _row_sums(got) -> str | None:
    """For a wrong batch too large to show: what its rows sum to (each should be 1)."""
    arr = np.asarray(got) if isinstance(got, np.ndarray) else None
    if arr is None or arr.ndim != 2 or arr.size <= 8 or arr.dtype.kind != "f":
        return None
    return f"The rows of your result sum to {np.array2string(arr.sum(axis=-1), precision=4, separator=', ')}."


_BATCH = np.random.default_rng(6).normal(scale=3.0, size=(5, 4)) + np.array(
    [[0.0], [300.0], [-300.0], [800.0], [-800.0]]
)

check_stable_softmax = define(
    "stable_softmax",
    notebook="06",
    reference=_own_softmax,
    # Each planted mistake first goes wrong on an input where its own value can be told apart: the
    # 2×2 case is square so that a missing keepdims gives wrong numbers, not an error. The inputs
    # that break unstable versions: one huge logit beside 0 (a shift by the minimum overflows), only
    # very negative logits (no shift: 0/0), and both in one row.
    cases=[
        Case((np.array([2.0, 1.0, 0.1]),), label="z=[2.0, 1.0, 0.1] (cat, dog, rabbit)"),
        Case((np.array([1000.0, 999.0]),), label="z=[1000.0, 999.0]"),
        Case((np.array([0.0, 1000.0]),), label="z=[0.0, 1000.0]"),
        Case((np.array([-1000.0, -1001.0, -1002.0]),), label="z=[-1000.0, -1001.0, -1002.0]"),
        Case((np.array([[-1000.0, 0.0, 1000.0]]),), label="z=[[-1000.0, 0.0, 1000.0]] (one example)"),
        Case(
            (np.array([[2.0, 1.0], [0.5, 3.0]]),),
            label="z=[[2.0, 1.0], [0.5, 3.0]] (two examples, one per row)",
        ),
        Case(
            (np.array([[1000.0, 999.0, 998.0], [-1.0, 0.0, 1.0]]),),
            label="z=[[1000.0, 999.0, 998.0], [-1.0, 0.0, 1.0]] (rows of very different scale)",
        ),
        Case((_BATCH,), label="z of shape (5, 4), rows shifted by 0, +300, −300, +800, −800"),
    ],
    mistakes=MISTAKES,
    unchanged=True,  # "without changing z"
    forbid=FORBIDDEN,  # "without calling the library's softmax"
    quiet=True,  # an overflow is feedback about the nan it makes, not a RuntimeWarning
    rule_out=True,  # at [0, 1000] "no max-shift" and "subtracted the minimum" both give [0, nan]
    raised_hints={
        "could not be broadcast": _KEEPDIMS_HINT,
        "out of bounds for array of dimension": _LAST_AXIS_HINT,
    },
    remark=_row_sums,
    verified=(
        "[2, 1, 0.1] → [0.659, 0.242, 0.0986]; [1000, 999] → [0.731, 0.269], [0, 1000] → [0, 1] and "
        "[−1000, −1001, −1002] → [0.665, 0.245, 0.090] without overflow or 0/0, z left unchanged, "
        "no call to the library's softmax; "
        "every row of a (2, 2), (2, 3) and (5, 4) batch sums to 1 on its own, "
        "also when the rows' logits differ by ±800."
    ),
    doc="Check softmax over the last axis: a vector, huge logits, batches, rows of different scale.",
)


# ================================================================ the softmax Jacobian (derive)
def _sm(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def _jac_scalar_outer(z):  # sᵀs is a number: it is subtracted from every entry
    s = _sm(z)
    return np.diag(s) - s @ s


def _jac_no_diagonal(z):
    s = _sm(z)
    return -np.outer(s, s)


def _jac_only_diagonal(z):  # the sigmoid's rule, entry by entry
    s = _sm(z)
    return np.diag(s * (1 - s))


def _jac_sign_flipped(z):
    s = _sm(z)
    return np.outer(s, s) - np.diag(s)


def _jac_missing_s_i(z):  # ∂s_i/∂z_j = δ_ij s_i − s_j: the factor s_i dropped off the diagonal
    s = _sm(z)
    return np.diag(s) - s[None, :]


def _jac_library(z):
    return activations.softmax_jacobian(z)


JACOBIAN_FORBIDDEN = {
    activations.softmax_jacobian: "softmax_jacobian",
    activations.softmax_vjp: "softmax_vjp",
    jacobian_from_probabilities: "jacobian_from_probabilities",
}

JACOBIAN_MISTAKES = (
    Mistake(
        "s.T @ s is a number",
        _jac_scalar_outer,
        "for a 1-D s, s.T @ s (or s @ s) is the single number Σ s_k², which NumPy subtracts from every "
        "entry; the off-diagonal entries need the K × K matrix of products s_i s_j (an outer product).",
    ),
    Mistake(
        "no diagonal term",
        _jac_no_diagonal,
        "you have only the −s_i s_j part: differentiate e^{z_i} / Σ e^{z_k} with respect to z_i itself, "
        "where the numerator depends on z_i too; that adds s_i on the diagonal (the δ_ij term).",
    ),
    Mistake(
        "only the diagonal",
        _jac_only_diagonal,
        "s_i(1 − s_i) is right on the diagonal, but changing z_j also changes every other s_i (they share "
        "the denominator): the off-diagonal entries are not 0.",
    ),
    Mistake(
        "sign flipped",
        _jac_sign_flipped,
        "every sign is flipped: raising z_i must raise s_i, so the diagonal entries are positive.",
    ),
    Mistake(
        "s_i dropped on the diagonal",
        _jac_missing_s_i,
        "your entry (i, j) is δ_ij s_i − s_j: the second term is missing the factor s_i (the quotient rule "
        "gives s_i δ_ij − s_i s_j), so your matrix is not symmetric.",
    ),
    Mistake("called the library's softmax_jacobian", _jac_library, forbidden_hint("softmax_jacobian")),
)


def _jacobian_cases() -> list[Case]:
    """The slides' logits, K = 1 and 2, large logits, and random z of K = 2..7."""
    cases = [
        Case((np.array([2.0, 1.0, 0.1]),), label="z=[2.0, 1.0, 0.1] (cat, dog, rabbit)"),
        Case((np.array([0.0, 0.0]),), label="z=[0.0, 0.0] (two equal logits)"),
        Case((np.array([3.0]),), label="z=[3.0] (a single class)"),
        Case((np.array([1000.0, 999.0, 0.0]),), label="z=[1000.0, 999.0, 0.0]"),
    ]
    rng = np.random.default_rng(607)
    for k in range(12):
        K = 2 + k % 6
        z = rng.normal(scale=2.0, size=K)
        cases.append(Case((z,), label=f"a random z of {K} logits (test {k + 1} of 12)"))
    return cases


def _jac_central_difference(z, h=1e-5):  # a finite difference, not the derived formula
    z = np.asarray(z, dtype=float)
    columns = [(_sm(z + h * e) - _sm(z - h * e)) / (2 * h) for e in np.eye(len(z))]
    return np.stack(columns, axis=1)


JACOBIAN_NUMERIC_HINT = (
    "your entries are close to the Jacobian but not equal to it, as a finite difference "
    "(s(z + h e_j) − s(z − h e_j)) / 2h would be: write ∂s_i/∂z_j as the formula you derived, in "
    "terms of s alone."
)
JACOBIAN_CASES = tuple(_jacobian_cases())


@exercise(
    "softmax_jacobian",
    notebook="06",
    reference=jacobian_from_probabilities,
    mistakes=(
        *JACOBIAN_MISTAKES,
        Mistake("central differences", _jac_central_difference, JACOBIAN_NUMERIC_HINT),
    ),
    cases=JACOBIAN_CASES,
)
def check_softmax_jacobian(my_softmax_jacobian) -> str:
    """Every entry of the student's Jacobian at 16 vectors z (K = 1 to 7); no library Jacobian.

    The tolerance is tight (rtol 1e-10): the derived formula is exact to a few ulp, while any finite
    difference is off by about 1e-10 or more (O(h²) truncation plus rounding of order 1e-16/h), so
    a result that is close but not equal gets a hint to write the formula.
    """
    for case in JACOBIAN_CASES:
        try:
            check_case(
                my_softmax_jacobian,
                case,
                name="softmax_jacobian",
                reference=jacobian_from_probabilities,
                mistakes=JACOBIAN_MISTAKES,
                unchanged=True,
                forbid=JACOBIAN_FORBIDDEN,
                quiet=True,
                rtol=1e-10,
                atol=1e-12,
            )
        except Feedback as fb:
            if "Hint:" in str(fb):
                raise
            with np.errstate(all="ignore"):
                got = call(my_softmax_jacobian, *case.args)  # checked: an array of the right shape
                near = np.allclose(
                    np.asarray(got, dtype=np.float64),
                    jacobian_from_probabilities(*case.args),
                    rtol=1e-4,
                    atol=1e-6,
                )
            if near and np.asarray(got).dtype == np.float64:
                raise Feedback(f"{fb} Hint: {JACOBIAN_NUMERIC_HINT}") from None
            raise
    return (
        "diag(s) − s sᵀ matches central differences of softmax in every entry at 16 vectors z "
        "(K = 1 to 7, among them [2, 1, 0.1], [0, 0] and [1000, 999, 0]), to the last digits (a formula, "
        "not a finite difference), without the library's Jacobian."
    )


# ================================================================ softmax + cross-entropy (implement)
def _ce_naive(Z, y):  # no max-shift: np.exp overflows for logits above 709.78
    m = Z.shape[0]
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    Y = np.eye(Z.shape[1])[y]
    return -np.sum(Y * np.log(P)) / m, (P - Y) / m


def _ce_log_of_p(Z, y):  # shifted, but ln of the rounded probability: ln 0 = −inf
    m = Z.shape[0]
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = e / e.sum(axis=1, keepdims=True)
    return -np.log(P[np.arange(m), y]).sum() / m, (P - np.eye(Z.shape[1])[y]) / m


def _ce_log_of_p_one_hot(Z, y):  # the same, as Y * ln P: 0 · ln 0 = 0 · (−inf) = nan
    m = Z.shape[0]
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = e / e.sum(axis=1, keepdims=True)
    Y = np.eye(Z.shape[1])[y]
    return -np.sum(Y * np.log(P)) / m, (P - Y) / m


def _ce_variant(no_m_in_dZ=False, no_m_in_J=False, labels_as_numbers=False, sum_all_log=False):
    """The right layer with one planted mistake (written out: the checker forbids the reference)."""

    def layer(Z, y):
        m, K = Z.shape
        shifted = Z - Z.max(axis=1, keepdims=True)
        log_P = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        P, Y = np.exp(log_P), np.eye(K)[y]
        J = -np.sum(log_P) / m if sum_all_log else -np.sum(Y * log_P) / m  # sum_all_log: every class
        dZ = (P - y[:, None]) / m if labels_as_numbers else (P - Y) / m  # y broadcast, not one-hot
        return (J * m if no_m_in_J else J), (dZ * m if no_m_in_dZ else dZ)

    return layer


def _ce_library(Z, y):
    _, J, cache = nn.output_forward(Z, losses.one_hot(y, Z.shape[1]), "softmax", "ce")
    return J, nn.output_backward(cache)


CE_FORBIDDEN = {
    **FORBIDDEN,  # the softmax itself: the library's and SciPy's
    activations.softmax_vjp: "softmax_vjp",
    nn.output_forward: "nn.output_forward",
    nn.output_backward: "nn.output_backward",
    losses.softmax_cross_entropy: "losses.softmax_cross_entropy",
    losses.softmax_cross_entropy_grad: "losses.softmax_cross_entropy_grad",
    losses.cross_entropy: "losses.cross_entropy",
    softmax_ce_forward_backward: "softmax_ce_forward_backward",
}

_NO_SHIFT_HINT = (
    "np.exp(1000.0) overflows to inf, and inf/inf = nan: subtract each row's largest logit before "
    "np.exp (it changes neither P nor J)."
)

CE_MISTAKES = (
    Mistake(
        "no 1/m in dZ",
        _ce_variant(no_m_in_dZ=True),
        "J is the mean of the m losses, so each logit's gradient carries a factor 1/m: dZ = ∂J/∂Z, "
        "not the gradient of one example's loss.",
    ),
    Mistake(
        "J summed, not averaged",
        _ce_variant(no_m_in_J=True),
        "J is the cost, the mean loss over the m examples (divide the sum by m).",
    ),
    Mistake("no max-shift", _ce_naive, _NO_SHIFT_HINT),
    Mistake(
        "ln of a rounded probability",
        _ce_log_of_p,
        "for a confidently wrong row, p of the true class rounds to 0 and ln 0 = −inf, though the true "
        "loss is finite (1000 for the logits [1000, 0] and label 1): get ln p from the shifted logits "
        "(ln(e^a / S) = a − ln S), never as np.log of P itself.",
    ),
    Mistake(
        "0 times ln 0",
        _ce_log_of_p_one_hot,
        "P rounds to exactly 0 for a class far below the largest logit, and Y * np.log(P) then holds "
        "0 · (−inf) = nan: get ln P from the shifted logits (ln(e^a / S) = a − ln S), which stays finite, "
        "instead of taking np.log of P.",
    ),
    Mistake(
        "one-hot forgotten",
        _ce_variant(labels_as_numbers=True),
        "P − y with the integer labels subtracts the class number from every entry of the row; Y must be "
        "one-hot: a 1 in the column of the true class, 0 elsewhere.",
    ),
    Mistake(
        "ln of every class",
        _ce_variant(sum_all_log=True),
        "the cross-entropy keeps only the true class: −ln p_{y_i} per example (the one-hot Y zeroes the "
        "other classes), not the sum of −ln p_k over all classes.",
    ),
    Mistake("called the library", _ce_library, forbidden_hint("nn.output_forward")),
)


def _ce_cases() -> list[Case]:
    """Small hand-made batches, the overflow cases, and random batches."""
    cases = [
        Case(
            (np.array([[2.0, 1.0, 0.1]]), np.array([1])),
            label="Z=[[2.0, 1.0, 0.1]], y=[1] (one example, true class dog)",
        ),
        Case(
            (np.array([[1.0, 2.0], [0.5, -1.0], [0.0, 3.0]]), np.array([0, 0, 1])),
            label="Z=[[1.0, 2.0], [0.5, -1.0], [0.0, 3.0]], y=[0, 0, 1]",
        ),
        Case((np.array([[1000.0, 999.0]]), np.array([0])), label="Z=[[1000.0, 999.0]], y=[0]"),
        Case(
            (np.array([[1000.0, 0.0], [0.0, 1000.0]]), np.array([1, 1])),
            label="Z=[[1000.0, 0.0], [0.0, 1000.0]], y=[1, 1] (the first row confidently wrong)",
        ),
    ]
    rng = np.random.default_rng(606)
    for m, K, scale in ((5, 4, 2.0), (8, 3, 5.0), (6, 5, 300.0)):
        Z, y = rng.normal(scale=scale, size=(m, K)), rng.integers(0, K, size=m)
        label = f"a random batch Z of shape ({m}, {K}) (logits up to ±{scale * 3:g}), integer labels y"
        cases.append(Case((Z, y), label=label))
    return cases


check_softmax_ce_forward_backward = define(
    "softmax_ce_forward_backward",
    notebook="06",
    reference=softmax_ce_forward_backward,
    cases=_ce_cases(),
    mistakes=CE_MISTAKES,
    outputs=("J", "dZ"),
    unchanged=True,
    forbid=CE_FORBIDDEN,
    quiet=True,
    rule_out=True,  # at [[1000, 0], [0, 1000]] "no max-shift" and "0 · ln 0" both give nan
    verified=(
        "J and dZ = (P − Y)/m match nn.output_forward/backward (and central differences) on 7 batches, "
        "m = 1 to 8 and K = 2 to 5, integer labels; finite for the logits [1000, 999] and J = 500 for "
        "[[1000, 0], [0, 1000]] with labels [1, 1], without the library's softmax."
    ),
    doc="J and dZ against the reference (checked against central differences in the tests) on 7 batches.",
)
