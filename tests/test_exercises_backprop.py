"""Checkers of 04 (backprop): their test cases discriminate, and feedback stays specific.

tests/test_exercises.py already feeds every planted mistake to its checker; these tests make
sure the inputs are chosen so that each mistake really differs from the right answer, and
that reasonable variations of a correct solution pass.
"""

import numpy as np
import pytest

from course_lib import nn
from course_lib.exercises import (
    REGISTRY,
    Feedback,
    check_dense_backward,
    check_fixed_backward,
    check_gradient_check,
)
from course_lib.exercises import backprop as eb
from course_lib.gradcheck import numerical_gradient, relative_error
from course_lib.topics.backprop import (
    gradient_check_report,
    two_layer_backward,
    two_layer_loss,
    two_layer_problem,
)


@pytest.mark.parametrize("mistake", eb.DENSE_MISTAKES, ids=lambda m: m.name)
def test_first_dense_case_catches_every_mistake(mistake):
    dZ, X, W = REGISTRY["dense_backward"].cases[0].args
    right = eb._dense_backward(dZ, X, W)
    wrong = mistake.impl(dZ, X, W)
    differs = [np.shape(a) != np.shape(b) or not np.allclose(a, b) for a, b in zip(wrong, right)]
    assert any(differs)


def test_dense_cases_are_not_square_after_the_first():
    shapes = [case.args[2].shape for case in REGISTRY["dense_backward"].cases]
    assert shapes[0][0] == shapes[0][1] and all(s[0] != s[1] for s in shapes[1:])


def test_dense_backward_accepts_a_list_and_rejects_two_values(capsys):
    check_dense_backward(lambda dZ, X, W: list(eb._dense_backward(dZ, X, W)))
    assert "✓" in capsys.readouterr().out
    with pytest.raises(Feedback, match="returned 2 results; expected 3: `return dX, dW, db`"):
        check_dense_backward(lambda dZ, X, W: eb._dense_backward(dZ, X, W)[:2])


def test_report_cases_separate_bugs_from_correct_gradients():
    """With h = 1e-5 correct gradients check to < 1e-8, bugs to > 1e-2: far from the PASS/FLAG
    thresholds; with h = 0.1 even correct gradients are off by more than FLAG."""
    for _, backward, (params, X, y), h in eb._report_cases():
        report = eb._report_reference(two_layer_loss, backward, params, X, y, h)
        good = two_layer_backward(params, X, y)
        got = backward(params, X, y)
        for key, err in report.items():
            if h > 1e-3:
                assert eb.FLAG < err < 0.1, (key, err)
            elif np.allclose(got[key], good[key]):
                assert err < 1e-8, (key, err)
            else:
                assert err > 1e-2, (key, err)


def _fixed_h_report(fixed):
    def student(loss, backward, params, X, y, h=1e-5):  # takes h, but uses its own step
        analytic = backward(params, X, y)
        out = {}
        for name in params:
            f = lambda v, name=name: loss({**params, name: v}, X, y)  # noqa: E731
            out[name] = float(
                np.max(relative_error(analytic[name], numerical_gradient(f, params[name], fixed)))
            )
        return out

    return student


@pytest.mark.parametrize("h", [1e-4, 1e-5, 1e-6])
def test_gradient_check_that_ignores_its_h_is_caught(h):
    with pytest.raises(Feedback, match=r"with h=0\.1") as info:
        check_gradient_check(_fixed_h_report(h))
    assert "use the step h you are given" in str(info.value)


def test_gradient_check_with_its_own_default_h_passes(capsys):
    reference = eb._report_reference

    def student(loss, backward, params, X, y, h=1e-6):  # another default, but it uses the h passed
        return reference(loss, backward, params, X, y, h)

    check_gradient_check(student)
    assert "✓" in capsys.readouterr().out


def test_gradient_check_rejects_a_report_that_is_not_a_dict_of_numbers():
    with pytest.raises(Feedback, match="expected a dict"):
        check_gradient_check(lambda *a, **k: [1.0, 2.0])
    with pytest.raises(Feedback, match="keys"):
        check_gradient_check(lambda *a, **k: {"W1": 0.0})
    with pytest.raises(Feedback, match="one number"):
        check_gradient_check(lambda *a, **k: dict.fromkeys(("W1", "b1", "W2", "b2"), np.zeros(2)))


def test_gradient_check_that_passes_everything_is_told_what_it_missed():
    with pytest.raises(Feedback, match="expected") as info:
        check_gradient_check(lambda *a, **k: dict.fromkeys(("W1", "b1", "W2", "b2"), 0.0))
    assert "W1: 1" in str(info.value)


@pytest.mark.parametrize("mistake", eb.FIX_MISTAKES, ids=lambda m: m.name)
def test_every_wrong_fix_is_wrong_in_dW1(mistake):
    params, X, y = next(eb._fix_cases())
    assert not np.allclose(mistake.impl(params, X, y)["W1"], two_layer_backward(params, X, y)["W1"])


def test_fixed_backward_that_changes_params_gets_feedback():
    def mutating(params, X, y):
        params["W1"] += 1.0
        return eb._CORRECT_BACKWARD(params, X, y)

    with pytest.raises(Feedback, match="changed params"):
        check_fixed_backward(mutating)


def test_fixed_backward_big_arrays_name_the_worst_entry():
    def off(params, X, y):
        grads = eb._CORRECT_BACKWARD(params, X, y)
        grads["W1"] = grads["W1"].copy()
        grads["W1"][1, 2] += 1.0
        return grads

    with pytest.raises(Feedback, match=r"largest difference is at \[1, 2\]"):
        check_fixed_backward(off)


def test_dense_backward_db_not_summed_gets_its_hint_from_the_shape():
    not_summed = next(m for m in eb.DENSE_MISTAKES if m.name == "db not summed")
    with pytest.raises(
        Feedback, match=r"db from dense_backward.*returned shape \(4, 2\), expected \(2,\)"
    ) as info:
        check_dense_backward(not_summed.impl)
    assert not_summed.hint in str(info.value)


# ---------------------------------------------------------------- the library's answer is not accepted
# (found trying the notebook as a student: nn.dense_backward, gradient_check_report and
# two_layer_backward, all in the notebook's namespace, passed the three exercises)
def test_calling_the_library_is_told():
    """The names are module globals here, as in the notebook (a closure's names are not checked)."""

    def dense_shortcut(dZ, X, W):
        _, cache = nn.dense_forward(X, W, np.zeros(W.shape[1]))
        return nn.dense_backward(dZ, cache)

    with pytest.raises(Feedback, match=r"called the library's `nn\.dense_backward`"):
        check_dense_backward(dense_shortcut)
    with pytest.raises(Feedback, match="called the library's `gradient_check_report`"):
        check_gradient_check(
            lambda loss, backward, params, X, y, h=1e-5: gradient_check_report(
                loss, backward, params, X, y, h
            )
        )
    with pytest.raises(Feedback, match="called the library's `two_layer_backward`"):
        check_fixed_backward(lambda params, X, y: two_layer_backward(params, X, y))


def test_the_written_out_references_equal_the_library():
    params, X, y = two_layer_problem(np.random.default_rng(5))
    for h in (1e-5, 0.1):
        assert eb._report_reference(
            two_layer_loss, two_layer_backward, params, X, y, h
        ) == gradient_check_report(two_layer_loss, two_layer_backward, params, X, y, h)
    mine, lib = eb._CORRECT_BACKWARD(params, X, y), two_layer_backward(params, X, y)
    assert all(np.allclose(mine[k], lib[k], rtol=1e-13, atol=0) for k in lib)


@pytest.mark.parametrize("own_h", [1e-3, 1e-2])
def test_a_gradient_check_with_its_own_large_step_gets_a_hint(own_h):
    """h = 1e-3 of its own gave errors ~1e-6 on right gradients, told without a hint before."""

    def gradient_check(loss, backward, params, X, y, h=1e-5):
        grads = backward(params, X, y)
        return {
            k: float(
                np.max(
                    relative_error(
                        grads[k],
                        numerical_gradient(lambda v, k=k: loss({**params, k: v}, X, y), params[k], own_h),
                    )
                )
            )
            for k in params
        }

    with pytest.raises(Feedback, match="Use that h, not a step of your own"):
        check_gradient_check(gradient_check)
