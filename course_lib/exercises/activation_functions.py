"""Checkers for 05 — Activation functions: Leaky ReLU, its derivative, and the Swish derivative.

Leaky ReLU has a kink at z = 0, where the derivative does not exist. The library (like PyTorch)
returns the left derivative α there; the checkers never test z = 0 itself, so either convention
(``z > 0`` or ``z >= 0``) is accepted.
"""

import numpy as np

from course_lib import activations
from course_lib.exercises._core import (
    Case,
    Feedback,
    Mistake,
    call,
    check_case,
    define,
    exercise,
    forbidding_calls,
)

__all__ = ["check_leaky_relu", "check_leaky_relu_grad", "check_swish_grad"]

_leaky = activations.get("leaky_relu")
_swish = activations.get("swish")
_sigmoid = activations.get("sigmoid")


# The references are written out in NumPy, not calls to the library: the checkers forbid the library's
# leaky_relu and swish (tests/test_exercises.py passes each reference through its checker, like a
# student's function); tests/test_exercises_activation_functions.py compares them with the library.
def leaky_relu_reference(z, alpha=0.01):
    """f(z) = z for z ≥ 0, αz for z < 0."""
    z = np.asarray(z, dtype=np.float64)
    return np.where(z >= 0, z, alpha * z)


def leaky_relu_grad_reference(z, alpha=0.01):
    """f'(z) = 1 for z > 0, α for z < 0 (α at z = 0: the left derivative)."""
    return np.where(np.asarray(z, dtype=np.float64) > 0, 1.0, alpha)


def swish_grad_reference(z, beta=1.0):
    """f'(z) = σ(βz) + βz σ(βz)(1 − σ(βz))."""
    u = beta * np.asarray(z, dtype=np.float64)
    return _sigmoid(u) + u * _sigmoid.grad(u)


def _z(z) -> np.ndarray:
    return np.asarray(z, dtype=np.float64)


# ---------------------------------------------------------------- leaky_relu
LEAKY_MISTAKES = (
    Mistake(
        "ReLU: ignored alpha",
        lambda z, alpha=0.01: np.maximum(_z(z), 0.0),
        "you returned max(0, z), which is plain ReLU: for z < 0 Leaky ReLU returns αz, not 0.",
    ),
    Mistake(
        "alpha on the positive side",
        lambda z, alpha=0.01: np.where(_z(z) >= 0, alpha * _z(z), _z(z)),
        "you applied α to the positive side: Leaky ReLU keeps z for z ≥ 0 and scales only z < 0 by α.",
    ),
    Mistake(
        "max(z, alpha z)",
        lambda z, alpha=0.01: np.maximum(_z(z), alpha * _z(z)),
        "max(z, αz) equals Leaky ReLU only when α ≤ 1; for α > 1 it returns αz for z > 0. "
        "Choose between z and αz by the sign of z instead.",
    ),
    Mistake(
        "alpha instead of alpha z",
        lambda z, alpha=0.01: np.where(_z(z) >= 0, _z(z), alpha),
        "for z < 0 Leaky ReLU returns α times z, not the constant α.",
    ),
    Mistake(
        "hard-coded 0.01",
        lambda z, alpha=0.01: np.where(_z(z) >= 0, _z(z), 0.01 * _z(z)),
        "you used the constant 0.01; use the argument `alpha` (0.01 is only its default).",
    ),
)


check_leaky_relu = define(
    "leaky_relu",
    notebook="05",
    reference=leaky_relu_reference,
    cases=[
        Case((np.array([-3.0, -0.5, 0.5, 2.0]),), {"alpha": 0.2}),
        Case((np.float64(-4.0),)),  # the default alpha = 0.01
        Case((np.array([[-2.0, -1.0, 0.0], [0.5, 1.0, 3.0]]),), {"alpha": 0.1}),
        Case((np.array([-2.0, -0.5, 1.0, 3.0]),), {"alpha": 2.0}),  # max(z, αz) fails here
    ],
    mistakes=LEAKY_MISTAKES,
    verified=(
        "z for z ≥ 0 and αz for z < 0: with α = 0.2, with the default α = 0.01 (−4 → −0.04), "
        "on a 2×3 array (shape kept), and with α = 2 (3 → 3, not 6)."
    ),
    doc="Check Leaky ReLU with α = 0.2, the default α, a 2-D array, and α = 2 (where max(z, αz) fails).",
)
# the notebook has `leaky = get("leaky_relu")` (and PReLU, the same function) above the exercise:
# calling it, however it is reached, is the library's answer
check_leaky_relu = forbidding_calls(check_leaky_relu, {_leaky.f: "leaky_relu"})


# ---------------------------------------------------------------- leaky_relu_grad
LEAKY_GRAD_MISTAKES = (
    Mistake(
        "ReLU derivative",
        lambda z, alpha=0.01: np.where(_z(z) > 0, 1.0, 0.0),
        "for z < 0 the slope of Leaky ReLU is α, not 0 (0 is ReLU's derivative).",
    ),
    Mistake(
        "boolean mask",
        lambda z, alpha=0.01: _z(z) > 0,
        "you returned the boolean mask z > 0 (True/False): the derivative is a number, "
        "1 for z > 0 and α (not 0) for z < 0: pick one of these two numbers by the sign of z.",
    ),
    Mistake(
        "slopes swapped",
        lambda z, alpha=0.01: np.where(_z(z) > 0, alpha, 1.0),
        "you swapped the two slopes: f'(z) = 1 for z > 0 and α for z < 0.",
    ),
    Mistake(
        "returned f",
        lambda z, alpha=0.01: leaky_relu_reference(z, alpha),
        "you returned Leaky ReLU itself; the derivative is its slope, 1 or α (it does not contain z).",
    ),
    Mistake(
        "alpha z for z < 0",
        lambda z, alpha=0.01: np.where(_z(z) > 0, 1.0, alpha * _z(z)),
        "for z < 0 you returned αz, the function itself; its slope there is the constant α.",
    ),
    Mistake(
        "hard-coded 0.01",
        lambda z, alpha=0.01: np.where(_z(z) > 0, 1.0, 0.01),
        "you used the constant 0.01; use the argument `alpha` (0.01 is only its default).",
    ),
)

check_leaky_relu_grad = define(
    "leaky_relu_grad",
    notebook="05",
    reference=leaky_relu_grad_reference,
    cases=[  # away from the kink z = 0, so either convention there passes
        Case((np.array([-3.0, -0.5, 0.5, 2.0]),), {"alpha": 0.2}),
        Case((np.float64(-1.5),)),  # the default alpha = 0.01
        Case((np.array([[-2.0, -1.0, -0.1], [0.1, 1.0, 3.0]]),), {"alpha": 0.1}),
        Case((np.array([-1.0, 1.0]),), {"alpha": 2.0}),
    ],
    mistakes=LEAKY_GRAD_MISTAKES,
    precise_hints=True,  # the boolean mask gets its own hint, not only the dtype message
    verified=(
        "1 for z > 0 and α for z < 0: with α = 0.2, the default α = 0.01, on a 2×3 array and with α = 2 "
        "(z = 0 itself is not tested: the derivative does not exist there)."
    ),
    doc="Check f'(z) away from the kink z = 0: α = 0.2, the default α, a 2-D array, and α = 2.",
)
check_leaky_relu_grad = forbidding_calls(check_leaky_relu_grad, {_leaky.df: "leaky_relu.grad"})


# ---------------------------------------------------------------- swish_grad
def _sig(u):
    return _sigmoid(u)


def _dsig(u):
    s = _sigmoid(u)
    return s * (1 - s)


SWISH_MISTAKES = (
    Mistake(
        "returned sigma(beta z)",
        lambda z, beta=1.0: _sig(beta * _z(z)),
        "you returned σ(βz), only the first term of the product rule; add βz·σ(βz)(1 − σ(βz)).",
    ),
    Mistake(
        "no beta in the second term",
        lambda z, beta=1.0: _sig(beta * _z(z)) + _z(z) * _dsig(beta * _z(z)),
        "the chain rule puts a factor β in the second term: d/dz σ(βz) = β σ(βz)(1 − σ(βz)).",
    ),
    Mistake(
        "ignored beta",
        lambda z, beta=1.0: _sig(_z(z)) + _z(z) * _dsig(_z(z)),
        "you computed the SiLU derivative (β = 1); use σ(βz) and the factor β with the given beta.",
    ),
    Mistake(
        "sigma' with a plus",
        lambda z, beta=1.0: _sig(beta * _z(z)) + beta * _z(z) * _sig(beta * _z(z)) * (1 + _sig(beta * _z(z))),
        "σ'(u) = σ(u)(1 − σ(u)), with a minus, not σ(u)(1 + σ(u)).",
    ),
    Mistake(
        "minus between the terms",
        lambda z, beta=1.0: _sig(beta * _z(z)) - beta * _z(z) * _dsig(beta * _z(z)),
        "the product rule adds the two terms: (z·σ(βz))' = σ(βz) + z·βσ'(βz), with a plus.",
    ),
)


NUMERIC_HINT = (
    "your values are close to the derivative but not equal to it, as a finite difference "
    "(f(z + h) − f(z − h)) / 2h would be: write the derivative itself as a formula, with the product "
    "rule and the chain rule."
)


def _central_difference(z, beta=1.0, h=1e-5):
    z = _z(z)
    return (_swish(z + h, beta=beta) - _swish(z - h, beta=beta)) / (2 * h)


SWISH_NUMERIC = Mistake("central difference instead of the derivative", _central_difference, NUMERIC_HINT)


SWISH_CASES = (
    Case((np.array([-4.0, -1.5, -0.5, 0.5, 1.5, 4.0]),), {"beta": 1.0}),
    Case((np.array([-4.0, -1.5, -0.5, 0.5, 1.5, 4.0]),), {"beta": 2.0}),
    Case((np.float64(-1.2),)),  # the default beta = 1
    Case((np.array([[-3.0, -1.0, -0.2], [0.2, 1.0, 3.0]]),), {"beta": 0.5}),
    Case((np.array([-3.0, 3.0]),), {"beta": 0.0}),  # z·σ(0) = z/2, so f' = 1/2
    # Swish is z itself for large z, so f' = 1 exactly (σ(z) rounds to 1). A central difference
    # is off there by rounding: (z + h) − (z − h) and f(z + h) − f(z − h) lose about log10(z/h)
    # digits, ~1e-9 to 1e-5 for any h from 1e-2 down to 1e-6 (and for a large h its O(h²) error
    # shows at the points above). A formula is exact to a few ulp, so rtol 1e-10 tells them apart.
    Case((np.array([2.5e5, 1e6]),), {"beta": 1.0}),
)


@exercise(
    "swish_grad",
    notebook="05",
    reference=swish_grad_reference,
    mistakes=(*SWISH_MISTAKES, SWISH_NUMERIC),
    cases=SWISH_CASES,
)
def check_swish_grad(swish_grad) -> str:
    """The declared cases, plus one hint: a result close to the derivative (within 1e-4) but not
    equal to it, as any finite difference is, is told to write the formula."""
    for case in SWISH_CASES:
        try:
            check_case(
                swish_grad,
                case,
                name="swish_grad",
                reference=swish_grad_reference,
                mistakes=(*SWISH_MISTAKES, SWISH_NUMERIC),
                rtol=1e-10,
                atol=1e-12,
            )
        except Feedback as fb:
            got = call(swish_grad, *case.args, **case.kwargs)  # checked: an array of the right shape
            near = np.allclose(
                np.asarray(got, dtype=np.float64),
                swish_grad_reference(*case.args, **case.kwargs),
                rtol=1e-4,
                atol=1e-6,
            )
            if "Hint:" not in str(fb) and near:
                raise Feedback(f"{fb} Hint: {NUMERIC_HINT}") from None
            raise
    return (
        "σ(βz) + βz σ(βz)(1 − σ(βz)) with β = 1, 2, 0.5 (on a 2×3 array) and the default β = 1; "
        "β = 0 gives 1/2 everywhere (Swish is z/2 there); exact (1) at z = 2.5e5 and 1e6, where a "
        "finite difference is not."
    )


# `swish = get("swish")` is defined above the exercise: swish.grad is the library's answer
# (sigmoid.grad for σ' is allowed: the exercise is the product and chain rules)
check_swish_grad = forbidding_calls(check_swish_grad, {_swish.df: "swish.grad"})
