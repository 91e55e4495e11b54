"""course_lib.widgets.choosing: the decision-boundary explorer and the Reflect quiz, built headless."""

import html
import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib import activations, nn
from course_lib.topics import choosing as C
from course_lib.widgets.choosing import REFLECT_QUIZ, Quiz, decision_boundary_explorer, quiz


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def build(q) -> Quiz:
    return quiz(q["question"], q["options"], q["answer"], q["explanation"], q["why_not"])


def accepted(q) -> tuple[str, ...]:
    return (q["answer"],) if isinstance(q["answer"], str) else tuple(q["answer"])


@pytest.mark.parametrize("number", range(1, len(REFLECT_QUIZ) + 1))
def test_every_option_gives_its_feedback(number):
    q = REFLECT_QUIZ[number - 1]
    widget = build(q)
    assert widget.feedback.value == ""  # nothing is chosen at the start
    for letter in "ABCD":
        widget.choices.value = letter
        shown = widget.feedback.value
        if letter in accepted(q):
            assert "✓" in shown and "✗" not in shown
            assert html.escape(q["explanation"]) in shown
        else:
            assert "✗" in shown and "✓" not in shown
            assert html.escape(q["why_not"][letter]) in shown
            assert html.escape(q["explanation"]) not in shown  # a wrong pick does not give the answer away
        assert html.escape(widget.verdict(letter)) in shown
    widget.choices.value = None
    assert widget.feedback.value == ""


def test_the_corrected_answers_of_the_errata():
    answers = [accepted(q) for q in REFLECT_QUIZ]
    assert answers == [("A", "C"), ("D",), ("B",), ("A",), ("C",), ("A",), ("D",)]


def test_every_wrong_option_has_its_own_reason():
    for q in REFLECT_QUIZ:
        assert len(q["options"]) == 4
        assert set(q["why_not"]) == set("ABCD") - set(accepted(q))


def test_debatable_answers_explain_the_nuance():
    q1, q6, q7 = REFLECT_QUIZ[0], REFLECT_QUIZ[5], REFLECT_QUIZ[6]
    assert "regression" in q1["explanation"] and "logits" in q1["explanation"]
    assert "computes the gradient" in q6["explanation"] and "optimizer" in q6["explanation"]
    assert "hidden" in q7["explanation"] and "output" in q7["explanation"]


def test_the_questions_are_the_slides_words():
    assert REFLECT_QUIZ[0]["question"].startswith("Which of the following is a common activation function")
    assert REFLECT_QUIZ[6]["question"] == (
        "Which of the following is NOT a commonly used activation function in deep neural networks?"
    )
    assert REFLECT_QUIZ[3]["options"][0] == "A complete pass through the training dataset"


def test_numbers_quoted_in_the_explanations():
    q1, q2, q4, q5 = (REFLECT_QUIZ[i] for i in (0, 1, 3, 4))
    sigmoid = activations.get("sigmoid")
    assert sigmoid.grad(np.linspace(-10, 10, 2001)).max() == 0.25 and "0.25" in q2["explanation"]
    assert f"{0.25**10:.3g}" == "9.54e-07" and "9.54e-07" in q2["explanation"]
    assert math.ceil(4 / 32) == 1 and "1 step" in q4["explanation"]
    overflow = f"{np.log(np.finfo(np.float64).max):.2f}"
    assert overflow == "709.78" and overflow in q1["why_not"]["D"]
    rng = np.random.default_rng(0)
    x, W1, b1, W2, b2 = (rng.normal(size=s) for s in ((5, 2), (2, 3), (3,), (3, 1), (1,)))
    assert np.allclose((x @ W1 + b1) @ W2 + b2, x @ (W1 @ W2) + (b1 @ W2 + b2))
    assert "x(W₁W₂) + (b₁W₂ + b₂)" in q5["explanation"]


def test_quiz_accepts_one_or_several_letters_and_rejects_bad_ones():
    one = quiz("2 + 2?", ["3", "4"], "B", "Four.")
    assert one.verdict("B").startswith("✓") and one.verdict("A").startswith("✗")
    both = quiz("Even?", ["2", "4", "5"], ("A", "B"), "2 and 4.", {"C": "5 is odd."})
    assert both.verdict("A").startswith("✓") and both.verdict("B").startswith("✓")
    assert "5 is odd." in both.verdict("C")
    with pytest.raises(ValueError, match="letters"):
        quiz("?", ["x", "y"], "C", "")
    with pytest.raises(ValueError, match="options"):
        quiz("?", ["only one"], "A", "")
    with pytest.raises(ValueError, match="no option"):
        one.verdict("Z")


def test_static_view_shows_the_question_not_the_answer():
    q = REFLECT_QUIZ[2]
    bundle = build(q)._repr_mimebundle_()
    text = bundle["text/plain"]
    assert q["question"] in text and all(option in text for option in q["options"])
    assert q["explanation"] not in text


def _nets(name, seeds, sizes=(2, 8, 8, 1)):
    return [
        nn.MLP(
            list(sizes), hidden=name, output="sigmoid", init=C.INIT_FOR[name], rng=np.random.default_rng(s)
        )
        for s in seeds
    ]


def test_explorer_replays_given_recordings():
    data = C.make_datasets(30, np.random.default_rng(5))
    grid = C.input_grid(8)
    recordings = {}
    for name in ("relu", "tanh"):
        nets = _nets(name, (0, 0))
        pairs = [data["xor"], data["circles"]]
        for d, record in zip(
            ("xor", "circles"), C.train_together(nets, pairs, eta=0.5, epochs=6, every=3, grid=grid)
        ):
            recordings[d, name] = record
    live = decision_boundary_explorer(recordings, data)
    assert live.controls["dataset"].options == ("xor", "circles")
    assert live.controls["activation"].value == "relu" and live.controls["step"].max == 6
    live.controls["step"].value = 0
    image = live.fig.axes[0].images[0]
    assert np.allclose(image.get_array(), recordings["xor", "relu"].frames[0])
    assert "step 0" in live.caption.value


def test_the_quiz_shows_the_registered_questions_and_their_feedback():
    from course_lib.exercises import REGISTRY
    from course_lib.exercises.choosing import REFLECT_QUESTIONS

    for number, (q, declared) in enumerate(zip(REFLECT_QUIZ, REFLECT_QUESTIONS, strict=True), start=1):
        entry = REGISTRY[f"reflect_q{number}"]
        assert entry.check is declared.check
        widget = build(q)
        for letter in "ABCD":
            assert widget.verdict(letter) == declared.verdict(letter)
        wrong = [m.hint for m in entry.mistakes]
        assert wrong == [q["why_not"][letter] for letter in "ABCD" if letter not in accepted(q)]
