"""The warm-up exercise of notebook 00 beyond the generic registry tests (tests/test_exercises.py)."""

import numpy as np
import pytest

from course_lib import activations
from course_lib.exercises import REGISTRY, Feedback, check_sigmoid_grad
from course_lib.exercises.welcome import sigmoid_grad_reference

sigmoid = activations.get("sigmoid")


def test_the_reference_is_the_library_s_derivative():
    z = np.concatenate([np.linspace(-40, 40, 161), [0.0, 30.0, -30.0, 700.0, -700.0]])
    assert np.allclose(sigmoid_grad_reference(z), sigmoid.grad(z), rtol=1e-15, atol=0)


@pytest.mark.parametrize(
    "shortcut",
    [lambda z: sigmoid.grad(z), lambda z: activations.get("sigmoid").grad(z)],
    ids=["sigmoid.grad", "activations.get"],
)
def test_calling_sigmoid_grad_is_told(shortcut):
    """The notebook computes sigmoid.grad(z) right above the exercise: that passed before."""
    with pytest.raises(Feedback, match=r"called the library's `sigmoid\.grad`"):
        check_sigmoid_grad(shortcut)


@pytest.mark.parametrize("h", [1e-3, 1e-4, 1e-5, 1e-6, 1e-7])
def test_a_finite_difference_is_not_the_formula(h):
    """At z = 30 a finite difference returns 0 or ~1e-11; σ'(30) ≈ 9.4e-14 (it passed before)."""
    with pytest.raises(Feedback):
        check_sigmoid_grad(lambda z: (sigmoid(z + h) - sigmoid(z - h)) / (2 * h))


def test_float32_gets_the_precision_message():
    with pytest.raises(Feedback, match="float32"):
        check_sigmoid_grad(lambda z: (sigmoid(z) * (1 - sigmoid(z))).astype(np.float32))


@pytest.mark.parametrize(
    "impl",
    [
        lambda z: sigmoid(z) * (1 - sigmoid(z)),
        lambda z: sigmoid(z) - sigmoid(z) ** 2,
        lambda z: sigmoid(z) * sigmoid(-z),
        lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2,
        lambda z: 1 / (1 + np.exp(-z)) * (1 - 1 / (1 + np.exp(-z))),
    ],
    ids=["s(1-s)", "s-s²", "s(z)s(-z)", "exp form", "own sigmoid"],
)
def test_correct_forms_pass(impl, capsys):
    check_sigmoid_grad(impl)
    assert capsys.readouterr().out.startswith("✓ sigmoid_grad")


def test_first_case_separates_every_mistake():
    (z,) = REGISTRY["sigmoid_grad"].cases[0].args
    right = sigmoid_grad_reference(z)
    values = [np.asarray(m.impl(z), dtype=float) for m in REGISTRY["sigmoid_grad"].mistakes]
    for v in values:
        assert not np.allclose(v, right, rtol=1e-10, atol=1e-15)


def test_one_minus_z_gets_its_hint():
    with pytest.raises(Feedback, match="not 1−z"):
        check_sigmoid_grad(lambda z: sigmoid(z) * (1 - z))
