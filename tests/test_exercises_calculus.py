"""Checkers of notebook 01 beyond the generic registry tests: every planted mistake is told apart
at the first test case, other correct ways of writing the answer pass, and bad returns get feedback."""

import itertools

import numpy as np
import pytest

from course_lib import gradcheck
from course_lib.exercises import REGISTRY, Feedback, check_central_difference, check_gradient_descent_step
from course_lib.exercises import calculus as ex
from course_lib.exercises.calculus import check_eta_prediction


def _values(mistakes, args):
    return {m.name: np.asarray(m.impl(*args), dtype=float) for m in mistakes}


@pytest.mark.parametrize(
    ("mistakes", "first_case", "reference"),
    [
        (ex.CENTRAL_MISTAKES, REGISTRY["central_difference"].cases[0].args, ex._central),
        (ex.STEP_MISTAKES, REGISTRY["gradient_descent_step"].cases[0].args, ex._gd_step),
    ],
    ids=["central_difference", "gradient_descent_step"],
)
def test_first_case_tells_every_mistake_apart(mistakes, first_case, reference):
    args = first_case
    right = np.asarray(reference(*args), dtype=float)
    values = _values(mistakes, args)
    for name, value in values.items():
        assert not np.allclose(value, right, rtol=1e-6), f"{name} equals the right answer"
    for (a, va), (b, vb) in itertools.combinations(values.items(), 2):
        assert not np.allclose(va, vb, rtol=1e-6), f"{a} and {b} give the same value"


def test_central_difference_first_case_numbers():
    f, x, h = REGISTRY["central_difference"].cases[0].args
    assert np.isclose(ex._central(f, x, h), 12.01)  # x³ at 2 with h = 0.1; exact derivative 12
    values = _values(ex.CENTRAL_MISTAKES, (f, x, h))
    assert np.isclose(values["forward difference"], 12.61)
    assert np.isclose(values["backward difference"], 11.41)
    assert np.isclose(values["forgot the 2"], 24.02)


@pytest.mark.parametrize(
    "impl",
    [
        lambda f, x, h: 0.5 * (f(x + h) - f(x - h)) / h,
        lambda f, x, h: (f(x + h) - f(x - h)) / h / 2,
        lambda f, x, h: np.subtract(f(x + h), f(x - h)) / (2.0 * h),
    ],
)
def test_other_correct_central_differences_pass(impl, capsys):
    check_central_difference(impl)
    assert capsys.readouterr().out.startswith("✓ central_difference")


@pytest.mark.parametrize(
    "impl",
    [
        lambda w, grad, eta: w + (-eta) * grad,
        lambda w, grad, eta: np.subtract(w, np.multiply(eta, grad)),
    ],
)
def test_other_correct_steps_pass(impl, capsys):
    check_gradient_descent_step(impl)
    assert capsys.readouterr().out.startswith("✓ gradient_descent_step")


def test_an_in_place_step_is_told_and_cannot_corrupt_the_cases(capsys):
    def in_place(w, grad, eta):
        w -= eta * grad
        return w

    with pytest.raises(Feedback, match="changed its input `w`"):
        check_gradient_descent_step(in_place)
    check_gradient_descent_step(ex._gd_step)  # the cases are intact afterwards
    assert "✓" in capsys.readouterr().out


def test_a_list_or_a_summed_array_gets_feedback():
    with pytest.raises(Feedback, match="returned a list"):
        check_gradient_descent_step(lambda w, grad, eta: [float(np.sum(w - eta * grad))])
    with pytest.raises(Feedback, match="shape"):
        check_central_difference(
            lambda f, x, h: np.atleast_1d(np.sum((f(x + h) - f(x - h)) / (2 * h))) * [1, 1]
        )


def test_feedback_names_the_failing_call():
    with pytest.raises(Feedback) as info:
        check_central_difference(ex.CENTRAL_MISTAKES[0].impl)
    message = str(info.value)
    assert "central_difference(f=x³, x=2, h=0.1)" in message
    assert "12.61" in message and "12.01" in message
    with pytest.raises(Feedback) as info:
        check_gradient_descent_step(ex.STEP_MISTAKES[0].impl)
    assert "gradient_descent_step(w=3, grad=4, eta=0.1)" in str(info.value) and "3.4" in str(info.value)


# ---------------------------------------------------------------- predict, then run: η = 1.2 on w²
def test_the_run_diverges_oscillating():
    path = ex.eta_run()
    assert np.allclose(path, (-1.4) ** np.arange(11))
    assert ex.eta_truth() == "diverges"
    assert ex._outcome(ex.gradient_descent(lambda w: 2 * w, 1.0, 0.1, 10)) == "converges smoothly"
    assert ex._outcome(ex.gradient_descent(lambda w: 2 * w, 1.0, 0.8, 10)) == "converges, oscillating"
    assert ex._outcome(ex.gradient_descent(lambda w: 2 * w, 1.0, 1.0, 10)) == "oscillates forever"


@pytest.mark.parametrize("option", ex.ETA_OPTIONS)
def test_every_option_completes_the_exercise(option, capsys):
    check_eta_prediction(lambda: option)
    out = capsys.readouterr().out
    assert out.startswith(f"✓ eta_prediction: you predicted {option!r}"), out
    if option == "diverges":
        assert "and the run shows it" in out
    else:
        assert "the run shows 'diverges'" in out
    assert "−1.4" in out


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (2, "not its number"),
        (np.float64(-20.5), "not a number you computed"),
        (True, "not yes/no"),
        ("converges oscillating", "copy it exactly"),
        ("  DIVERGES ", "copy it exactly"),
        ("it blows up", "return one of the 4 options"),
        (["diverges"], "a tuple or list is not a prediction"),
        (float(ex.eta_run()[-1]), "not the final w you computed"),
    ],
)
def test_a_prediction_that_is_not_an_option_is_told_how_to_write_it(answer, hint):
    with pytest.raises(Feedback, match="expected one of 'converges smoothly'") as info:
        check_eta_prediction(lambda: answer)
    assert hint in str(info.value)
    assert len(str(info.value).splitlines()) <= 6


def test_the_prediction_is_not_graded_on_a_stub(capsys):
    def eta_prediction():
        raise NotImplementedError()

    assert check_eta_prediction(eta_prediction) is None
    assert "not attempted yet" in capsys.readouterr().out


# ---------------------------------------------------------------- the whole trajectory
def _differs(got, expected) -> bool:
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    return got.shape != expected.shape or not np.allclose(got, expected, rtol=1e-6, atol=1e-9)


def test_first_descent_case_tells_every_mistake_apart():
    args = REGISTRY["gradient_descent"].cases[0].args
    right = ex.gradient_descent(*args)
    values = {m.name: m.impl(*args) for m in ex.DESCENT_MISTAKES}
    for name, value in values.items():
        assert _differs(value, right), f"{name} equals the right answer"
    for (a, va), (b, vb) in itertools.combinations(values.items(), 2):
        assert _differs(va, vb), f"{a} and {b} give the same value"
    assert np.allclose(right, 3 * 0.8 ** np.arange(5))  # w_k = 3·(1 − 2η)^k


def _list_then_array(grad, w0, eta, steps):
    path = [np.asarray(w0, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - eta * grad(path[-1]))
    return np.array(path)


def _stacked(grad, w0, eta, steps):
    path = np.asarray(w0, dtype=float)[None]
    for _ in range(steps):
        path = np.concatenate([path, (path[-1] - eta * grad(path[-1]))[None]])
    return path


def _with_the_step_function(grad, w0, eta, steps):
    path = np.zeros((steps + 1, *np.shape(w0)))
    path[0] = w0
    for k in range(steps):
        path[k + 1] = ex._gd_step(path[k], grad(path[k]), eta)
    return path


@pytest.mark.parametrize("impl", [_list_then_array, _stacked, _with_the_step_function])
def test_other_correct_trajectories_pass(impl, capsys):
    from course_lib.exercises import check_gradient_descent

    check_gradient_descent(impl)
    assert capsys.readouterr().out.startswith("✓ gradient_descent")


def test_an_aliased_trajectory_is_told_as_a_change_of_w0(capsys):
    """`w = w0` then `w -= …` edits the caller's w0 (and every stored row is the same array)."""
    from course_lib.exercises import check_gradient_descent

    def aliased(grad, w0, eta, steps):
        w = w0
        path = [w]
        for _ in range(steps):
            w -= eta * grad(w)
            path.append(w)
        return np.array(path)

    with pytest.raises(Feedback, match="changed its input `w0`"):
        check_gradient_descent(aliased)
    check_gradient_descent(ex.gradient_descent)  # the cases are intact afterwards
    assert "✓" in capsys.readouterr().out


def test_calling_the_library_is_told_and_steps_0_and_divergence_are_checked():
    from course_lib.exercises import check_gradient_descent

    def shortcut(grad, w0, eta, steps):
        return ex.gradient_descent(grad, w0, eta, steps)

    with pytest.raises(Feedback, match="called the library's `gradient_descent`"):
        check_gradient_descent(shortcut)

    def flattened_start(grad, w0, eta, steps):  # loses w0's shape when there is no step to take
        return _list_then_array(grad, w0, eta, steps) if steps else np.ravel(w0)[None]

    with pytest.raises(Feedback, match=r"steps=0\) returned shape \(1, 6\), expected \(1, 2, 3\)"):
        check_gradient_descent(flattened_start)

    def stops_when_growing(grad, w0, eta, steps):  # gives up on a diverging run: not what was asked
        path = _list_then_array(grad, w0, eta, steps)
        size = np.abs(path).reshape(len(path), -1).max(axis=1)
        return np.where((size > size[0]).reshape(-1, *[1] * (path.ndim - 1)), path[0], path)

    with pytest.raises(Feedback, match=r"eta=0\.3 \(too large\)"):
        check_gradient_descent(stops_when_growing)


def test_calling_numerical_derivative_is_told():
    """`gradcheck` is imported in notebook 01, and its numerical_derivative passed the exercise."""
    with pytest.raises(Feedback, match=r"called the library's `gradcheck\.numerical_derivative`"):
        check_central_difference(lambda f, x, h: gradcheck.numerical_derivative(f, x, h))


def test_a_trajectory_that_stops_early_at_the_minimum_fails():
    """A 'converged' early stop returned one row from the minimum and passed no case before."""
    from course_lib.exercises import check_gradient_descent

    def stops_when_flat(grad, w0, eta, steps):
        path = [np.array(w0, dtype=float)]
        for _ in range(steps):
            g = grad(path[-1])
            if np.all(np.abs(g) < 1e-12):
                break
            path.append(path[-1] - eta * g)
        return np.array(path)

    with pytest.raises(Feedback, match=r"w0=\[0, 0\] \(the minimum\)"):
        check_gradient_descent(stops_when_flat)
