"""Checker for the warm-up exercise in 00_welcome: the derivative of the sigmoid."""

import numpy as np

from course_lib import activations
from course_lib.exercises._core import Case, Mistake, define, forbidding_calls

__all__ = ["check_sigmoid_grad"]

_sigmoid = activations.get("sigmoid")

MISTAKES = (
    Mistake("returned sigma", lambda z: _sigmoid(z), "you returned σ(z) instead of σ(z)(1−σ(z))."),
    Mistake(
        "applied the formula to z",
        lambda z: np.asarray(z) * (1 - np.asarray(z)),
        "you computed z(1−z); the formula is σ(z)(1−σ(z)): apply the sigmoid first.",
    ),
    Mistake(
        "one minus sigma",
        lambda z: 1 - _sigmoid(z),
        "you returned 1−σ(z); multiply it by σ(z).",
    ),
    Mistake(
        "1 - z in the second factor",
        lambda z: _sigmoid(z) * (1 - np.asarray(z)),
        "you computed σ(z)(1−z); the second factor is 1−σ(z), the sigmoid again, not 1−z.",
    ),
    Mistake(
        "central difference",
        lambda z: (_sigmoid(np.asarray(z) + 1e-5) - _sigmoid(np.asarray(z) - 1e-5)) / 2e-5,
        "your values are close to σ'(z) but not equal to it, as a finite difference would be: "
        "write the formula σ(z)(1−σ(z)) itself.",
    ),
    Mistake(
        "plus instead of minus",
        lambda z: _sigmoid(z) * (1 + _sigmoid(z)),
        "you computed σ(z)(1+σ(z)); it is σ(z)(1−σ(z)).",
    ),
)


# the notebook shows sigmoid.grad(z) just above the exercise: calling it is the library's answer
def sigmoid_grad_reference(z):
    """σ'(z) = e^(−|z|)/(1 + e^(−|z|))², which is σ(z)(1 − σ(z)) (accurate in the tails too).

    Written out, not the library's sigmoid.grad: the checker forbids that, and the tests pass the
    reference through it like a student's function (and compare it with the library).
    """
    e = np.exp(-np.abs(np.asarray(z, dtype=np.float64)))
    return e / (1 + e) ** 2


check_sigmoid_grad = define(
    "sigmoid_grad",
    notebook="00",
    reference=sigmoid_grad_reference,
    # the vector comes first: at z = 0 alone, σ and 1 − σ cannot be told apart
    cases=[
        Case((np.array([-3.0, -0.5, 0.5, 3.0, 30.0]),)),
        Case((np.float64(0.0),)),
        Case((np.linspace(-2, 2, 6).reshape(2, 3),)),
    ],
    mistakes=MISTAKES,
    # a formula is exact to a few ulp (and to 1e-16 absolute at z = 30, where σ' ≈ 9e-14); a finite
    # difference is not: at z = 30 it returns 0 or ~5e-12 for any h
    rtol=1e-10,
    atol=1e-15,
    verified="matches σ(z)(1−σ(z)) at z = 0 (0.25), on a vector up to z = 30 and on a 2×3 array.",
    doc="Check σ'(z) at a scalar, at a vector and on a 2-D array (shape preserved).",
)
check_sigmoid_grad = forbidding_calls(check_sigmoid_grad, {_sigmoid.df: "sigmoid.grad"})
