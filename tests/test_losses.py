"""Tests for ``course_lib.losses``: values, gradients (against central differences), fused
output-layer gradients, and numerics at a = 0 and a = 1."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from strategies import prediction_target_pairs, probability_rows

from course_lib import activations, losses
from course_lib.activations import softmax, softmax_vjp
from course_lib.gradcheck import numerical_gradient

EPS = np.finfo(np.float64).eps
sigmoid = activations.get("sigmoid")


def one_hot_rows(m: int, k: int, rng) -> np.ndarray:
    return np.eye(k)[rng.integers(0, k, size=m)]


def soft_rows(m: int, k: int, rng) -> np.ndarray:
    w = rng.uniform(0.1, 1.0, size=(m, k))
    return w / w.sum(axis=1, keepdims=True)


def fd_gradient(f, x, h=1e-6):
    """Central differences of the scalar f, and their round-off floor (a few ulps of f over 2h)."""
    grad = numerical_gradient(f, x, h)
    return grad, 8 * EPS * abs(f(x)) / (2 * h)


# ---------------------------------------------------------------- hand-worked values
def test_bce_hand_example():
    a = np.array([0.9, 0.2, 0.5])
    y = np.array([1.0, 0.0, 1.0])
    # ℓ = −ln 0.9, −ln(1 − 0.2) = −ln 0.8, −ln 0.5 = ln 2
    expected = [0.10536051565782628, 0.2231435513142097, 0.6931471805599453]
    np.testing.assert_allclose(losses.binary_cross_entropy(a, y), expected, rtol=1e-15)
    # J = (0.10536051565782628 + 0.2231435513142097 + 0.6931471805599453) / 3
    cost = losses.cost(losses.binary_cross_entropy(a, y))
    assert cost == pytest.approx(0.34055041584399376, rel=1e-15)
    # one example with two outputs: the loss sums over the outputs
    two = losses.binary_cross_entropy([[0.9, 0.2]], [[1.0, 0.0]])
    np.testing.assert_allclose(two, [0.10536051565782628 + 0.2231435513142097], rtol=1e-15)


def test_ce_and_mse_hand_examples():
    p = np.array([[0.7, 0.2, 0.1], [0.25, 0.25, 0.5]])
    # −ln 0.7 and −ln 0.5
    expected = [0.35667494393873245, 0.6931471805599453]
    np.testing.assert_allclose(losses.cross_entropy(p, [0, 2]), expected, rtol=1e-15)
    np.testing.assert_allclose(losses.cross_entropy(p, np.eye(3)[[0, 2]]), expected, rtol=1e-15)
    # (1 − 0)² + (2 − 4)² = 5 ;  (0.5 − 1)² = 0.25
    np.testing.assert_array_equal(losses.mse([[1.0, 2.0], [0.5, 0.0]], [[0.0, 4.0], [1.0, 0.0]]), [5, 0.25])
    np.testing.assert_array_equal(losses.mse_grad([[1.0, 2.0]], [[0.0, 4.0]]), [[2.0, -4.0]])
    assert losses.cost([1.0, 2.0, 6.0]) == 3.0


def test_softmax_cross_entropy_hand_example():
    # z = (0, ln 3): p = (1/4, 3/4); label 1: −ln 3/4 = ln 4 − ln 3
    z = np.array([[0.0, math.log(3.0)]])
    expected = math.log(4.0) - math.log(3.0)
    np.testing.assert_allclose(losses.softmax_cross_entropy(z, [1]), [expected], rtol=1e-15)
    np.testing.assert_allclose(
        losses.softmax_cross_entropy_grad(softmax(z), [1]), [[0.25, -0.25]], rtol=1e-15
    )


def test_bce_with_logits_hand_example_and_extremes():
    # z = 0: σ = 1/2, ℓ = ln 2 for either label
    np.testing.assert_allclose(
        losses.binary_cross_entropy_with_logits([0.0, 0.0], [0.0, 1.0]), [math.log(2)] * 2, rtol=1e-15
    )
    # softplus(z) − yz exactly, also far beyond where σ(z) rounds to 0 or 1
    z = np.array([-1000.0, 1000.0, -1000.0, 1000.0])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    np.testing.assert_array_equal(losses.binary_cross_entropy_with_logits(z, y), [1000, 1000, 0, 0])


def test_one_hot():
    np.testing.assert_array_equal(losses.one_hot([2, 0, 1], 3), np.eye(3)[[2, 0, 1]])
    np.testing.assert_array_equal(losses.one_hot(np.array([1.0, 0.0]), 2), [[0, 1], [1, 0]])


# ---------------------------------------------------------------- numerics at a = 0 and a = 1
def test_bce_is_finite_without_warnings_at_0_and_1():
    a = np.array([0.0, 1.0, 0.0, 1.0])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        value = losses.binary_cross_entropy(a, y)
        grad = losses.binary_cross_entropy_grad(a, y)
        ce = losses.cross_entropy(np.array([[0.0, 1.0], [1.0, 0.0]]), [1, 1])
        ce_grad = losses.cross_entropy_grad(np.array([[0.0, 1.0], [1.0, 0.0]]), [1, 1])
    assert np.isfinite(value).all() and np.isfinite(grad).all()
    assert np.isfinite(ce).all() and np.isfinite(ce_grad).all()
    # clipped to [ε, 1 − ε]: right answers cost ≈ ε, wrong ones −ln ε ≈ 36.04
    np.testing.assert_allclose(value, [EPS, EPS, -math.log(EPS), -math.log(EPS)], rtol=1e-6)
    np.testing.assert_allclose(ce, [0.0, -math.log(EPS)], rtol=1e-12)


# ---------------------------------------------------------------- gradients (registry)
def registry_cases():
    """Every registered loss, with one-hot targets and with soft (probability) targets."""
    for name in losses.names():
        for targets in ("one_hot", "soft"):
            yield pytest.param(name, targets, id=f"{name}-{targets}")


@pytest.mark.parametrize(("name", "targets"), list(registry_cases()))
def test_registered_gradient_matches_central_differences(name, targets, rng):
    """ℓ per example is summed over examples, so ∂(Σ_i ℓ_i)/∂a = grad(a, y) entry by entry.
    a ∈ [0.05, 0.95] with rows that are probability vectors suits every loss (bce needs
    a ∈ (0, 1), ce probability rows, mse anything); so do one-hot and soft target rows."""
    spec = losses.get(name)
    assert spec.name == name
    m, k = 5, 3
    a = soft_rows(m, k, rng) * 0.9 + 0.1 / k * 0.5  # strictly inside (0, 1)
    y = one_hot_rows(m, k, rng) if targets == "one_hot" else soft_rows(m, k, rng)
    value = spec.value(a, y)
    assert np.shape(value) == (m,), f"{name}: per-example losses must have shape (m,)"
    numeric, floor = fd_gradient(lambda v: float(np.sum(spec.value(v, y))), a)
    np.testing.assert_allclose(spec.grad(a, y), numeric, rtol=1e-7, atol=floor, err_msg=name)


@pytest.mark.parametrize("name", losses.names())
def test_registered_loss_through_its_output_activation_matches_central_differences(name, rng):
    """dℓ/dz for a = g(z), g the loss's usual output activation: the chain rule through
    ``grad`` and g' (or the softmax VJP) against central differences in z."""
    spec = losses.get(name)
    z = rng.normal(size=(4, 3))
    y = one_hot_rows(4, 3, rng)
    if spec.fused_output == "softmax":

        def g(v):
            return softmax(v)

        def chain(v):
            return softmax_vjp(v, spec.grad(g(v), y))
    else:
        act = activations.get(spec.fused_output)

        def g(v):
            return act(v)

        def chain(v):
            return spec.grad(g(v), y) * act.grad(v)

    numeric, floor = fd_gradient(lambda v: float(np.sum(spec.value(g(v), y))), z)
    np.testing.assert_allclose(chain(z), numeric, rtol=1e-7, atol=floor, err_msg=name)


@pytest.mark.parametrize("shape", [(6,), (6, 1), (4, 3)])
def test_bce_gradient(shape, rng):
    a = rng.uniform(0.05, 0.95, size=shape)
    y = rng.integers(0, 2, size=shape).astype(float)
    numeric, floor = fd_gradient(lambda v: float(np.sum(losses.binary_cross_entropy(v, y))), a)
    np.testing.assert_allclose(losses.binary_cross_entropy_grad(a, y), numeric, rtol=1e-7, atol=floor)
    # the closed form −y/a + (1 − y)/(1 − a)
    np.testing.assert_allclose(losses.binary_cross_entropy_grad(a, y), -y / a + (1 - y) / (1 - a), rtol=1e-14)


@pytest.mark.parametrize("shape", [(6,), (4, 3)])
def test_sigmoid_bce_grad_is_a_minus_y_and_the_derivative_of_bce_of_sigmoid(shape, rng):
    z = rng.normal(scale=2.0, size=shape)
    y = rng.integers(0, 2, size=shape).astype(float)
    a = sigmoid(z)
    fused = losses.sigmoid_bce_grad(a, y)
    np.testing.assert_array_equal(fused, a - y)
    composed = {
        "bce(σ(z))": lambda v: float(np.sum(losses.binary_cross_entropy(sigmoid(v), y))),
        "bce_with_logits(z)": lambda v: float(np.sum(losses.binary_cross_entropy_with_logits(v, y))),
    }
    for what, J in composed.items():
        numeric, floor = fd_gradient(J, z)
        np.testing.assert_allclose(fused, numeric, rtol=1e-7, atol=floor, err_msg=what)


def test_bce_with_logits_equals_bce_of_sigmoid():
    # bce(σ(z)) is the inaccurate side: 1 − σ(z) carries an absolute error ~eps, i.e. a relative
    # error ~eps·e^{|z|} (5e-12 at |z| = 10); beyond that only the logits form stays exact.
    z = np.linspace(-10, 10, 81)
    y = (np.arange(81) % 2).astype(float)
    np.testing.assert_allclose(
        losses.binary_cross_entropy_with_logits(z, y),
        losses.binary_cross_entropy(sigmoid(z), y),
        rtol=1e-10,
    )


@pytest.mark.parametrize("labels", ["integer", "one_hot"])
def test_softmax_cross_entropy_fused_gradient_is_p_minus_y(labels, rng):
    m, k = 6, 4
    z = rng.normal(scale=2.0, size=(m, k))
    idx = rng.integers(0, k, size=m)
    y = idx if labels == "integer" else np.eye(k)[idx]
    p = softmax(z)
    fused = losses.softmax_cross_entropy_grad(p, y)
    np.testing.assert_allclose(fused, p - np.eye(k)[idx], rtol=0, atol=0)
    numeric, floor = fd_gradient(lambda v: float(np.sum(losses.softmax_cross_entropy(v, y))), z)
    np.testing.assert_allclose(fused, numeric, rtol=1e-7, atol=floor)
    # and the value equals cross_entropy of the softmax
    np.testing.assert_allclose(losses.softmax_cross_entropy(z, y), losses.cross_entropy(p, y), rtol=1e-12)


def test_softmax_cross_entropy_no_overflow_at_large_logits():
    z = np.array([[1000.0, 0.0, -1000.0], [1000.0, 1000.0, 0.0]])
    # row 1: log-sum-exp = 1000 (+ e^{-1000}); label 2 → 1000 − (−1000) = 2000
    # row 2: log-sum-exp = 1000 + ln 2; label 0 → ln 2
    # (1000 + ln 2) − 1000 is exact only to eps·1000 ≈ 2e-13: the inputs' own scale
    value = losses.softmax_cross_entropy(z, [2, 0])
    np.testing.assert_allclose(value, [2000.0, math.log(2)], rtol=1e-15, atol=4 * EPS * 1000)


@pytest.mark.parametrize("labels", ["integer", "one_hot"])
def test_cross_entropy_gradient(labels, rng):
    p = soft_rows(5, 4, rng)
    idx = rng.integers(0, 4, size=5)
    y = idx if labels == "integer" else np.eye(4)[idx]
    numeric, floor = fd_gradient(lambda v: float(np.sum(losses.cross_entropy(v, y))), p)
    np.testing.assert_allclose(losses.cross_entropy_grad(p, y), numeric, rtol=1e-7, atol=floor)


@pytest.mark.parametrize("shape", [(5,), (5, 2)])
def test_mse_gradient(shape, rng):
    a, y = rng.normal(size=shape), rng.normal(size=shape)
    numeric, floor = fd_gradient(lambda v: float(np.sum(losses.mse(v, y))), a)
    np.testing.assert_allclose(losses.mse_grad(a, y), numeric, rtol=1e-7, atol=floor)


# ---------------------------------------------------------------- properties
@given(pair=prediction_target_pairs())
def test_bce_and_mse_are_nonnegative_and_finite(pair):
    a, y = pair
    for loss in (losses.binary_cross_entropy, losses.mse):
        value = np.asarray(loss(a, y))
        assert value.shape == (a.shape[0],)
        assert np.isfinite(value).all() and (value >= 0).all()
        assert np.isfinite(losses.binary_cross_entropy_grad(a, y)).all()


@given(
    z=hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 4)), elements=st.floats(-1e6, 1e6)),
    data=st.data(),
)
def test_bce_with_logits_is_nonnegative(z, data):
    y = data.draw(hnp.arrays(np.float64, z.shape, elements=st.floats(0.0, 1.0)))
    assert (losses.binary_cross_entropy_with_logits(z, y) >= 0).all()


@given(p=probability_rows(), data=st.data())
def test_cross_entropies_are_nonnegative(p, data):
    labels = data.draw(hnp.arrays(np.int64, p.shape[0], elements=st.integers(0, p.shape[1] - 1)))
    assert (losses.cross_entropy(p, labels) >= 0).all()
    z = np.log(p) * data.draw(st.floats(0.1, 100.0))
    assert (losses.softmax_cross_entropy(z, labels) >= 0).all()


@given(pair=prediction_target_pairs(min_rows=1))
def test_losses_do_not_modify_their_inputs(pair):
    a, y = pair
    a0, y0 = a.copy(), y.copy()
    for fn in (
        losses.binary_cross_entropy,
        losses.binary_cross_entropy_grad,
        losses.mse,
        losses.mse_grad,
        losses.sigmoid_bce_grad,
        losses.binary_cross_entropy_with_logits,
    ):
        out = np.asarray(fn(a, y))
        assert not np.shares_memory(out, a) and not np.shares_memory(out, y)
    if a.ndim == 2 and a.shape[1] > 1:
        p = (a + 0.1) / (a + 0.1).sum(axis=1, keepdims=True)
        p0 = p.copy()
        for fn in (
            losses.cross_entropy,
            losses.cross_entropy_grad,
            losses.softmax_cross_entropy,
            losses.softmax_cross_entropy_grad,
        ):
            fn(p, y)
        np.testing.assert_array_equal(p, p0)
    np.testing.assert_array_equal(a, a0)
    np.testing.assert_array_equal(y, y0)
