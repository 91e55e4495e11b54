"""Topic tests for the stable-softmax checker, beyond the generic ones in test_exercises.py."""

import warnings

import numpy as np
import pytest

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


def test_in_place_student_code_cannot_corrupt_the_cases(capsys):
    def in_place(z):
        z -= z.max(axis=-1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=-1, keepdims=True)
        return z

    check_stable_softmax(in_place)
    check_stable_softmax(good)  # the cases are intact afterwards
    assert capsys.readouterr().out.count("✓") == 2


def test_overflow_gives_feedback_not_a_warning():
    naive = next(m.impl for m in MISTAKES if m.name == "no max-shift")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning would fail here
        with pytest.raises(Feedback, match=r"returned \[nan, nan\], expected \[0.731059, 0.268941\]"):
            check_stable_softmax(naive)


def test_unknown_nan_is_explained():
    def nan_for_large(z):  # wrong in a way no planted mistake matches
        out = good(z)
        return np.where(z < -700, np.nan, out)

    with pytest.raises(Feedback, match="overflows to inf") as info:
        check_stable_softmax(nan_for_large)
    assert "Hint" not in str(info.value)


def test_broadcast_error_gets_the_keepdims_hint():
    def fails_on_non_square(z):  # right on vectors and square batches, like a student's lucky test
        if z.ndim == 2 and z.shape[0] != z.shape[1]:
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
