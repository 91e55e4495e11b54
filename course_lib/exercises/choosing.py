"""Checker for 10 — Choosing an activation: the output activation that fits a task.

The student writes ``choose_output_activation(task)`` for each key of :data:`OUTPUT_TASKS`
and returns the name of an output activation as a string: ``"sigmoid"``, ``"softmax"`` or
``"linear"``. Case and surrounding spaces are ignored; ``"identity"`` counts as ``"linear"``.
For a binary task a two-unit softmax is equivalent to one sigmoid unit (notebook 06), so
``"softmax"`` is accepted there too.
"""

from __future__ import annotations

from course_lib.exercises._core import Feedback, Mistake, call, exercise

__all__ = ["OUTPUT_TASKS", "check_choose_output_activation"]

OUTPUT_TASKS = {
    "binary": "binary classification: one yes/no label per example (spam or not)",
    "multi-class": "multi-class classification: exactly one of K classes per example (which digit, 0-9)",
    "multi-label": "multi-label classification: any of K labels can be true at once (the tags of a photo)",
    "regression": "regression of a real value of any sign (tomorrow's temperature in °C)",
    "fraction": "regression of a fraction in (0, 1) (the share of a pixel covered by cloud)",
}

_EXPECTED = {
    "binary": ("sigmoid", "softmax"),
    "multi-class": ("softmax",),
    "multi-label": ("sigmoid",),
    "regression": ("linear",),
    "fraction": ("sigmoid",),
}
_SYNONYMS = {"identity": "linear"}

_WHY = {
    "binary": "one sigmoid unit turns the logit into P(y = 1) in (0, 1) (a two-unit softmax is equivalent).",
    "multi-class": "softmax gives K positive probabilities that sum to 1: one distribution over the classes.",
    "multi-label": "each label is its own yes/no question, so each needs its own sigmoid; softmax would "
    "force the labels to compete for a total probability of 1.",
    "regression": "the target can be any real number, and only the identity (linear) output can produce "
    "every real number.",
    "fraction": "the target lies in (0, 1), and a sigmoid output keeps every prediction inside (0, 1).",
}


def _reference(task: str) -> str:
    """The output activation for each task (the first accepted answer)."""
    return _EXPECTED[task][0]


def _except(task: str, answer: str):
    """The reference everywhere, except ``answer`` for ``task`` (a planted mistake)."""
    return lambda t: answer if t == task else _reference(t)


MISTAKES = (
    Mistake(
        "softmax for multi-label",
        _except("multi-label", "softmax"),
        "softmax outputs sum to 1, so at most one label can get a probability above 0.5; with several "
        "labels true at once, give each label its own sigmoid (errata E67).",
    ),
    Mistake(
        "sigmoid for regression",
        _except("regression", "sigmoid"),
        "a sigmoid output can only produce values in (0, 1); a temperature can be −5 or 30, so use the "
        "linear (identity) output.",
    ),
    Mistake(
        "relu for regression",
        _except("regression", "relu"),
        "a ReLU output is never negative, so it suits only non-negative targets (counts, prices; errata "
        "E12); a value of any sign needs the linear (identity) output.",
    ),
    Mistake(
        "linear for a fraction",
        _except("fraction", "linear"),
        "a linear output can predict −0.2 or 1.3 for a fraction; a sigmoid output keeps every "
        "prediction inside (0, 1).",
    ),
    Mistake(
        "sigmoid for multi-class",
        _except("multi-class", "sigmoid"),
        "K separate sigmoids do not sum to 1, so they are not one probability distribution over the "
        "classes; with exactly one class per example use softmax.",
    ),
)


@exercise("choose_output_activation", notebook="10", reference=_reference, mistakes=MISTAKES)
def check_choose_output_activation(choose_output_activation) -> str:
    """Check the answer for every task in OUTPUT_TASKS; name the likely mistake when one matches."""
    answers = {}
    for task, accepted in _EXPECTED.items():
        what = f"choose_output_activation({task!r})"
        got = call(choose_output_activation, task)
        if got is None:
            raise Feedback(
                f"{what} returned None. Did you forget the `return` statement? "
                f"(For 'no activation' return the string 'linear'.)"
            )
        if not isinstance(got, str):
            raise Feedback(
                f"{what} returned {got!r} ({type(got).__name__}); expected the name of an activation as a "
                f"string, e.g. {accepted[0]!r}."
            )
        name = got.strip().lower()
        name = _SYNONYMS.get(name, name)
        if name in accepted:
            answers[task] = name
            continue
        expected = " or ".join(repr(a) for a in accepted)
        message = f"{what} returned {got!r}, expected {expected}."
        hints = [m.hint for m in MISTAKES if m.impl(task) == name]
        if hints:
            raise Feedback(f"{message} Hint: {' Or: '.join(hints)}")
        raise Feedback(f"{message} For {OUTPUT_TASKS[task]}: {_WHY[task]}")
    binary = (
        "binary → softmax (two units: the same model as one sigmoid unit, notebook 06; one sigmoid unit "
        "is the usual, smaller choice)"
        if answers["binary"] == "softmax"
        else "binary → sigmoid"
    )  # the ✓ line repeats the student's own answer, never one they did not give
    return (
        f"{binary}, multi-class → softmax, multi-label → sigmoid (one per label), "
        "regression → linear, fraction in (0, 1) → sigmoid."
    )
