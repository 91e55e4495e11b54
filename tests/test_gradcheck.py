"""Tests for ``course_lib.gradcheck``: the tools every other gradient test relies on."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib import gradcheck


# ---------------------------------------------------------------- central differences
def test_numerical_derivative_of_known_functions():
    z = np.linspace(-2, 2, 9)
    np.testing.assert_allclose(gradcheck.numerical_derivative(np.sin, z), np.cos(z), rtol=1e-9, atol=1e-10)
    # for t³ the central difference is exactly 3t² + h²
    cube = gradcheck.numerical_derivative(lambda t: t**3, z, h=1e-4)
    np.testing.assert_allclose(cube, 3 * z**2 + 1e-8, rtol=1e-9, atol=1e-12)
    assert gradcheck.numerical_derivative(np.exp, 0.0) == pytest.approx(1.0, rel=1e-9)


def test_differences_are_central_not_one_sided():
    """For f = x³ at x = 1: (f(1+h) − f(1−h))/2h = 3 + h² exactly; one-sided gives 3 + 3h + h²."""
    h = 1e-3
    d = gradcheck.numerical_derivative(lambda t: t**3, 1.0, h=h)
    assert d == pytest.approx(3 + h**2, abs=1e-9)
    g = gradcheck.numerical_gradient(lambda x: float(np.sum(x**3)), np.array([1.0]), h=h)
    assert g[0] == pytest.approx(3 + h**2, abs=1e-9)


def test_numerical_gradient_of_a_quadratic_form():
    """f(x) = xᵀ A x has gradient (A + Aᵀ) x; central differences are exact for quadratics."""
    rng = np.random.default_rng(3)
    A = rng.normal(size=(4, 4))
    x = rng.normal(size=4)
    x0 = x.copy()
    g = gradcheck.numerical_gradient(lambda v: float(v @ A @ v), x)
    np.testing.assert_allclose(g, (A + A.T) @ x, rtol=1e-8, atol=1e-9)
    np.testing.assert_array_equal(x, x0)  # x is not modified


def test_numerical_gradient_of_a_matrix_argument():
    """f(W) = Σ (W ⊙ W) / 2 has gradient W, for any shape."""
    W = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(
        gradcheck.numerical_gradient(lambda v: 0.5 * float(np.sum(v * v)), W), W, atol=1e-9
    )


# ---------------------------------------------------------------- relative error
def test_relative_error_formula():
    # |a − n| / max(|a| + |n|, 1e-8)
    assert gradcheck.relative_error(1.0, 1.0) == 0.0
    assert gradcheck.relative_error(1.0, 3.0) == pytest.approx(0.5)
    assert gradcheck.relative_error(-1.0, 1.0) == pytest.approx(1.0)
    assert gradcheck.relative_error(1e-12, 0.0) == pytest.approx(1e-4)  # floor 1e-8
    np.testing.assert_allclose(gradcheck.relative_error([1.0, 2.0], [1.0, 1.0]), [0, 1 / 3])


def test_relative_error_of_non_finite_values_fails_without_warnings():
    """A NaN or infinite gradient must count as wrong (error inf), not as NaN that every
    comparison ignores; equal infinities are equal."""
    err = gradcheck.relative_error([np.nan, np.inf, 1.0, np.inf], [1.0, 1.0, np.nan, np.inf])
    np.testing.assert_array_equal(err, [np.inf, np.inf, np.inf, 0.0])


# ---------------------------------------------------------------- check_gradients
def test_check_gradients_passes_and_returns_the_worst_error():
    worst = gradcheck.check_gradients(
        {"W": np.array([1.0, 2.0]), "b": np.array([3.0])},
        {"W": np.array([1.0, 2.0 + 2e-8]), "b": np.array([3.0])},
    )
    assert worst == pytest.approx(2e-8 / 4.0, rel=1e-6)


def test_check_gradients_names_the_worst_entry_and_its_values():
    analytic = {"W1": np.array([[1.0, 2.0], [3.0, 4.0]]), "b1": np.array([0.5])}
    numeric = {"W1": np.array([[1.0, 2.0], [3.0, 4.5]]), "b1": np.array([0.5])}
    with pytest.raises(AssertionError, match=r"W1\[1, 1\].*analytic 4\b.*numeric 4\.5"):
        gradcheck.check_gradients(analytic, numeric)


def test_check_gradients_atol_for_tiny_gradients():
    analytic, numeric = {"W": np.array([1e-12, 1.0])}, {"W": np.array([3e-12, 1.0])}
    with pytest.raises(AssertionError, match=r"W\[0\]"):
        gradcheck.check_gradients(analytic, numeric)  # relative error 0.5
    gradcheck.check_gradients(analytic, numeric, atol=1e-9)  # |difference| 2e-12 ≤ atol: passes


@pytest.mark.parametrize("bad", [np.nan, np.inf])
@pytest.mark.parametrize("where", ["first", "second"])
def test_check_gradients_fails_on_non_finite_gradients(bad, where):
    good = np.array([1.0, 2.0])
    broken = np.array([1.0, bad])
    analytic = {"W": broken, "b": good} if where == "first" else {"W": good, "b": broken}
    numeric = {"W": good, "b": good}
    with pytest.raises(AssertionError, match="W" if where == "first" else "b"):
        gradcheck.check_gradients(analytic, numeric, atol=1e-9)


def test_check_gradients_needs_the_same_names():
    with pytest.raises(ValueError, match="same parameters"):
        gradcheck.check_gradients({"W": 1.0}, {"b": 1.0})


def test_scalar_entries():
    assert gradcheck.check_gradients({"alpha": 0.3}, {"alpha": 0.3}) == 0.0
    with pytest.raises(AssertionError, match=r"alpha: analytic 0\.3"):
        gradcheck.check_gradients({"alpha": 0.3}, {"alpha": 0.4})


def test_check_gradients_of_a_known_function():
    """The intended use: analytic gradient of f(W) = Σ sin(W) is cos(W)."""
    W = np.linspace(-1, 1, 6).reshape(2, 3)
    numeric = gradcheck.numerical_gradient(lambda v: float(np.sum(np.sin(v))), W)
    assert gradcheck.check_gradients({"W": np.cos(W)}, {"W": numeric}) < 1e-9
    with pytest.raises(AssertionError):
        gradcheck.check_gradients({"W": np.cos(W) * 1.001}, {"W": numeric})
    assert math.isfinite(gradcheck.check_gradients({"W": np.cos(W)}, {"W": numeric}))
