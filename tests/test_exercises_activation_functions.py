"""Topic-specific tests for the checkers of notebook 05 (the generic ones are in test_exercises.py)."""

import re

import numpy as np
import pytest

from course_lib.activations import sigmoid
from course_lib.exercises import Feedback, check_leaky_relu, check_leaky_relu_grad, check_swish_grad


def test_max_z_alpha_z_passes_small_alpha_but_is_caught_at_alpha_2(capsys):
    def leaky_relu(z, alpha=0.01):
        return np.maximum(z, alpha * z)

    with pytest.raises(Feedback) as info:
        check_leaky_relu(leaky_relu)
    message = str(info.value)
    assert "alpha=2" in message and "only when α ≤ 1" in message


def test_either_convention_at_the_kink_is_accepted(capsys):
    def right_derivative_at_zero(z, alpha=0.01):
        return np.where(np.asarray(z) >= 0, 1.0, alpha)

    check_leaky_relu_grad(right_derivative_at_zero)
    assert capsys.readouterr().out.startswith("✓ leaky_relu_grad:")


def test_boolean_mask_gets_the_specific_hint_not_only_the_dtype_message():
    with pytest.raises(Feedback) as info:
        check_leaky_relu_grad(lambda z, alpha=0.01: np.asarray(z) > 0)
    assert "boolean mask z > 0" in str(info.value) and "expected" in str(info.value)


def test_scalar_input_and_python_float_output_are_fine(capsys):
    def leaky_relu(z, alpha=0.01):
        if np.ndim(z) == 0:
            return float(z) if z >= 0 else alpha * float(z)
        return np.where(np.asarray(z) >= 0, z, alpha * np.asarray(z))

    check_leaky_relu(leaky_relu)
    assert capsys.readouterr().out.startswith("✓ leaky_relu:")


def test_swish_grad_without_beta_in_the_second_term_is_caught_at_beta_2():
    from course_lib import activations

    sigmoid = activations.get("sigmoid")

    def swish_grad(z, beta=1.0):
        s = sigmoid(beta * z)
        return s + z * s * (1 - s)

    with pytest.raises(Feedback) as info:
        check_swish_grad(swish_grad)
    assert "beta=2" in str(info.value) and "factor β" in str(info.value)


def test_swish_grad_that_divides_by_beta_fails_at_beta_0_with_feedback():
    from course_lib import activations

    sigmoid = activations.get("sigmoid")

    def swish_grad(z, beta=1.0):
        s = sigmoid(beta * z)
        return (s + beta * z * s * (1 - s)) * beta / beta  # 0/0 at beta = 0

    with np.errstate(invalid="ignore"), pytest.raises(Feedback, match="NaN"):
        check_swish_grad(swish_grad)


@pytest.mark.parametrize("h", [1e-2, 1e-3, 1e-4, 1e-5, 1e-6])
def test_swish_central_difference_is_caught_for_any_h(h):
    from course_lib.exercises.activation_functions import NUMERIC_HINT, _central_difference

    with pytest.raises(Feedback) as info:
        check_swish_grad(lambda z, beta=1.0: _central_difference(z, beta, h))
    assert NUMERIC_HINT in str(info.value)


@pytest.mark.parametrize(
    "impl",
    [
        lambda z, beta=1.0: (
            sigmoid(beta * np.asarray(z)) * (1 + beta * np.asarray(z) * (1 - sigmoid(beta * np.asarray(z))))
        ),
        lambda z, beta=1.0: (lambda s: s + beta * np.asarray(z) * s * (1 - s))(
            1 / (1 + np.exp(-beta * np.asarray(z, float)))
        ),
    ],
    ids=["factored", "own sigmoid"],
)
def test_swish_other_correct_formulas_pass(impl, capsys):
    with np.errstate(over="ignore"):
        check_swish_grad(impl)
    assert capsys.readouterr().out.startswith("✓ swish_grad")


# ---------------------------------------------------------------- the library's answer is not accepted
# (found trying the notebook as a student: `leaky = get("leaky_relu")` and `swish = get("swish")` are
# defined above the exercises, and leaky(z), leaky.grad(z), swish.grad(z) all passed)
from course_lib import activations  # noqa: E402
from course_lib.exercises.activation_functions import (  # noqa: E402
    leaky_relu_grad_reference,
    leaky_relu_reference,
    swish_grad_reference,
)

_get = activations.get


@pytest.mark.parametrize(
    ("check", "shortcut", "name"),
    [
        (check_leaky_relu, lambda z, alpha=0.01: _get("leaky_relu")(z, alpha=alpha), "leaky_relu"),
        (check_leaky_relu, lambda z, alpha=0.01: _get("prelu")(z, alpha=alpha), "leaky_relu"),
        (
            check_leaky_relu_grad,
            lambda z, alpha=0.01: _get("leaky_relu").grad(z, alpha=alpha),
            "leaky_relu.grad",
        ),
        (check_swish_grad, lambda z, beta=1.0: _get("swish").grad(z, beta=beta), "swish.grad"),
    ],
    ids=["leaky", "prelu", "leaky.grad", "swish.grad"],
)
def test_calling_the_library_is_told_however_it_is_reached(check, shortcut, name):
    with pytest.raises(Feedback, match=re.escape(f"called the library's `{name}`")) as info:
        check(shortcut)
    assert len(str(info.value).splitlines()) <= 6


def test_sigmoid_grad_inside_swish_grad_is_allowed(capsys):
    def swish_grad(z, beta=1.0):
        return sigmoid(beta * z) + beta * z * _get("sigmoid").grad(beta * z)

    check_swish_grad(swish_grad)
    assert capsys.readouterr().out.startswith("✓ swish_grad")


def test_references_equal_the_library():
    z = np.concatenate([np.linspace(-6, 6, 49), [-1e6, -2.5e5, 2.5e5, 1e6]])
    for alpha in (0.01, 0.2, 2.0):
        assert np.array_equal(leaky_relu_reference(z, alpha), _get("leaky_relu")(z, alpha=alpha))
        assert np.array_equal(leaky_relu_grad_reference(z, alpha), _get("leaky_relu").grad(z, alpha=alpha))
    for beta in (0.0, 0.5, 1.0, 2.0):
        library = _get("swish").grad(z, beta=beta)
        assert np.allclose(swish_grad_reference(z, beta), library, rtol=1e-14, atol=0)


def test_alpha_instead_of_alpha_z_gets_a_hint():
    with pytest.raises(Feedback, match="not the constant α"):
        check_leaky_relu(lambda z, alpha=0.01: np.where(np.asarray(z) >= 0, z, alpha))
    with pytest.raises(Feedback, match="its slope there is the constant α"):
        check_leaky_relu_grad(lambda z, alpha=0.01: np.where(np.asarray(z) > 0, 1.0, alpha * np.asarray(z)))
