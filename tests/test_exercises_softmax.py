"""Topic tests for the stable-softmax checker, beyond the generic ones in test_exercises.py."""

import warnings

import numpy as np
import pytest

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

    with pytest.raises(Feedback, match="overflows to inf") as info:
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
