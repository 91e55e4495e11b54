"""Checkers for 10 — Choosing an activation: the output activation that fits a task; a prediction
of which hidden activation learns least on spirals (predict, then run); a training step with a
planted bug, found with a gradient check and fixed (debug); and the Reflect quiz, one declared
question per slide question (:data:`REFLECT_QUESTIONS`, shown by ``widgets.choosing``).

The student writes ``choose_output_activation(task)`` for each key of :data:`OUTPUT_TASKS`
and returns the name of an output activation as a string: ``"sigmoid"``, ``"softmax"`` or
``"linear"``. Case and surrounding spaces are ignored; ``"identity"`` and ``"none"`` count as
``"linear"``, ``"logistic"`` as ``"sigmoid"``.
For a binary task a two-unit softmax is equivalent to one sigmoid unit (notebook 06), so
``"softmax"`` is accepted there too.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np

from course_lib import nn
from course_lib.exercises._core import (
    Case,
    Feedback,
    Mistake,
    call,
    define,
    define_prediction,
    define_question,
    describe,
    exercise,
    expect_name,
    mistake_values,
    mutation_hint,
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
    "REFLECT_QUESTIONS",
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
# other names for the same output: the logistic function is the sigmoid, and Keras' activation=None
# (PyTorch: no activation after the last nn.Linear) is the identity
_SYNONYMS = {"identity": "linear", "none": "linear", "logistic": "sigmoid"}

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
        "labels true at once, give each label its own sigmoid.",
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
        "a ReLU output is never negative, so it suits only non-negative targets (counts, prices); "
        "a value of any sign needs the linear (identity) output.",
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
    answers = {
        task: expect_name(
            call(choose_output_activation, task),
            accepted,
            f"choose_output_activation({task!r})",
            mistakes=mistake_values(MISTAKES, task),
            synonyms=_SYNONYMS,
            nudge=f"For {OUTPUT_TASKS[task]}: {_WHY[task]}",
        )
        for task, accepted in _EXPECTED.items()
    }
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


def _least_learning_reveal(final_costs=None) -> tuple[str, str]:
    """The activation whose mean final cost on spirals is closest to ln 2, and why."""
    if final_costs is None:
        costs = _spirals_final_costs()
    elif isinstance(final_costs, Mapping) and set(final_costs) == set(PREDICT_OPTIONS):
        costs = {name: float(np.mean(final_costs[name])) for name in PREDICT_OPTIONS}
    else:
        raise Feedback(
            f"the second argument is {describe(final_costs)}; expected a dict "
            f"{{activation: mean final cost on spirals}} with the keys {', '.join(PREDICT_OPTIONS)} "
            "(pass the dict the cell above built)"
        )
    truth = min(costs, key=lambda name: abs(costs[name] - LN2))
    best = min(costs, key=costs.get)
    why = (
        f"On spirals after 150 steps the mean final cost of {truth} was {costs[truth]:.3f}, against "
        f"ln 2 = {LN2:.3f} for a network that always answers 0.5 and {costs[best]:.3f} for {best}."
    )
    if truth == "sigmoid":
        why += (
            " On its way back each sigmoid layer multiplies the gradient by σ′ ≤ 1/4 and by its weights: it"
            " sits on a plateau."
        )
    return truth, why


check_least_learning_prediction = define_prediction(
    "least_learning_prediction",
    notebook="10",
    options=PREDICT_OPTIONS,
    reveal=_least_learning_reveal,
    mistakes=(
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
            "an output activation",
            lambda: "softmax",
            "softmax is not one of the hidden activations the experiment trains; choose among ACTIVATIONS.",
        ),
    ),
    doc="Comment on the recorded prediction with the experiment's own final costs on spirals.",
)


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
    # the right values, but the caller's params changed: caught by unchanged=True, not by value
    Mistake("changed params in place", _in_place(relu_net_gradients), mutation_hint("params")),
)


def _step_cases() -> list[Case]:
    """Four networks, from one example to 12."""
    rng = np.random.default_rng(1010)
    cases = []
    for n_in, n_hidden, m, eta in ((2, 4, 8, 0.5), (3, 5, 12, 1.0), (2, 16, 10, 1.5), (4, 3, 1, 0.1)):
        params = {
            "W1": rng.normal(size=(n_in, n_hidden)) * np.sqrt(2 / n_in),
            "b1": rng.normal(scale=0.1, size=n_hidden),
            "W2": rng.normal(size=(n_hidden, 1)) * np.sqrt(2 / n_hidden),
            "b2": rng.normal(scale=0.1, size=1),
        }
        X = rng.normal(size=(m, n_in))
        y = rng.integers(0, 2, size=m)
        label = f"params of a {n_in} → {n_hidden} ReLU → 1 network; X of shape {X.shape}, y, eta={eta}"
        cases.append(Case((params, X, y, eta), label=label))
    return cases


check_fixed_train_step = define(
    "fixed_train_step",
    notebook="10",
    reference=train_step,
    cases=_step_cases(),
    mistakes=STEP_MISTAKES,
    outputs=("W2", "b2", "W1", "b1"),  # backprop order: the earliest wrong parameter first
    unchanged=True,
    forbid={
        train_step: "train_step",
        relu_net_gradients: "relu_net_gradients",
        nn.network_backward: "nn.network_backward",
    },
    verified=(
        "W1, b1, W2, b2 after one step match gradient descent with the correct gradients (the ones a "
        "gradient check confirms) on four ReLU networks, from one example to 12, params left unchanged."
    ),
    doc="The new parameters after one step, on four networks; params left unchanged.",
)


# ================================================================ the slides' Reflect quiz
# The slides' seven questions word for word, with the corrected answers: one declared question
# each (the registry holds it like any exercise; every wrong option is a planted mistake whose
# hint is its why-not). widgets.choosing shows them as radio buttons.
REFLECT_QUESTIONS = (
    define_question(
        "reflect_q1",
        notebook="10",
        question="Which of the following is a common activation function used in last layer of deep "
        "neural networks?",
        options=["Linear activation", "Step function", "Sigmoid function", "Exponential function"],
        answer=("A", "C"),
        explanation="A and C are both right (the slide accepts only C). Sigmoid (C) is the usual last "
        "layer of a binary or multi-label classifier: it turns a logit into a probability in (0, 1). "
        "Linear (A), the identity, is at least as common: it is the standard last layer for regression, "
        "and many classifiers also end in a linear layer that outputs logits, with the sigmoid or "
        "softmax folded into the loss for numerical stability (Keras from_logits=True, PyTorch "
        "BCEWithLogitsLoss). A question with one answer would ask: '…in the last layer of a binary "
        "classifier?' → C.",
        why_not={
            "B": "The step function has derivative 0 wherever it has one, so no gradient reaches the "
            "weights through it; that is why the sigmoid replaced it (notebook 05).",
            "D": "eᶻ is positive but unbounded, and it overflows for z > 709.78 in float64. It appears "
            "only in special cases (a positive rate or scale predicted as exp(z)); softmax uses eᶻ but "
            "normalises it.",
        },
    ),
    define_question(
        "reflect_q2",
        notebook="10",
        question="What is the vanishing gradient problem in deep neural networks?",
        options=[
            "The problem of too many layers in the network",
            "The problem of exploding gradients during training",
            "The problem of slow convergence during training",
            "The problem of very negligible gradients in early layers",
        ],
        answer="D",
        explanation="On its way back, backpropagation multiplies the gradient by two factors per layer: "
        "the activation's derivative and the layer's weights. With sigmoid units σ′(z) is at most 0.25, "
        "so unless the weights make up for it the gradient shrinks like 0.25ⁿ over n layers "
        "(0.25¹⁰ = 9.54e-07), and the early layers hardly learn (notebook 07).",
        why_not={
            "A": "Depth is where the problem shows up, but it is not the problem itself: with ReLU and He "
            "initialization the gradient keeps its size through 30 layers (notebook 08).",
            "B": "Exploding gradients are the opposite problem: the gradient grows layer by layer instead "
            "of shrinking.",
            "C": "Slow convergence is a consequence of vanishing gradients, not their definition, and it "
            "has other causes too (a small learning rate, for one).",
        },
    ),
    define_question(
        "reflect_q3",
        notebook="10",
        question="What is the purpose of the softmax activation function in the output layer of a "
        "classification neural network?",
        options=[
            "To introduce non-linearity",
            "To convert logits into probabilities",
            "To prevent overfitting",
            "To reduce the dimensionality of the output",
        ],
        answer="B",
        explanation="Softmax maps K real logits to K positive numbers that sum to 1, "
        "pᵢ = e^(zᵢ) / Σⱼ e^(zⱼ): a probability for each class (notebook 06).",
        why_not={
            "A": "Softmax is non-linear, but that is not its purpose at the output: the hidden layers "
            "provide the non-linearity.",
            "C": "Softmax does nothing against overfitting; regularization (weight decay, dropout, early "
            "stopping) does.",
            "D": "The output keeps its size: K logits in, K probabilities out.",
        },
    ),
    define_question(
        "reflect_q4",
        notebook="10",
        question='In deep learning, what does the term "epoch" refer to during training?',
        options=[
            "A complete pass through the training dataset",
            "The number of layers in the neural network",
            "The learning rate of the optimizer",
            "The size of the mini-batch used for training",
        ],
        answer="A",
        explanation="One epoch is one full pass over the training set. With mini-batches of B examples "
        "it contains ⌈N / B⌉ update steps (for the 4-example XOR set and Keras' default batch_size = 32: "
        "1 step). With full-batch gradient descent, as in these notebooks, one epoch is one step.",
        why_not={
            "B": "The number of layers is the network's depth.",
            "C": "The learning rate η is the size of each gradient-descent step.",
            "D": "The batch size is the number of examples per update step; an epoch contains "
            "⌈N / B⌉ such steps.",
        },
    ),
    define_question(
        "reflect_q5",
        notebook="10",
        question="What is the role of activation functions in deep neural networks?",
        options=[
            "To normalize the input data",
            "To compute the loss function",
            "To introduce non-linearity into the network",
            "To reduce overfitting",
        ],
        answer="C",
        explanation="Without a non-linear activation a stack of layers collapses to one affine map: "
        "(xW₁ + b₁)W₂ + b₂ = x(W₁W₂) + (b₁W₂ + b₂), so depth adds nothing. One hidden layer with a "
        "non-linear activation is enough to solve XOR (notebook 03).",
        why_not={
            "A": "Normalizing inputs is a preprocessing step (or a normalization layer). Many activations, "
            "such as ReLU, are not even bounded.",
            "B": "The loss compares the network's output with the target; it is a separate function, such "
            "as the binary cross-entropy.",
            "D": "Activations do not fight overfitting; if anything, more non-linearity makes a network "
            "more flexible.",
        },
    ),
    define_question(
        "reflect_q6",
        notebook="10",
        question='What does the term "backpropagation" refer to in the context of neural networks?',
        options=[
            "The process of adjusting the weights of the network based on the prediction error",
            "The process of training the network using labeled data",
            "The process of selecting the optimal hyperparameters for the network",
            "The process of initializing the weights of the network",
        ],
        answer="A",
        explanation="A is the intended answer and the best of the four, but it is imprecise. "
        "Backpropagation is the algorithm that computes the gradient ∂J/∂w of the cost with respect to "
        "every weight, by applying the chain rule backwards from the output, layer by layer (notebook "
        "04). Adjusting the weights is the optimizer's job, e.g. gradient descent w ← w − η ∂J/∂w.",
        why_not={
            "B": "Training on labelled data is supervised learning as a whole; backpropagation is one part "
            "of it, the gradient computation.",
            "C": "Hyperparameters (η, the number of layers, the batch size) are chosen outside training, "
            "e.g. on validation data; backpropagation computes gradients for the weights only.",
            "D": "Initialization happens once, before training (notebook 08); backpropagation runs at "
            "every step.",
        },
    ),
    define_question(
        "reflect_q7",
        notebook="10",
        question="Which of the following is NOT a commonly used activation function in deep neural networks?",
        options=["Sigmoid", "ReLU (Rectified Linear Unit)", "Tanh (Hyperbolic Tangent)", "Linear"],
        answer="D",
        explanation="D is the slide's answer, and it is right only for hidden layers: a linear hidden "
        "activation adds no non-linearity (question 5), so nobody uses it there. As an output activation "
        "linear is very common: it is the standard output for regression and for logits, Keras' Dense "
        "layer uses it by default (activation=None), and question 1 of the same deck offers it as a "
        "last-layer activation. A clean question would ask: 'Which is NOT useful as a hidden-layer "
        "activation?' → D.",
        why_not={
            "A": "Sigmoid is common: at the output of binary and multi-label classifiers, and in the gates "
            "of LSTM and GRU cells, although rarely in hidden layers today.",
            "B": "ReLU is the most common hidden-layer activation.",
            "C": "tanh is common: in the hidden layers of small networks and inside recurrent cells (LSTM, "
            "GRU).",
        },
    ),
)
