"""course_lib.topics.calculus: the helpers of notebook 01 (secants, gradient descent, its regimes)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib import gradcheck
from course_lib.topics import calculus as C


@given(st.floats(-5, 5), st.floats(-5, 5))
def test_secant_slope_of_a_parabola_is_x1_plus_x2(x1, x2):
    if abs(x2 - x1) < 1e-3:
        return
    assert np.isclose(C.secant_slope(lambda x: x**2 + 7.0, x1, x2 - x1), x1 + x2, atol=1e-9)


def test_secant_slope_notes_example_and_vector_input():
    assert np.isclose(C.secant_slope(lambda x: x**2, 1.5, 0.75), 3.75)
    x = np.array([0.0, 1.0, 2.0])
    assert np.allclose(C.secant_slope(lambda t: t**2, x, 0.5), 2 * x + 0.5)


def test_secant_slope_refuses_a_zero_step():
    with pytest.raises(ValueError, match="two different points"):
        C.secant_slope(np.sin, 1.0, 0.0)


def test_gradient_descent_step_is_w_minus_eta_grad_and_keeps_w():
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    g = np.array([[0.5, -1.0], [2.0, 0.0]])
    before = w.copy()
    out = C.gradient_descent_step(w, g, 0.1)
    assert np.allclose(out, w - 0.1 * g) and out.shape == w.shape
    assert np.array_equal(w, before)
    assert np.isclose(C.gradient_descent_step(3.0, 4.0, 0.1), 2.6)  # the notes' first step


@given(st.floats(0.01, 1.3))
def test_gradient_descent_on_the_one_weight_cost_has_the_closed_form(eta):
    k = np.arange(9)
    path = C.gradient_descent(C.one_weight_cost_grad, 3.0, eta, steps=8)
    assert path.shape == (9,)
    assert np.allclose(path, 1 + 2 * (1 - 2 * eta) ** k)


def test_gradient_descent_notes_numbers():
    assert np.allclose(
        C.gradient_descent(C.one_weight_cost_grad, 3.0, 0.1, 5)[1:], [2.6, 2.28, 2.024, 1.8192, 1.65536]
    )
    assert np.allclose(C.gradient_descent(C.one_weight_cost_grad, 3.0, 1.0, 4), [3, -1, 3, -1, 3])
    assert np.allclose(
        C.gradient_descent(C.one_weight_cost_grad, 3.0, 1.05, 5)[1:], [-1.2, 3.42, -1.662, 3.9282, -2.22102]
    )
    assert C.gradient_descent(C.one_weight_cost_grad, 3.0, 0.5, 1)[1] == 1.0


def test_gradient_descent_shapes_and_arguments():
    path = C.gradient_descent(C.bowl_grad, np.array([-2.5, 1.5]), 0.1, 7)
    assert path.shape == (8, 2)
    assert np.array_equal(C.gradient_descent(C.one_weight_cost_grad, 3.0, 0.1, 0), [3.0])
    with pytest.raises(ValueError, match="steps"):
        C.gradient_descent(C.one_weight_cost_grad, 3.0, 0.1, -1)


@pytest.mark.parametrize(
    ("eta", "regime"),
    [
        (-0.1, "diverges monotonically (η < 0 climbs uphill)"),
        (0.0, "stays where it is (η = 0)"),
        (0.1, "converges monotonically"),
        (0.49, "converges monotonically"),
        (0.5, "reaches the minimum in one step"),
        (0.51, "converges, oscillating"),
        (0.99, "converges, oscillating"),
        (1.0, "oscillates forever (a 2-cycle)"),
        (1.01, "diverges, oscillating"),
    ],
)
def test_quadratic_regime_for_the_one_weight_cost(eta, regime):
    assert C.quadratic_regime(eta, 2.0) == regime


def test_quadratic_regime_tolerates_slider_rounding_and_scales_with_curvature():
    assert C.quadratic_regime(0.1 + 0.2 + 0.2, 2.0) == "reaches the minimum in one step"  # 0.5000000000000001
    assert C.quadratic_regime(0.25, 8.0) == "oscillates forever (a 2-cycle)"  # η = 2/L
    assert C.quadratic_regime(0.5, 20.0) == "diverges, oscillating"
    with pytest.raises(ValueError, match="curvature"):
        C.quadratic_regime(0.1, 0.0)


@given(st.floats(0.01, 1.3))
def test_quadratic_regime_matches_what_gradient_descent_does(eta):
    if min(abs(eta - 0.5), abs(eta - 1.0)) < 0.01:
        return
    e = C.gradient_descent(C.one_weight_cost_grad, 3.0, eta, steps=6) - 1.0
    converging = abs(e[-1]) < abs(e[0])
    alternating = bool(np.all(e[1:] * e[:-1] < 0))
    words = C.quadratic_regime(eta, 2.0)
    assert words.startswith("converges") == converging
    assert ("oscillating" in words) == alternating


def test_one_weight_cost_and_bowl_gradients_match_central_differences():
    w = np.linspace(-2, 4, 13)
    assert np.allclose(C.one_weight_cost_grad(w), gradcheck.numerical_derivative(C.one_weight_cost, w))
    assert (
        C.one_weight_cost(3.0) == 4.0
        and C.one_weight_cost_grad(3.0) == 4.0
        and C.one_weight_cost(7.0) == 36.0
    )
    rng = np.random.default_rng(0)
    for point in rng.normal(size=(5, 2)):
        assert np.allclose(C.bowl_grad(point), gradcheck.numerical_gradient(C.bowl_cost, point))
    h, origin = 1e-3, np.zeros(2)
    for axis, curvature in enumerate(C.BOWL_CURVATURES):  # second central differences along each axis
        e = np.eye(2)[axis] * h
        second = (C.bowl_cost(origin + e) - 2 * C.bowl_cost(origin) + C.bowl_cost(origin - e)) / h**2
        assert np.isclose(second, curvature)


def test_bowl_functions_broadcast_over_leading_axes():
    W = np.zeros((3, 4, 2))
    W[..., 0] = 1.0
    W[..., 1] = 2.0
    assert C.bowl_cost(W).shape == (3, 4) and np.allclose(C.bowl_cost(W), 1 + 16)
    assert C.bowl_grad(W).shape == (3, 4, 2) and np.allclose(C.bowl_grad(W)[0, 0], [2.0, 16.0])


def test_gradient_descent_keeps_w0_and_its_shape():
    w0 = np.array([[0.5, -1.0, 2.0], [0.0, 1.5, -0.5]])
    before = w0.copy()
    path = C.gradient_descent(lambda w: 2.0 * w, w0, 0.1, 3)
    assert path.shape == (4, 2, 3) and np.array_equal(path[0], before)
    assert np.allclose(path, before * 0.8 ** np.arange(4)[:, None, None])
    assert np.array_equal(w0, before)
