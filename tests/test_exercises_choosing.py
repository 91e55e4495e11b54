"""Topic tests for the output-activation checker, beyond the generic ones in test_exercises.py."""

import pytest

from course_lib.exercises import OUTPUT_TASKS, Feedback, check_choose_output_activation
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
