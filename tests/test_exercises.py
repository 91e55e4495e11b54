"""Every registered exercise checker, generated from the registry: the reference passes with a ✓
line, a stub prints the not-attempted notice and returns, every planted mistake gets its own
hint, and broken student code gets feedback instead of crashing the library."""

import numpy as np
import pytest

from course_lib.exercises import REGISTRY, Feedback

EXERCISES = sorted(REGISTRY)
MISTAKES = [(name, m) for name in EXERCISES for m in REGISTRY[name].mistakes]


def test_exercises_are_registered():
    assert EXERCISES


@pytest.mark.parametrize("name", EXERCISES)
def test_reference_solution_passes(name, capsys):
    ex = REGISTRY[name]
    ex.check(ex.reference)
    out = capsys.readouterr().out
    assert out.startswith(f"✓ {name}:"), out


@pytest.mark.parametrize("name", EXERCISES)
def test_stub_reports_not_attempted_and_returns(name, capsys):
    def stub(*args, **kwargs):
        raise NotImplementedError()

    assert REGISTRY[name].check(stub) is None
    assert "not attempted yet" in capsys.readouterr().out


@pytest.mark.parametrize(("name", "mistake"), MISTAKES, ids=[f"{n}-{m.name}" for n, m in MISTAKES])
def test_planted_mistake_gets_its_hint(name, mistake):
    with pytest.raises(Feedback) as info:
        REGISTRY[name].check(mistake.impl)
    message = str(info.value)
    assert mistake.hint in message, f"expected the hint {mistake.hint!r}, got: {message}"
    assert "expected" in message and "returned" in message, message


@pytest.mark.parametrize("name", EXERCISES)
def test_returning_none_is_feedback(name):
    with pytest.raises(Feedback, match="None"):
        REGISTRY[name].check(lambda *args, **kwargs: None)


@pytest.mark.parametrize("name", EXERCISES)
def test_student_exception_is_feedback_not_a_crash(name):
    def broken(*args, **kwargs):
        return {}["missing key"]

    with pytest.raises(Feedback, match="raised KeyError"):
        REGISTRY[name].check(broken)


@pytest.mark.parametrize("name", EXERCISES)
def test_not_a_function_is_feedback(name):
    with pytest.raises(Feedback, match="expected a function"):
        REGISTRY[name].check(42)


SOLUTION_LINES = (
    "np.all(Z <= 0, axis=0)",
    "norms[0] / norms[-1]",
    "np.where(z >= 0, z, alpha * z)",
    "np.where(z > 0, 1.0, alpha)",
    "dA1 * (1 - A1**2)",
    "1 - A1**2",
)


@pytest.mark.parametrize(("name", "mistake"), MISTAKES, ids=[f"{n}-{m.name}" for n, m in MISTAKES])
def test_no_hint_prints_a_solution_line(name, mistake):
    assert not [line for line in SOLUTION_LINES if line in mistake.hint], mistake.hint


@pytest.mark.parametrize("name", EXERCISES)
def test_feedback_on_a_student_error_is_short(name):
    def noisy(*args, **kwargs):  # an exception whose message holds a big array
        raise ValueError(f"bad value:\n{np.arange(400.0).reshape(20, 20)}")

    with pytest.raises(Feedback) as info:
        REGISTRY[name].check(noisy)
    assert len(str(info.value).splitlines()) <= 6, str(info.value)


# ---------------------------------------------------------------- predict, then run
def test_a_prediction_is_one_of_the_options_and_any_option_completes_the_exercise():
    from course_lib.exercises._core import NotAttempted, predicted, prediction_verdict

    def first():
        return "first"

    def stub():
        raise NotImplementedError()

    assert predicted(first, ("first", "last")) == "first"
    with pytest.raises(NotAttempted):
        predicted(stub, ("first", "last"))
    with pytest.raises(Feedback, match="expected one of 'first', 'last'"):
        predicted(lambda: "middle", ("first", "last"))
    assert prediction_verdict("first", "first", "Why.").startswith(
        "you predicted 'first', and the run shows it."
    )
    assert "the run shows 'last'" in prediction_verdict("first", "last", "Why.")


def test_a_list_where_an_array_is_expected_is_told_to_return_an_array_and_nothing_more():
    from course_lib.exercises._core import expect_close_detailed

    expected = np.linspace(0.0, 1.0, 12)
    with pytest.raises(Feedback) as info:
        expect_close_detailed(list(expected + 0.5), expected, "f(x)")
    assert "returned a list" in str(info.value) and "largest difference" not in str(info.value)
    with pytest.raises(Feedback, match=r"largest difference is at \[3\]"):
        wrong = expected.copy()
        wrong[3] += 1.0
        expect_close_detailed(wrong, expected, "f(x)")


def test_a_list_of_arrays_is_described_by_its_shapes():
    from course_lib.exercises._core import describe

    weights = [np.zeros((2, 3)), np.zeros((3, 3)), np.zeros((3, 1))]
    assert describe(weights) == "a list of 3 arrays of shapes (2, 3), (3, 3), (3, 1)"
    assert describe(tuple(weights) * 2).endswith("(2, 3), (3, 3), (3, 1), (2, 3), …")


# ---------------------------------------------------------------- forbidden calls, however reached
def _softmax_by_import(z):
    from course_lib.activations import softmax as library_softmax

    return library_softmax(z)


def _softmax_by_module_import(z):
    import scipy.special

    return scipy.special.softmax(z, axis=-1)


def _library_softmax_helper(z):
    from course_lib import activations

    return activations.softmax(z)


def _softmax_through_a_helper(z):
    return _library_softmax_helper(z)


def _own_exp(z):
    return np.exp(z - np.max(z, axis=-1, keepdims=True))


def _softmax_with_own_helper(z):
    e = _own_exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize(
    "shortcut",
    [_softmax_by_import, _softmax_by_module_import, _softmax_through_a_helper],
    ids=lambda f: f.__name__,
)
def test_a_forbidden_library_call_is_caught_through_an_import_or_a_helper(shortcut):
    from course_lib.exercises import check_stable_softmax

    with pytest.raises(Feedback, match=r"called the library's `(scipy\.special\.)?softmax`"):
        check_stable_softmax(shortcut)


def test_the_students_own_helpers_are_fine(capsys):
    from course_lib.exercises import check_stable_softmax

    check_stable_softmax(_softmax_with_own_helper)
    assert capsys.readouterr().out.startswith("✓ stable_softmax")
