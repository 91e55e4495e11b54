"""Topic tests for the stable-softmax checker, beyond the generic ones in test_exercises.py."""

import warnings

import numpy as np
import pytest
import scipy.special

import course_lib
from course_lib import activations
from course_lib.activations import softmax
from course_lib.exercises import Feedback, check_stable_softmax
from course_lib.exercises.softmax import MISTAKES


def good(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_success_line_says_what_was_verified(capsys):
    check_stable_softmax(good)
    out = capsys.readouterr().out
    assert out.startswith("✓ stable_softmax:")
    assert "[1000, 999] → [0.731, 0.269]" in out and "±800" in out


def test_in_place_student_code_is_told_and_cannot_corrupt_the_cases(capsys):
    def in_place(z):
        z -= z.max(axis=-1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=-1, keepdims=True)
        return z

    with pytest.raises(Feedback, match="changed its input `z`"):
        check_stable_softmax(in_place)
    check_stable_softmax(good)  # the cases are intact afterwards
    assert capsys.readouterr().out.count("✓") == 1


@pytest.mark.parametrize(
    "shortcut",
    [
        lambda z: softmax(z),
        lambda z: activations.softmax(z, axis=-1),
        lambda z: course_lib.activations.softmax(z),
    ],
    ids=["imported name", "module attribute", "package attribute"],
)
def test_calling_the_library_softmax_is_feedback(shortcut):
    with pytest.raises(Feedback, match="called the library's `softmax`") as info:
        check_stable_softmax(shortcut)
    assert len(str(info.value).splitlines()) <= 6


def test_forbidding_does_not_touch_the_callers_namespace(capsys):
    check_stable_softmax(lambda z: good(np.asarray(z)) if softmax is not None else None)
    assert softmax(np.zeros(2))[0] == 0.5  # still the library's function in this module
    assert capsys.readouterr().out.startswith("✓")


def test_minimum_shift_is_caught_on_zero_and_1000():
    def min_shift(z):  # passes [1000, 999], returns [0, nan] for [0, 1000]
        e = np.exp(z - z.min(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    with pytest.raises(Feedback, match=r"z=\[0.0, 1000.0\]") as info:
        check_stable_softmax(min_shift)
    assert "minimum" in str(info.value)


def test_overflow_gives_feedback_not_a_warning():
    naive = next(m.impl for m in MISTAKES if m.name == "no max-shift")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning would fail here
        with pytest.raises(Feedback, match=r"returned \[nan, nan\], expected \[0.731059, 0.268941\]"):
            check_stable_softmax(naive)


def test_unknown_nan_is_explained():
    def nan_for_large(z):  # wrong in a way no planted mistake matches
        out = good(z)
        return np.where((z < -700) & (z > -1001), np.nan, out)

    with pytest.raises(Feedback, match="overflowed") as info:
        check_stable_softmax(nan_for_large)
    assert "Hint" not in str(info.value)


def test_broadcast_error_gets_the_keepdims_hint():
    def fails_on_non_square(z):  # right on vectors and square batches, like a student's lucky test
        if z.ndim == 2 and 1 < z.shape[0] != z.shape[1]:
            return np.exp(z) / np.exp(z).sum(axis=-1)  # (m, K) / (m,): broadcasting error
        return good(z)

    with pytest.raises(Feedback, match="raised ValueError") as info:
        check_stable_softmax(fails_on_non_square)
    assert "keepdims=True" in str(info.value)


def test_unknown_wrong_answer_names_input_and_values():
    with pytest.raises(Feedback) as info:
        check_stable_softmax(lambda z: np.ones_like(z) / z.shape[-1])
    message = str(info.value)
    assert "stable_softmax(z=[2.0, 1.0, 0.1]" in message and "expected" in message and "returned" in message


def test_row_sums_reported_for_large_batches():
    def off_on_big_batches(z):
        out = good(z)
        return out * 2 if z.size > 8 else out

    with pytest.raises(Feedback, match="rows of your result sum to"):
        check_stable_softmax(off_on_big_batches)


def test_wrong_shape_is_feedback():
    with pytest.raises(Feedback, match="shape"):
        check_stable_softmax(lambda z: good(np.atleast_2d(z)))


def test_axis_1_on_a_vector_gets_the_last_axis_hint():
    def axis1(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    with pytest.raises(Feedback, match=r"AxisError|out of bounds") as info:
        check_stable_softmax(axis1)
    assert "axis=-1" in str(info.value)


# ---------------------------------------------------------------- the softmax Jacobian (derive)
from course_lib.exercises import softmax as es  # noqa: E402
from course_lib.exercises.softmax import check_softmax_ce_forward_backward, check_softmax_jacobian  # noqa: E402
from course_lib.topics.softmax import jacobian_from_probabilities, softmax_ce_forward_backward  # noqa: E402

losses = course_lib.losses


def own_jacobian(z):  # a student's solution (the checker forbids the reference itself)
    s = softmax(z)
    return np.diag(s) - np.outer(s, s)


def own_layer(Z, y):  # a student's solution
    m = Z.shape[0]
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_P = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    Y = np.eye(Z.shape[1])[y]
    return -(Y * log_P).sum() / m, (np.exp(log_P) - Y) / m


def central_jacobian(z, h=1e-5):
    """∂s_i/∂z_j by central differences, column by column."""
    K = z.size
    J = np.empty((K, K))
    for j in range(K):
        step = np.zeros(K)
        step[j] = h
        J[:, j] = (softmax(z + step) - softmax(z - step)) / (2 * h)
    return J


def central_dZ(Z, y, h=1e-5):
    """∂J/∂Z by central differences of the reference J."""
    dZ = np.empty_like(Z)
    for i in np.ndindex(Z.shape):
        up, down = Z.copy(), Z.copy()
        up[i] += h
        down[i] -= h
        dZ[i] = (softmax_ce_forward_backward(up, y)[0] - softmax_ce_forward_backward(down, y)[0]) / (2 * h)
    return dZ


def test_jacobian_reference_matches_the_library_and_central_differences():
    for case in es._jacobian_cases():
        (z,) = case.args
        J = jacobian_from_probabilities(z)
        np.testing.assert_allclose(J, activations.softmax_jacobian(z), atol=1e-15)
        np.testing.assert_allclose(J, central_jacobian(z), atol=1e-9)


@pytest.mark.parametrize("mistake", es.JACOBIAN_MISTAKES[:-1], ids=lambda m: m.name)
def test_every_jacobian_mistake_is_really_wrong_on_the_first_case(mistake):
    (z,) = es._jacobian_cases()[0].args
    assert not np.allclose(np.broadcast_to(mistake.impl(z), (z.size, z.size)), jacobian_from_probabilities(z))


def test_jacobian_is_symmetric_so_a_transposed_answer_passes(capsys):
    check_softmax_jacobian(lambda z: own_jacobian(z).T)
    assert capsys.readouterr().out.startswith("✓ softmax_jacobian:")


@pytest.mark.parametrize(
    "shortcut",
    [
        lambda z: activations.softmax_jacobian(z),
        lambda z: np.stack([activations.softmax_vjp(z, e) for e in np.eye(z.size)]),
        lambda z: jacobian_from_probabilities(z),
    ],
    ids=["softmax_jacobian", "softmax_vjp", "the reference"],
)
def test_jacobian_shortcuts_are_forbidden(shortcut):
    with pytest.raises(Feedback, match="called the library's"):
        check_softmax_jacobian(shortcut)


def test_jacobian_may_use_the_library_softmax(capsys):
    def with_softmax(z):
        s = softmax(z)
        return np.diag(s) - np.outer(s, s)

    check_softmax_jacobian(with_softmax)
    assert capsys.readouterr().out.startswith("✓")


def test_jacobian_without_the_max_shift_gets_nan_feedback():
    def naive(z):
        s = np.exp(z) / np.exp(z).sum()
        return np.diag(s) - np.outer(s, s)

    with pytest.raises(Feedback, match=r"1000\.0, 999\.0, 0\.0"):
        check_softmax_jacobian(naive)


@pytest.mark.parametrize("h", [1e-3, 1e-5, 1e-7])
@pytest.mark.parametrize("kind", ["central", "forward"])
def test_jacobian_from_finite_differences_is_told_to_write_the_formula(kind, h):
    # a derive exercise: a finite difference is close, never equal (false pass at atol 1e-8 before)
    def numeric(z):
        K = z.size
        if kind == "central":
            columns = [(softmax(z + h * e) - softmax(z - h * e)) / (2 * h) for e in np.eye(K)]
        else:
            columns = [(softmax(z + h * e) - softmax(z)) / h for e in np.eye(K)]
        return np.stack(columns, axis=1)

    with pytest.raises(Feedback) as info:
        check_softmax_jacobian(numeric)
    assert (h == 1e-3 and kind == "forward") or es.JACOBIAN_NUMERIC_HINT in str(info.value)


def test_jacobian_written_entry_by_entry_passes(capsys):
    def loops(z):
        s = softmax(z)
        K = s.size
        J = np.empty((K, K))
        for i in range(K):
            for j in range(K):
                J[i, j] = s[i] * ((i == j) - s[j])
        return J

    check_softmax_jacobian(loops)
    assert capsys.readouterr().out.startswith("✓ softmax_jacobian:")


# ---------------------------------------------------------------- softmax + cross-entropy (implement)
def test_ce_reference_matches_nn_and_central_differences():
    from course_lib import nn

    for case in es._ce_cases():
        Z, y = case.args
        _, J, cache = nn.output_forward(Z, losses.one_hot(y, Z.shape[1]), "softmax", "ce")
        got_J, got_dZ = softmax_ce_forward_backward(Z, y)
        assert np.isclose(got_J, J, rtol=1e-12) and np.allclose(got_dZ, nn.output_backward(cache), atol=1e-15)
        if np.abs(Z).max() < 100:
            np.testing.assert_allclose(got_dZ, central_dZ(Z, y), rtol=1e-5, atol=1e-10)


def test_ce_cases_include_the_overflow_and_the_confidently_wrong_row():
    cases = {case.label: case.args for case in es._ce_cases()}
    Z, y = cases["Z=[[1000.0, 999.0]], y=[0]"]
    assert np.isfinite(softmax_ce_forward_backward(Z, y)[0])
    Z, y = next(v for k, v in cases.items() if "confidently wrong" in k)
    assert softmax_ce_forward_backward(Z, y)[0] == 500.0


@pytest.mark.parametrize("name", ["no max-shift", "ln of a rounded probability", "0 times ln 0"])
def test_unstable_layers_pass_small_logits_and_are_caught_at_1000(name):
    mistake = next(m for m in es.CE_MISTAKES if m.name == name)
    Z, y = np.array([[2.0, 1.0, 0.1]]), np.array([1])
    expected = softmax_ce_forward_backward(Z, y)
    got = mistake.impl(Z, y)
    assert np.isclose(got[0], expected[0]) and np.allclose(got[1], expected[1])  # a small test passes
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # feedback, not a RuntimeWarning
        with pytest.raises(Feedback, match=r"1000\.0") as info:
            check_softmax_ce_forward_backward(mistake.impl)
    assert mistake.hint in str(info.value) and "Or:" not in str(info.value)


@pytest.mark.parametrize(
    "shortcut",
    [
        lambda Z, y: (0.0, softmax(Z)),
        lambda Z, y: (losses.softmax_cross_entropy(Z, y).mean(), 0.0),
    ],
    ids=["softmax", "losses.softmax_cross_entropy"],
)
def test_ce_library_shortcuts_are_forbidden(shortcut):
    with pytest.raises(Feedback, match="called the library's"):
        check_softmax_ce_forward_backward(shortcut)


def test_ce_in_place_edit_of_Z_is_feedback():
    def in_place(Z, y):
        Z -= Z.max(axis=1, keepdims=True)
        return own_layer(Z, y)

    with pytest.raises(Feedback, match="changed its input `Z`"):
        check_softmax_ce_forward_backward(in_place)


def test_ce_returning_one_value_is_feedback():
    with pytest.raises(Feedback, match="expected 2 results: `return J, dZ`"):
        check_softmax_ce_forward_backward(lambda Z, y: own_layer(Z, y)[1])


def test_ce_accepts_a_list(capsys):
    check_softmax_ce_forward_backward(lambda Z, y: list(own_layer(Z, y)))
    assert capsys.readouterr().out.startswith("✓ softmax_ce_forward_backward:")


@pytest.mark.parametrize(
    "shortcut",
    [
        lambda z: scipy.special.softmax(z, axis=-1),
        lambda z: np.exp(scipy.special.log_softmax(z, axis=-1)),
    ],
    ids=["scipy.special.softmax", "scipy.special.log_softmax"],
)
def test_scipys_softmax_is_refused_too(shortcut):
    # SciPy is a dependency of the course: its softmax passed "without the library's softmax"
    with pytest.raises(Feedback, match=r"called the library's `scipy\.special\."):
        check_stable_softmax(shortcut)


def test_scipys_log_softmax_is_refused_in_the_layer():
    def layer(Z, y):
        log_P = scipy.special.log_softmax(Z, axis=1)
        Y = np.eye(Z.shape[1])[y]
        return -(Y * log_P).sum() / len(y), (np.exp(log_P) - Y) / len(y)

    with pytest.raises(Feedback, match=r"called the library's `scipy\.special\.log_softmax`"):
        check_softmax_ce_forward_backward(layer)
