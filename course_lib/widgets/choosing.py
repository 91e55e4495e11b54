"""10 — the Reflect quiz as self-checking multiple-choice widgets, and a decision-boundary explorer.

:func:`quiz` builds one question: radio buttons and a feedback line that answers as soon as an
option is picked (✓ and the explanation, or ✗ and why that option is wrong). It is a plain
ipywidgets box, not a :class:`LiveFigure`, so it is not registered with ``@widget``.
:data:`REFLECT_QUIZ` holds the slides' seven questions verbatim (000:L579-625, 001:L617-670)
with the corrected answers of docs/lecture-notes-errata.md §3.

:func:`decision_boundary_explorer` (a LiveFigure) replays precomputed training runs: pick a data
set, a hidden activation and a training step, and the image of P(y = 1) is swapped in place.
"""

from __future__ import annotations

import html

import ipywidgets as W
import numpy as np

from course_lib import nn
from course_lib.topics.choosing import (
    ACTIVATIONS,
    COLORS,
    EXTENT,
    INIT_FOR,
    input_grid,
    make_datasets,
    train_together,
)
from course_lib.widgets._core import LiveFigure, caption, dropdown, html_text, int_slider, new_figure, widget

__all__ = ["REFLECT_QUIZ", "Quiz", "decision_boundary_explorer", "quiz"]

LETTERS = "ABCDEFGH"


class Quiz(W.VBox):
    """A question, its options as radio buttons, and a feedback line (see :func:`quiz`)."""

    def __init__(self, question: str, options, answer, explanation: str, why_not=None):
        options = [str(o) for o in options]
        if not 2 <= len(options) <= len(LETTERS):
            raise ValueError(f"a question needs 2 to {len(LETTERS)} options, got {len(options)}")
        letters = LETTERS[: len(options)]
        accepted = (answer,) if isinstance(answer, str) else tuple(answer)
        if not accepted or any(a not in letters for a in accepted):
            raise ValueError(f"answer must be one or more of the letters {tuple(letters)}, got {answer!r}")
        self.question = question
        self.options = dict(zip(letters, options))
        self.answer = accepted
        self.explanation = explanation
        self.why_not = dict(why_not or {})
        self.choices = W.RadioButtons(
            options=[(f"{letter}) {text}", letter) for letter, text in self.options.items()],
            value=None,
            layout=W.Layout(width="auto"),
        )
        self.feedback = W.HTML(value="")
        self.choices.observe(self._on_pick, names="value")
        title = W.HTML(value=f"<b>{html.escape(question)}</b>")
        super().__init__([title, self.choices, self.feedback], layout=W.Layout(margin="0 0 14px 0"))

    def verdict(self, letter: str) -> str:
        """The feedback text for picking ``letter``: '✓ …explanation' or '✗ …why not'."""
        if letter not in self.options:
            raise ValueError(f"no option {letter!r}; the options are {tuple(self.options)}")
        if letter in self.answer:
            return f"✓ {letter}) is right. {self.explanation}"
        why = self.why_not.get(letter, "This option does not describe it.")
        return f"✗ {letter}) is not the answer. {why} Try another option."

    def _on_pick(self, change) -> None:
        if change["new"] is None:
            self.feedback.value = ""
            return
        text = self.verdict(change["new"])
        color = "#1a7f37" if text.startswith("✓") else "#b42318"
        self.feedback.value = f'<div style="color:{color};max-width:760px">{html.escape(text)}</div>'

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        if isinstance(data, tuple):
            data = data[0]
        data = dict(data)
        lines = [self.question, *(f"  {k}) {v}" for k, v in self.options.items())]
        data["text/plain"] = "\n".join(lines)  # what a viewer without widgets shows
        return data


def quiz(question: str, options, answer, explanation: str, why_not=None) -> Quiz:
    """One multiple-choice question that checks itself.

    ``options`` are the option texts (lettered A, B, …); ``answer`` is the letter of the right
    option, or a tuple of letters when several are right; ``explanation`` is shown with ✓;
    ``why_not`` maps a wrong letter to the reason shown with ✗.
    """
    return Quiz(question, options, answer, explanation, why_not)


# ---------------------------------------------------------------- the slides' Reflect quiz
REFLECT_QUIZ = (
    {
        "question": "Which of the following is a common activation function used in last layer of deep "
        "neural networks?",
        "options": ["Linear activation", "Step function", "Sigmoid function", "Exponential function"],
        "answer": ("A", "C"),
        "explanation": "A and C are both right (the slide accepts only C). Sigmoid (C) is the usual last "
        "layer of a binary or multi-label classifier: it turns a logit into a probability in (0, 1). "
        "Linear (A), the identity, is at least as common: it is the standard last layer for regression, "
        "and many classifiers also end in a linear layer that outputs logits, with the sigmoid or "
        "softmax folded into the loss for numerical stability (Keras from_logits=True, PyTorch "
        "BCEWithLogitsLoss). A question with one answer would ask: '…in the last layer of a binary "
        "classifier?' → C.",
        "why_not": {
            "B": "The step function has derivative 0 wherever it has one, so no gradient reaches the "
            "weights through it; that is why the sigmoid replaced it (notebook 05).",
            "D": "eᶻ is positive but unbounded, and it overflows for z > 709.78 in float64. It appears "
            "only in special cases (a positive rate or scale predicted as exp(z)); softmax uses eᶻ but "
            "normalises it.",
        },
    },
    {
        "question": "What is the vanishing gradient problem in deep neural networks?",
        "options": [
            "The problem of too many layers in the network",
            "The problem of exploding gradients during training",
            "The problem of slow convergence during training",
            "The problem of very negligible gradients in early layers",
        ],
        "answer": "D",
        "explanation": "Backpropagation multiplies one derivative factor per layer. With sigmoid units "
        "each factor σ′(z) is at most 0.25, so over n layers the gradient can shrink like 0.25ⁿ "
        "(0.25¹⁰ = 9.54e-07), and the early layers hardly learn (notebook 07).",
        "why_not": {
            "A": "Depth is where the problem shows up, but it is not the problem itself: with ReLU and He "
            "initialization the gradient keeps its size through 30 layers (notebook 08).",
            "B": "Exploding gradients are the opposite problem: the gradient grows layer by layer instead "
            "of shrinking.",
            "C": "Slow convergence is a consequence of vanishing gradients, not their definition, and it "
            "has other causes too (a small learning rate, for one).",
        },
    },
    {
        "question": "What is the purpose of the softmax activation function in the output layer of a "
        "classification neural network?",
        "options": [
            "To introduce non-linearity",
            "To convert logits into probabilities",
            "To prevent overfitting",
            "To reduce the dimensionality of the output",
        ],
        "answer": "B",
        "explanation": "Softmax maps K real logits to K positive numbers that sum to 1, "
        "pᵢ = e^(zᵢ) / Σⱼ e^(zⱼ): a probability for each class (notebook 06).",
        "why_not": {
            "A": "Softmax is non-linear, but that is not its purpose at the output: the hidden layers "
            "provide the non-linearity.",
            "C": "Softmax does nothing against overfitting; regularization (weight decay, dropout, early "
            "stopping) does.",
            "D": "The output keeps its size: K logits in, K probabilities out.",
        },
    },
    {
        "question": 'In deep learning, what does the term "epoch" refer to during training?',
        "options": [
            "A complete pass through the training dataset",
            "The number of layers in the neural network",
            "The learning rate of the optimizer",
            "The size of the mini-batch used for training",
        ],
        "answer": "A",
        "explanation": "One epoch is one full pass over the training set. With mini-batches of B examples "
        "it contains ⌈N / B⌉ update steps (for the 4-example XOR set and Keras' default batch_size = 32: "
        "1 step). With full-batch gradient descent, as in these notebooks, one epoch is one step.",
        "why_not": {
            "B": "The number of layers is the network's depth.",
            "C": "The learning rate η is the size of each gradient-descent step.",
            "D": "The batch size is the number of examples per update step; an epoch contains "
            "⌈N / B⌉ such steps.",
        },
    },
    {
        "question": "What is the role of activation functions in deep neural networks?",
        "options": [
            "To normalize the input data",
            "To compute the loss function",
            "To introduce non-linearity into the network",
            "To reduce overfitting",
        ],
        "answer": "C",
        "explanation": "Without a non-linear activation a stack of layers collapses to one affine map: "
        "(xW₁ + b₁)W₂ + b₂ = x(W₁W₂) + (b₁W₂ + b₂), so depth adds nothing. One hidden layer with a "
        "non-linear activation is enough to solve XOR (notebook 03).",
        "why_not": {
            "A": "Normalizing inputs is a preprocessing step (or a normalization layer). Many activations, "
            "such as ReLU, are not even bounded (errata E3).",
            "B": "The loss compares the network's output with the target; it is a separate function, such "
            "as the binary cross-entropy.",
            "D": "Activations do not fight overfitting; if anything, more non-linearity makes a network "
            "more flexible.",
        },
    },
    {
        "question": 'What does the term "backpropagation" refer to in the context of neural networks?',
        "options": [
            "The process of adjusting the weights of the network based on the prediction error",
            "The process of training the network using labeled data",
            "The process of selecting the optimal hyperparameters for the network",
            "The process of initializing the weights of the network",
        ],
        "answer": "A",
        "explanation": "A is the intended answer and the best of the four, but it is imprecise. "
        "Backpropagation is the algorithm that computes the gradient ∂J/∂w of the cost with respect to "
        "every weight, by applying the chain rule backwards from the output, layer by layer (notebook "
        "04). Adjusting the weights is the optimizer's job, e.g. gradient descent w ← w − η ∂J/∂w.",
        "why_not": {
            "B": "Training on labelled data is supervised learning as a whole; backpropagation is one part "
            "of it, the gradient computation.",
            "C": "Hyperparameters (η, the number of layers, the batch size) are chosen outside training, "
            "e.g. on validation data; backpropagation computes gradients for the weights only.",
            "D": "Initialization happens once, before training (notebook 08); backpropagation runs at "
            "every step.",
        },
    },
    {
        "question": "Which of the following is NOT a commonly used activation function in deep neural "
        "networks?",
        "options": ["Sigmoid", "ReLU (Rectified Linear Unit)", "Tanh (Hyperbolic Tangent)", "Linear"],
        "answer": "D",
        "explanation": "D is the slide's answer, and it is right only for hidden layers: a linear hidden "
        "activation adds no non-linearity (question 5), so nobody uses it there. As an output activation "
        "linear is very common: it is the standard output for regression and for logits, Keras' Dense "
        "layer uses it by default (activation=None), and question 1 of the same deck offers it as a "
        "last-layer activation. A clean question would ask: 'Which is NOT useful as a hidden-layer "
        "activation?' → D.",
        "why_not": {
            "A": "Sigmoid is common: at the output of binary and multi-label classifiers, and in the gates "
            "of LSTM and GRU cells, although rarely in hidden layers today.",
            "B": "ReLU is the most common hidden-layer activation.",
            "C": "tanh is common: in the hidden layers of small networks and inside recurrent cells (LSTM, "
            "GRU).",
        },
    },
)


# ---------------------------------------------------------------- decision-boundary explorer
def _quick_recordings():
    """A small experiment for the default view: seed 0, 60 steps, frames every 20 steps."""
    data = make_datasets(200, np.random.default_rng(0))
    grid = input_grid(40)
    recordings = {}
    for act in ACTIVATIONS:
        nets = [
            nn.MLP([2, 16, 16, 1], hidden=act, init=INIT_FOR[act], rng=np.random.default_rng(0)) for _ in data
        ]
        records = train_together(nets, list(data.values()), eta=1.5, epochs=60, every=20, grid=grid)
        recordings.update({(name, act): record for name, record in zip(data, records)})
    return {(d, a): recordings[d, a] for d in data for a in ACTIVATIONS}, data


@widget
def decision_boundary_explorer(recordings=None, data=None) -> LiveFigure:
    """Replay training runs: data set, hidden activation and step → P(y = 1) over the plane and J.

    ``recordings`` maps (data set, activation) to a :class:`~course_lib.topics.choosing.Recording`
    with frames; ``data`` maps each data set to (X, y). Without them a small experiment is run.
    """
    if recordings is None:
        recordings, data = _quick_recordings()
    elif data is None:
        raise ValueError("pass the data sets too: data = {name: (X, y)} for every name in recordings")
    names = list(dict.fromkeys(d for d, _ in recordings))
    acts = list(dict.fromkeys(a for _, a in recordings))
    first = recordings[names[0], acts[0]]
    epochs = first.frame_epochs
    every = int(epochs[1] - epochs[0]) if len(epochs) > 1 else 1

    fig, (ax_img, ax_cost) = new_figure(1, 2, figsize=(8.4, 3.4), layout=None)
    fig.subplots_adjust(left=0.03, right=0.97, bottom=0.15, top=0.88, wspace=0.25)
    ax_img.set_axisbelow(True)
    image = ax_img.imshow(
        first.frames[0],
        origin="lower",
        extent=EXTENT,
        cmap="RdBu_r",
        vmin=0,
        vmax=1,
        alpha=0.7,
        interpolation="bilinear",
    )
    (zeros,) = ax_img.plot([], [], "o", ms=3.5, mfc="white", mec="0.2", mew=0.6)
    (ones,) = ax_img.plot([], [], "o", ms=3.5, color="black")
    ax_img.set(xlim=EXTENT[:2], ylim=EXTENT[2:], xticks=[], yticks=[], aspect="equal")
    ax_img.set_title("P(y = 1) over the input plane", fontsize=10)
    label = caption()  # data set, activation, step and accuracy, above the figure

    n_steps = max(len(r.costs) for r in recordings.values())
    (curve,) = ax_cost.plot([], [], lw=1.5)
    (marker,) = ax_cost.plot([], [], "o", color="k", ms=5)
    ax_cost.axhline(np.log(2), color="0.5", lw=0.8, ls=":")
    ax_cost.set(
        xlim=(-0.02 * n_steps, 1.02 * n_steps), ylim=(1e-3, 2.0), yscale="log", xlabel="step", ylabel="cost J"
    )
    ax_cost.text(n_steps, np.log(2) * 1.08, "ln 2", ha="right", va="bottom", fontsize=8, color="0.4")

    def update(dataset: str, activation: str, step: int) -> None:
        run = recordings[dataset, activation]
        k = int(np.argmin(np.abs(run.frame_epochs - step)))  # the frame nearest to the chosen step
        image.set_data(run.frames[k])
        X, y = data[dataset]
        zeros.set_data(*X[y == 0].T)
        ones.set_data(*X[y == 1].T)
        curve.set_data(np.arange(len(run.costs)), run.costs)
        curve.set_color(COLORS.get(activation, "tab:blue"))
        done = int(run.frame_epochs[k])
        cost = run.costs[done] if done < len(run.costs) else run.costs[-1]
        marker.set_data([done], [cost])
        label.value = html_text(f"{dataset}, {activation}: step {done}, accuracy {run.frame_accuracy[k]:.2f}")

    controls = {
        "dataset": dropdown("data set", names),
        "activation": dropdown("hidden activation", acts, value="relu" if "relu" in acts else None),
        "step": int_slider("training step", int(epochs[-1]), 0, int(epochs[-1]), every),
    }
    return LiveFigure(fig, controls, update, extra=[label])
