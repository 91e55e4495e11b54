"""Checker for the warm-up exercise in 00_welcome: the derivative of the sigmoid."""

import numpy as np

from course_lib import activations
from course_lib.exercises._core import Case, Mistake, define

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
        "plus instead of minus",
        lambda z: _sigmoid(z) * (1 + _sigmoid(z)),
        "you computed σ(z)(1+σ(z)); it is σ(z)(1−σ(z)).",
    ),
)


check_sigmoid_grad = define(
    "sigmoid_grad",
    notebook="00",
    reference=_sigmoid.grad,
    # the vector comes first: at z = 0 alone, σ and 1 − σ cannot be told apart
    cases=[
        Case((np.array([-3.0, -0.5, 0.5, 3.0, 30.0]),)),
        Case((np.float64(0.0),)),
        Case((np.linspace(-2, 2, 6).reshape(2, 3),)),
    ],
    mistakes=MISTAKES,
    verified="matches σ(z)(1−σ(z)) at z = 0 (0.25), on a vector up to z = 30 and on a 2×3 array.",
    doc="Check σ'(z) at a scalar, at a vector and on a 2-D array (shape preserved).",
)
