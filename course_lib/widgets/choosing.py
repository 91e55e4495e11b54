"""10 — the Reflect quiz as self-checking multiple-choice widgets, and a decision-boundary explorer.

:func:`quiz` builds one question: radio buttons and a feedback line that answers as soon as an
option is picked (✓ and the explanation, or ✗ and why that option is wrong). It is a plain
ipywidgets box, not a :class:`LiveFigure`, so it is not registered with ``@widget``. The
questions themselves are declared exercises (``exercises.choosing.REFLECT_QUESTIONS``, in the
registry like every exercise); :data:`REFLECT_QUIZ` gives them to the notebook as dicts, and the
feedback a pick shows is the declared question's own verdict.

:func:`decision_boundary_explorer` (a LiveFigure) replays precomputed training runs: pick a data
set, a hidden activation and a training step, and the image of P(y = 1) is swapped in place.
"""

from __future__ import annotations

import html

import ipywidgets as W
import numpy as np

from course_lib import nn
from course_lib.exercises._core import Question
from course_lib.exercises.choosing import REFLECT_QUESTIONS
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


class Quiz(W.VBox):
    """A question, its options as radio buttons, and a feedback line (see :func:`quiz`)."""

    def __init__(self, question: str, options, answer, explanation: str, why_not=None):
        accepted = (answer,) if isinstance(answer, str) else tuple(answer)
        self.entry = Question(
            "quiz", question, tuple(str(o) for o in options), accepted, explanation, dict(why_not or {})
        )
        self.question = question
        self.options = dict(zip(self.entry.letters, self.entry.options))
        self.answer = accepted
        self.explanation = explanation
        self.why_not = self.entry.why_not
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
        return self.entry.verdict(letter)

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
# One dict per declared question, with the keys quiz() takes (the notebook builds the widgets).
REFLECT_QUIZ = tuple(
    {
        "question": q.question,
        "options": list(q.options),
        "answer": q.answer[0] if len(q.answer) == 1 else q.answer,
        "explanation": q.explanation,
        "why_not": dict(q.why_not),
    }
    for q in REFLECT_QUESTIONS
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
