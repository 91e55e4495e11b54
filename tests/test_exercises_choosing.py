"""Topic tests for the output-activation checker, beyond the generic ones in test_exercises.py."""

import pytest

from course_lib.exercises import OUTPUT_TASKS, REGISTRY, Feedback, check_choose_output_activation
from course_lib.exercises.choosing import MISTAKES


def answers(**overrides):
    right = {
        "binary": "sigmoid",
        "multi-class": "softmax",
        "multi-label": "sigmoid",
        "regression": "linear",
        "fraction": "sigmoid",
    }
    right.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return lambda task: right[task]


def test_tasks_are_the_five_of_the_notebook():
    assert list(OUTPUT_TASKS) == ["binary", "multi-class", "multi-label", "regression", "fraction"]


def test_success_line_lists_every_task(capsys):
    check_choose_output_activation(answers())
    out = capsys.readouterr().out
    assert out.startswith("✓ choose_output_activation:")
    assert all(word in out for word in ("binary", "multi-class", "multi-label", "regression", "fraction"))


@pytest.mark.parametrize(
    "variant",
    [
        {"regression": "identity"},
        {"regression": " Linear "},
        {"binary": "SIGMOID"},
        {"binary": "softmax"},  # a two-unit softmax is equivalent to one sigmoid unit
    ],
)
def test_spelling_variants_and_the_binary_softmax_are_accepted(variant, capsys):
    check_choose_output_activation(answers(**variant))
    assert capsys.readouterr().out.startswith("✓")


def test_an_unknown_wrong_answer_gets_the_reason():
    with pytest.raises(Feedback) as info:
        check_choose_output_activation(answers(regression="tanh"))
    message = str(info.value)
    assert "choose_output_activation('regression') returned 'tanh', expected 'linear'" in message
    assert "any real number" in message


def test_a_non_string_answer_is_explained():
    with pytest.raises(Feedback, match="as a string"):
        check_choose_output_activation(lambda task: 1)


def test_each_mistake_differs_from_the_reference_on_exactly_one_task():
    right = answers()
    for mistake in MISTAKES:
        wrong = [task for task in OUTPUT_TASKS if mistake.impl(task) != right(task)]
        assert len(wrong) == 1, mistake.name


def test_the_success_line_repeats_the_binary_answer_given(capsys):
    from course_lib.exercises.choosing import _reference

    check_choose_output_activation(lambda task: "softmax" if task == "binary" else _reference(task))
    out = capsys.readouterr().out
    assert "binary → softmax" in out and "binary → sigmoid" not in out
    check_choose_output_activation(_reference)
    assert "binary → sigmoid" in capsys.readouterr().out


# ---------------------------------------------------------------- predict, then run
import copy  # noqa: E402

import numpy as np  # noqa: E402

from course_lib import gradcheck  # noqa: E402
from course_lib.exercises import choosing as ec  # noqa: E402
from course_lib.exercises.choosing import check_fixed_train_step, check_least_learning_prediction  # noqa: E402
from course_lib.topics import choosing as tc  # noqa: E402


def test_the_experiments_final_costs_put_sigmoid_closest_to_ln2():
    costs = ec._spirals_final_costs()
    assert set(costs) == set(ec.PREDICT_OPTIONS)
    assert min(costs, key=lambda a: abs(costs[a] - np.log(2))) == "sigmoid"


@pytest.mark.parametrize("option", ec.PREDICT_OPTIONS)
def test_every_option_completes_the_prediction(option, capsys):
    check_least_learning_prediction(lambda: option)
    out = capsys.readouterr().out
    assert out.startswith("✓ least_learning_prediction:")
    assert ("and the run shows it" in out) == (option == "sigmoid")
    if option != "sigmoid":
        assert "the run shows 'sigmoid'" in out


def test_the_truth_comes_from_the_costs_passed(capsys):
    costs = dict.fromkeys(ec.PREDICT_OPTIONS, 0.05) | {"tanh": 0.68}
    check_least_learning_prediction(lambda: "tanh", costs)
    out = capsys.readouterr().out
    assert "you predicted 'tanh', and the run shows it" in out and "0.680" in out and "σ′" not in out


def test_costs_with_the_wrong_keys_are_feedback():
    with pytest.raises(Feedback, match="expected a dict"):
        check_least_learning_prediction(lambda: "relu", {"relu": 0.1})


def test_a_near_miss_spelling_is_told_the_exact_name():
    with pytest.raises(Feedback, match="copy it exactly as written"):
        check_least_learning_prediction(lambda: "ReLU")
    with pytest.raises(Feedback, match="exactly as in ACTIVATIONS"):
        check_least_learning_prediction(lambda: "Leaky ReLU")


# ---------------------------------------------------------------- debug: the training step
def _problem(m=12, n_in=3, h=5, seed=0):
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.normal(size=(n_in, h)),
        "b1": rng.normal(size=h),
        "W2": rng.normal(size=(h, 1)),
        "b2": rng.normal(size=1),
    }
    return params, rng.normal(size=(m, n_in)), rng.integers(0, 2, size=m)


def test_relu_net_gradients_match_central_differences_and_the_bug_is_in_layer_1():
    params, X, y = _problem()
    good = tc.relu_net_gradients(params, X, y)
    bad = tc.buggy_relu_net_gradients(params, X, y)
    for name, value in params.items():
        numeric = gradcheck.numerical_gradient(
            lambda v, name=name: tc.relu_net_loss({**params, name: v}, X, y), value
        )
        assert np.max(gradcheck.relative_error(good[name], numeric)) < 1e-7
        if name in ("W1", "b1"):
            np.testing.assert_allclose(bad[name] * X.shape[0], good[name])
        else:
            np.testing.assert_array_equal(bad[name], good[name])


def test_train_step_is_gradient_descent_with_relu_net_gradients():
    params, X, y = _problem()
    before = copy.deepcopy(params)
    new = tc.train_step(params, X, y, 0.3)
    grads = tc.relu_net_gradients(params, X, y)
    for name in params:
        np.testing.assert_allclose(new[name], params[name] - 0.3 * grads[name])
        np.testing.assert_array_equal(params[name], before[name])


@pytest.mark.parametrize("mistake", ec.STEP_MISTAKES, ids=lambda m: m.name)
def test_every_step_mistake_is_wrong_on_the_first_network(mistake):
    params, X, y, eta = REGISTRY["fixed_train_step"].cases[0].args
    right = tc.train_step(params, X, y, eta)
    wrong = mistake.impl(copy.deepcopy(params), X, y, eta)
    assert (
        any(not np.allclose(wrong[k], right[k]) for k in params) or mistake.name == "changed params in place"
    )


@pytest.mark.parametrize(
    "shortcut",
    [
        lambda params, X, y, eta: tc.train_step(params, X, y, eta),
        lambda params, X, y, eta: {
            k: v - eta * tc.relu_net_gradients(params, X, y)[k] for k, v in params.items()
        },
    ],
    ids=["train_step", "relu_net_gradients"],
)
def test_library_shortcuts_are_forbidden(shortcut):
    with pytest.raises(Feedback, match="called the library's"):
        check_fixed_train_step(shortcut)


def test_a_step_that_returns_the_gradients_only_is_feedback():
    with pytest.raises(Feedback, match="returned"):
        check_fixed_train_step(lambda params, X, y, eta: {"W1": 0.0})


def test_a_dict_without_every_parameter_names_the_keys():
    with pytest.raises(Feedback, match="expected a new dict with the keys W2, b2, W1, b1"):
        check_fixed_train_step(lambda params, X, y, eta: {"W1": params["W1"]})


# ---------------------------------------------------------------- the Reflect quiz in the registry
def test_every_quiz_question_is_a_registered_exercise_with_a_mistake_per_wrong_option():
    for number, q in enumerate(ec.REFLECT_QUESTIONS, start=1):
        entry = REGISTRY[f"reflect_q{number}"]
        assert entry.notebook == "10" and entry.check is q.check
        wrong = [letter for letter in "ABCD" if letter not in q.answer]
        assert [m.hint for m in entry.mistakes] == [q.why_not[letter] for letter in wrong]
        assert entry.reference() in q.answer


def test_a_quiz_check_takes_the_picked_letter(capsys):
    q2 = ec.REFLECT_QUESTIONS[1]
    q2.check(lambda: "d")  # case and spaces do not matter
    assert capsys.readouterr().out.startswith("✓ reflect_q2: D) is right.")
    with pytest.raises(Feedback, match="Exploding gradients are the opposite problem"):
        q2.check(lambda: "B")
    with pytest.raises(Feedback, match="expected one of the letters 'A', 'B', 'C', 'D'"):
        q2.check(lambda: "The problem of very negligible gradients in early layers")


def test_quiz_q2_counts_two_factors_per_layer_as_notebook_07_teaches():
    explanation = ec.REFLECT_QUESTIONS[1].explanation
    assert "two factors per layer" in explanation and "weights" in explanation
    assert "one derivative factor per layer" not in explanation


def test_quiz_texts_name_no_errata_ids():
    import re

    for q in ec.REFLECT_QUESTIONS:
        for text in (q.explanation, *q.why_not.values()):
            assert not re.search(r"errata|\bE\d+\b", text), text
    assert not [m.hint for m in MISTAKES if "errata" in m.hint]


# ---------------------------------------------------------------- found by trying the exercises as a student
def test_other_names_of_the_right_outputs_pass(capsys):
    # "logistic" is the sigmoid; Keras' activation=None is the identity: both were refused
    names = {
        "binary": "logistic",
        "multi-class": "softmax",
        "multi-label": "Logistic",
        "regression": "None",
        "fraction": "logistic",
    }
    check_choose_output_activation(lambda task: names[task])
    out = capsys.readouterr().out
    assert out.startswith("✓ choose_output_activation: binary → sigmoid,"), out


def test_none_is_still_wrong_for_a_fraction():
    answers = {
        "binary": "sigmoid",
        "multi-class": "softmax",
        "multi-label": "sigmoid",
        "regression": "linear",
    }
    with pytest.raises(Feedback, match=r"choose_output_activation\('fraction'\) returned 'none'") as info:
        check_choose_output_activation(lambda task: answers.get(task, "none"))
    assert ec.MISTAKES[3].hint in str(info.value)  # linear for a fraction
