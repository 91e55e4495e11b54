"""Tests for ``activations.softmax``, ``softmax_jacobian`` and ``softmax_vjp``."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from strategies import arrays

from course_lib.activations import softmax, softmax_jacobian, softmax_vjp

EPS = np.finfo(np.float64).eps
TEMPERATURES = [1.0, 0.5, 3.0]


def fd_jacobian(f, z: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central-difference Jacobian J[i, j] = ∂f_i/∂z_j of a vector function of a vector z."""
    J = np.empty((f(z).size, z.size))
    for j in range(z.size):
        e = np.zeros_like(z)
        e[j] = h
        J[:, j] = (f(z + e) - f(z - e)) / (2 * h)
    return J


def by_hand(z, T=1.0):
    """softmax written out with the standard library only (for moderate z)."""
    e = [math.exp(v / T) for v in z]
    return [v / sum(e) for v in e]


# ---------------------------------------------------------------- values
def test_hand_example():
    np.testing.assert_allclose(softmax([1.0, 2.0, 3.0]), by_hand([1.0, 2.0, 3.0]), rtol=1e-15)
    # e^0 / (e^0 + e^0) = 1/2
    np.testing.assert_array_equal(softmax([5.0, 5.0]), [0.5, 0.5])


@pytest.mark.parametrize("T", TEMPERATURES)
def test_temperature_divides_the_logits(T, rng):
    z = rng.normal(size=(4, 5))
    np.testing.assert_allclose(softmax(z, T=T), softmax(z / T), rtol=1e-14)
    np.testing.assert_allclose(softmax(z[0], T=T), by_hand(z[0], T), rtol=1e-14)


def test_temperature_limits():
    z = np.array([0.3, 2.0, -1.0])
    np.testing.assert_allclose(softmax(z, T=1e-3), [0, 1, 0], atol=1e-300)  # → arg-max one-hot
    np.testing.assert_allclose(softmax(z, T=1e6), [1 / 3] * 3, rtol=1e-5)  # → uniform


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_axis(axis, rng):
    z = rng.normal(size=(3, 4))
    s = softmax(z, axis=axis)
    np.testing.assert_allclose(s.sum(axis=axis), 1.0, rtol=1e-15)
    moved = np.moveaxis(z, axis, -1)
    expected = np.array([by_hand(row) for row in moved])
    np.testing.assert_allclose(np.moveaxis(s, -1, axis), expected, rtol=1e-14)


def test_no_overflow_at_large_logits():
    for z, expected in [
        ([1000.0, 1000.0], [0.5, 0.5]),
        ([1000.0, 999.0], by_hand([1.0, 0.0])),  # shift invariance: softmax(1, 0)
        ([-1000.0, -1001.0], by_hand([1.0, 0.0])),
        ([1000.0, -1000.0], [1.0, 0.0]),
        ([1e300, 0.0, -1e300], [1.0, 0.0, 0.0]),
        ([-np.inf, 0.0, 0.0], [0.0, 0.5, 0.5]),  # e^{-inf} = 0: a masked logit
    ]:
        np.testing.assert_allclose(softmax(z), expected, rtol=1e-15, err_msg=str(z))
    z = np.array([1000.0, 999.0, 998.0])
    assert np.isfinite(softmax_jacobian(z)).all()
    assert np.isfinite(softmax_vjp(z[None], np.ones((1, 3)))).all()
    np.testing.assert_allclose(softmax_jacobian(z), softmax_jacobian(z - 1000.0), rtol=1e-15)


# ---------------------------------------------------------------- Jacobian
@pytest.mark.parametrize("T", TEMPERATURES)
@pytest.mark.parametrize("n", [1, 2, 5])
def test_jacobian_is_diag_s_minus_s_st_and_matches_finite_differences(n, T, rng):
    z = rng.normal(scale=2.0, size=n)
    J = softmax_jacobian(z, T=T)
    s = np.array(by_hand(z, T))
    np.testing.assert_allclose(J, (np.diag(s) - np.outer(s, s)) / T, rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(J, fd_jacobian(lambda v: softmax(v, T=T), z), rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(J, J.T, rtol=0, atol=1e-17)  # symmetric
    np.testing.assert_allclose(J.sum(axis=0), 0.0, atol=1e-15)  # Σ_i s_i = 1 ⇒ columns sum to 0


def test_jacobian_is_not_just_its_diagonal():
    """The anti-pattern p(1 − p) is only the Jacobian's diagonal: off-diagonals are −s_i s_j."""
    z = np.array([0.1, 0.5, -0.3])
    J, s = softmax_jacobian(z), softmax(z)
    np.testing.assert_allclose(np.diag(J), s * (1 - s), rtol=1e-14)
    assert J[0, 1] == pytest.approx(-s[0] * s[1], rel=1e-14) and J[0, 1] < 0


# ---------------------------------------------------------------- vector-Jacobian product
@pytest.mark.parametrize("T", TEMPERATURES)
def test_vjp_equals_jacobian_transpose_times_dout_per_row(T, rng):
    z = rng.normal(scale=2.0, size=(6, 4))
    dout = rng.normal(size=(6, 4))
    dz = softmax_vjp(z, dout, T=T)
    expected = np.array([softmax_jacobian(zi, T=T).T @ di for zi, di in zip(z, dout)])
    np.testing.assert_allclose(dz, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("axis", [0, -1])
@pytest.mark.parametrize("T", TEMPERATURES)
def test_vjp_matches_finite_differences(axis, T, rng):
    """dz = ∂⟨dout, softmax(z)⟩/∂z, for a batch, along either axis, and for a 3-D array."""
    for shape in [(5, 3), (2, 3, 4)]:
        z = rng.normal(scale=2.0, size=shape)
        dout = rng.normal(size=shape)

        def objective(v, dout=dout):
            return float(np.sum(dout * softmax(v, axis=axis, T=T)))

        numeric = np.empty_like(z)
        h = 1e-5
        for i in np.ndindex(z.shape):
            e = np.zeros_like(z)
            e[i] = h
            numeric[i] = (objective(z + e) - objective(z - e)) / (2 * h)
        analytic = softmax_vjp(z, dout, axis=axis, T=T)
        # round-off floor of the quotient: a few ulps of the summed terms, over 2h (≈ 1e-10)
        floor = 4 * EPS * np.sum(np.abs(dout * softmax(z, axis=axis, T=T))) / (2 * h)
        np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=floor)


def test_vjp_of_a_constant_upstream_gradient_is_zero(rng):
    """⟨c·1, s⟩ = c does not depend on z."""
    z = rng.normal(size=(3, 5))
    np.testing.assert_allclose(softmax_vjp(z, np.full((3, 5), 7.0)), 0.0, atol=1e-15)


# ---------------------------------------------------------------- properties
logits = st.floats(-1e300, 1e300)


@given(z=arrays(logits, min_dims=1), T=st.floats(1e-2, 1e2), data=st.data())
def test_rows_are_probability_vectors(z, T, data):
    axis = data.draw(st.integers(-z.ndim, z.ndim - 1))
    s = softmax(z, axis=axis, T=T)
    assert s.shape == z.shape
    assert ((s >= 0) & (s <= 1)).all()
    np.testing.assert_allclose(s.sum(axis=axis), 1.0, rtol=1e-13)


@given(z=arrays(st.floats(-100, 100), min_dims=1), c=st.floats(-1e3, 1e3))
def test_shift_invariance(z, c):
    # z + c is rounded to within eps·|c| ≈ 2e-13 in absolute terms: that much a probability moves
    np.testing.assert_allclose(softmax(z + c), softmax(z), rtol=1e-11, atol=1e-15)


@given(z=arrays(st.floats(-50, 50), min_dims=1), data=st.data())
def test_functions_do_not_modify_or_alias_their_input(z, data):
    dout = data.draw(hnp.arrays(np.float64, z.shape, elements=st.floats(-10, 10)))
    z0, d0 = z.copy(), dout.copy()
    outs = [softmax(z), softmax(z, T=2.0), softmax_vjp(z, dout)]
    if z.ndim == 1:
        outs.append(softmax_jacobian(z))
    for out in outs:
        assert not np.shares_memory(out, z) and not np.shares_memory(out, dout)
    np.testing.assert_array_equal(z, z0)
    np.testing.assert_array_equal(dout, d0)
