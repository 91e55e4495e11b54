"""Checkers for 10 — Choosing an activation: the output activation that fits a task; a prediction
of which hidden activation learns least on spirals (predict, then run); a training step with a
planted bug, found with a gradient check and fixed (debug).

The student writes ``choose_output_activation(task)`` for each key of :data:`OUTPUT_TASKS`
and returns the name of an output activation as a string: ``"sigmoid"``, ``"softmax"`` or
``"linear"``. Case and surrounding spaces are ignored; ``"identity"`` counts as ``"linear"``.
For a binary task a two-unit softmax is equivalent to one sigmoid unit (notebook 06), so
``"softmax"`` is accepted there too.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np

from course_lib import nn
from course_lib.exercises._core import (
    Feedback,
    Mistake,
    call,
    describe,
    exercise,
    expect_close,
    mistake_values,
    mutation_hint,
    predicted,
    prediction_verdict,
)
from course_lib.topics.choosing import (
    ACTIVATIONS,
    INIT_FOR,
    buggy_train_step,
    make_datasets,
    relu_net_gradients,
    train_step,
    train_together,
)

__all__ = [
    "OUTPUT_TASKS",
    "PREDICT_OPTIONS",
    "check_choose_output_activation",
    "check_fixed_train_step",
    "check_least_learning_prediction",
]

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


# ================================================================ predict, then run
PREDICT_OPTIONS = ACTIVATIONS  # the six hidden activations the experiment trains
LN2 = float(np.log(2.0))


@functools.cache
def _spirals_final_costs() -> dict[str, float]:
    """The notebook's experiment, spirals only: mean final cost over the seeds, per activation."""
    X, y = make_datasets(200, np.random.default_rng(0))["spirals"]
    costs = {}
    for name in ACTIVATIONS:
        nets = [
            nn.MLP(
                [2, 16, 16, 1],
                hidden=name,
                output="sigmoid",
                init=INIT_FOR[name],
                rng=np.random.default_rng(s),
            )
            for s in (0, 1, 2)
        ]
        train_together(nets, [(X, y)] * len(nets), eta=1.5, epochs=150)
        costs[name] = float(np.mean([net.loss(X, y, "bce") for net in nets]))
    return costs


def _predict_reference() -> str:
    """One recorded prediction (any option completes the exercise): the one the run shows."""
    return "sigmoid"


PREDICT_MISTAKES = (
    Mistake(
        "a cost instead of a name",
        lambda: LN2,
        "record the name of the activation you expect, a string such as 'tanh', not a cost.",
    ),
    Mistake(
        "a name spelled differently",
        lambda: "Leaky ReLU",
        "write the name exactly as in ACTIVATIONS (lower case, with an underscore: 'leaky_relu').",
    ),
    Mistake(
        "several activations",
        lambda: ("sigmoid", "tanh"),
        "pick one activation, the one you expect to end closest to ln 2; a tuple or list is not a "
        "prediction.",
    ),
    Mistake(
        "an output activation",
        lambda: "softmax",
        "softmax is not one of the hidden activations the experiment trains; choose among ACTIVATIONS.",
    ),
)


def _check_final_costs(final_costs) -> dict[str, float]:
    if final_costs is None:
        return _spirals_final_costs()
    if not isinstance(final_costs, Mapping) or set(final_costs) != set(PREDICT_OPTIONS):
        raise Feedback(
            f"the second argument is {describe(final_costs)}; expected a dict "
            f"{{activation: mean final cost on spirals}} with the keys {', '.join(PREDICT_OPTIONS)} "
            "(pass the dict the cell above built)"
        )
    return {name: float(np.mean(final_costs[name])) for name in PREDICT_OPTIONS}


@exercise("least_learning_prediction", notebook="10", reference=_predict_reference, mistakes=PREDICT_MISTAKES)
def check_least_learning_prediction(my_prediction, final_costs=None) -> str:
    """Comment on the recorded prediction with the experiment's own final costs on spirals."""
    costs = _check_final_costs(final_costs)
    answer = call(my_prediction)
    listed = ", ".join(repr(o) for o in PREDICT_OPTIONS)
    if answer is None or not (isinstance(answer, str) and answer in PREDICT_OPTIONS):
        hints = [m.hint for m in PREDICT_MISTAKES if _same_answer(m.impl(), answer)]
        if answer is None:
            hints = ["Did you forget the `return` statement?"]
        elif (
            isinstance(answer, str)
            and answer.strip().lower().replace(" ", "_").replace("-", "_") in PREDICT_OPTIONS
        ):
            hints = hints or [PREDICT_MISTAKES[1].hint]
        message = f"my_prediction() returned {describe(answer)}, expected one of {listed}."
        raise Feedback(f"{message} Hint: {' Or: '.join(hints)}" if hints else message)
    answer = predicted(my_prediction, PREDICT_OPTIONS)
    truth = min(costs, key=lambda name: abs(costs[name] - LN2))
    best = min(costs, key=costs.get)
    why = (
        f"On spirals after 150 steps the mean final cost of {truth} was {costs[truth]:.3f}, against "
        f"ln 2 = {LN2:.3f} for a network that always answers 0.5 and {costs[best]:.3f} for {best}."
    )
    if truth == "sigmoid":
        why += (
            " Each sigmoid layer multiplies the gradient by σ′ ≤ 1/4 on its way back: it sits on a plateau."
        )
    return prediction_verdict(answer, truth, why)


def _same_answer(a, b) -> bool:
    try:
        return type(a) is type(b) and bool(np.all(a == b)) and np.shape(a) == np.shape(b)
    except Exception:
        return False


# ================================================================ debug: the training step
def _step_with(grads_of, sign=-1.0):
    def step(params, X, y, eta):
        grads = grads_of(params, X, y)
        return {name: params[name] + sign * eta * grads[name] for name in params}

    return step


def _grads_no_m(params, X, y):  # the 1/m dropped everywhere: every gradient m times too large
    return {k: v * X.shape[0] for k, v in relu_net_gradients(params, X, y).items()}


def _grads_no_mask(params, X, y):  # ReLU's derivative left out of dZ1
    m = X.shape[0]
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.maximum(Z1, 0.0)
    A2 = 1.0 / (1.0 + np.exp(-(A1 @ params["W2"] + params["b2"])))
    dZ2 = (A2 - y.reshape(-1, 1)) / m
    dZ1 = dZ2 @ params["W2"].T
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}


def _in_place(grads_of):
    def step(params, X, y, eta):
        grads = grads_of(params, X, y)
        for name in params:
            params[name] -= eta * grads[name]
        return params

    return step


STEP_MISTAKES = (
    Mistake(
        "still the bug",
        buggy_train_step,
        "this is still the buggy step: your gradient check flags W1 and b1, off by the same factor "
        "(compare it with m); count how many times the 1/m of the mean is applied on the way to them.",
    ),
    Mistake(
        "1/m removed everywhere",
        _step_with(_grads_no_m),
        "every parameter moved m times too far: the cost is the mean over the m examples, so the 1/m "
        "belongs in the gradients exactly once (it is already inside dZ2).",
    ),
    Mistake(
        "stepped uphill",
        _step_with(relu_net_gradients, sign=+1.0),
        "you moved along the gradient, uphill: gradient descent subtracts η times the gradient.",
    ),
    Mistake(
        "ReLU derivative dropped",
        _step_with(_grads_no_mask),
        "dZ1 needs the factor ReLU′(Z1), 1 where a hidden unit is on and 0 where it is off.",
    ),
    Mistake("changed params in place", _in_place(relu_net_gradients), mutation_hint("params")),
)

STEP_FORBIDDEN = {
    train_step: "train_step",
    relu_net_gradients: "relu_net_gradients",
    nn.network_backward: "nn.network_backward",
}


def _step_cases():
    """(description, params, X, y, eta): four networks, from one example to 12."""
    rng = np.random.default_rng(1010)
    for n_in, n_hidden, m, eta in ((2, 4, 8, 0.5), (3, 5, 12, 1.0), (2, 16, 10, 1.5), (4, 3, 1, 0.1)):
        params = {
            "W1": rng.normal(size=(n_in, n_hidden)) * np.sqrt(2 / n_in),
            "b1": rng.normal(scale=0.1, size=n_hidden),
            "W2": rng.normal(size=(n_hidden, 1)) * np.sqrt(2 / n_hidden),
            "b2": rng.normal(scale=0.1, size=1),
        }
        X = rng.normal(size=(m, n_in))
        y = rng.integers(0, 2, size=m)
        yield f"{n_in} → {n_hidden} ReLU → 1, m = {m}, eta = {eta}", params, X, y, eta


@exercise("fixed_train_step", notebook="10", reference=train_step, mistakes=STEP_MISTAKES)
def check_fixed_train_step(fixed_train_step) -> str:
    """The new parameters after one step, on four networks; params left unchanged."""
    for label, params, X, y, eta in _step_cases():
        net = label.split(", m")[0]
        what = f"fixed_train_step(params of a {net} network; X of shape {X.shape}, y, eta={eta})"
        got = call(fixed_train_step, params, X, y, eta, unchanged=True, forbid=STEP_FORBIDDEN)
        if got is None:
            raise Feedback(f"{what} returned None. Did you forget the `return` statement?")
        if not isinstance(got, Mapping) or set(got) != set(params):
            raise Feedback(
                f"{what} returned {describe(got)}; expected a new dict with the keys {', '.join(params)}"
            )
        expected = train_step(params, X, y, eta)
        wrong = mistake_values(STEP_MISTAKES, params, X, y, eta)
        for name in ("W2", "b2", "W1", "b1"):  # backprop order: the earliest wrong parameter first
            expect_close(
                got[name],
                expected[name],
                f"{what}[{name!r}]",
                mistakes=[(mk, value[name]) for mk, value in wrong if mk.name != "changed params in place"],
            )
    return (
        "W1, b1, W2, b2 after one step match gradient descent with the correct gradients (the ones a "
        "gradient check confirms) on four ReLU networks, from one example to 12, params left unchanged."
    )
