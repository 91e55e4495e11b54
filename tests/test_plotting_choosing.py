"""10 — the Reflect quiz widgets, the quiz data, the batched trainer and the plots."""

import html
import math
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib import activations, nn
from course_lib.plotting import choosing as C
from course_lib.widgets.choosing import REFLECT_QUIZ, Quiz, decision_boundary_explorer, quiz


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def build(q) -> Quiz:
    return quiz(q["question"], q["options"], q["answer"], q["explanation"], q["why_not"])


def accepted(q) -> tuple[str, ...]:
    return (q["answer"],) if isinstance(q["answer"], str) else tuple(q["answer"])


# ---------------------------------------------------------------- the quiz widget
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


# ---------------------------------------------------------------- data sets and the grid
def test_make_datasets_are_centred_and_inside_the_extent():
    data = C.make_datasets(200, np.random.default_rng(0))
    assert tuple(data) == C.DATASETS
    for X, y in data.values():
        assert X.shape == (200, 2) and y.shape == (200,) and set(np.unique(y)) == {0, 1}
        assert np.all(np.abs(X) < C.EXTENT[1]) and np.all(np.abs(X.mean(axis=0)) < 0.15)


def test_input_grid_covers_the_extent_row_by_row():
    G = C.input_grid(5)
    assert G.shape == (25, 2)
    assert np.allclose(G[0], [C.EXTENT[0], C.EXTENT[2]]) and np.allclose(G[-1], [C.EXTENT[1], C.EXTENT[3]])
    assert np.allclose(G[1, 1], G[0, 1])  # x1 varies fastest, so row i of a frame is one value of x2


def test_every_compared_activation_has_an_initializer_and_a_colour():
    assert set(C.ACTIVATIONS) <= set(C.INIT_FOR) and set(C.ACTIVATIONS) <= set(C.COLORS)
    assert C.INIT_FOR["relu"] == "he_normal" and C.INIT_FOR["tanh"] == "glorot_uniform"


# ---------------------------------------------------------------- train_together
def _nets(name, seeds, sizes=(2, 8, 8, 1)):
    return [
        nn.MLP(
            list(sizes), hidden=name, output="sigmoid", init=C.INIT_FOR[name], rng=np.random.default_rng(s)
        )
        for s in seeds
    ]


@pytest.mark.parametrize("name", C.ACTIVATIONS)
def test_train_together_computes_what_fit_computes(name):
    data = C.make_datasets(60, np.random.default_rng(1))
    pairs = [data["xor"], data["circles"], data["spirals"]]
    nets = _nets(name, (0, 1, 2))
    twins = [net.copy() for net in nets]
    records = C.train_together(nets, pairs, eta=0.5, epochs=25)
    for net, twin, (X, y), record in zip(nets, twins, pairs, records):
        costs = twin.fit(X, y, "bce", 0.5, 25)
        assert np.allclose(record.costs, costs, rtol=1e-10, atol=1e-12)
        for mine, theirs in zip([*net.weights, *net.biases], [*twin.weights, *twin.biases]):
            assert mine.shape == theirs.shape and np.allclose(mine, theirs, rtol=1e-10, atol=1e-12)


def test_frames_show_the_output_on_the_grid_every_few_steps():
    X, y = C.make_datasets(40, np.random.default_rng(2))["circles"]
    (net,) = _nets("relu", (0,))
    before = net.copy()
    grid = C.input_grid(7)
    (record,) = C.train_together([net], [(X, y)], eta=0.5, epochs=10, every=4, grid=grid)
    assert list(record.frame_epochs) == [0, 4, 8, 10] and record.frames.shape == (4, 7, 7)
    assert np.allclose(record.frames[0], before.forward(grid)[:, 0].reshape(7, 7))
    assert np.allclose(record.frames[-1], net.forward(grid)[:, 0].reshape(7, 7))
    assert record.frame_accuracy[-1] == net.accuracy(X, y) and record.seconds >= 0
    (plain,) = C.train_together([before], [(X, y)], eta=0.5, epochs=10)
    assert plain.frames.size == 0 and np.allclose(plain.costs, record.costs)


def test_train_together_refuses_networks_it_cannot_stack():
    X, y = C.make_datasets(20, np.random.default_rng(3))["xor"]
    relu, tanh = _nets("relu", (0,))[0], _nets("tanh", (0,))[0]
    with pytest.raises(ValueError, match="same sizes and hidden activation"):
        C.train_together([relu, tanh], [(X, y), (X, y)], eta=0.1, epochs=1)
    softmax_net = nn.MLP([2, 4, 2], output="softmax", rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="sigmoid"):
        C.train_together([softmax_net], [(X, y)], eta=0.1, epochs=1)
    with pytest.raises(ValueError, match="one \\(X, y\\) per network"):
        C.train_together([relu], [], eta=0.1, epochs=1)
    with pytest.raises(ValueError, match="same shape"):
        C.train_together([relu, relu.copy()], [(X, y), (X[:10], y[:10])], eta=0.1, epochs=1)
    with pytest.raises(ValueError, match="n×n"):
        C.train_together([relu], [(X, y)], eta=0.1, epochs=1, grid=np.zeros((5, 2)))


# ---------------------------------------------------------------- plots
def test_plots_return_their_axes_without_warnings():
    X, y = C.make_datasets(30, np.random.default_rng(4))["spirals"]
    prob = np.linspace(0, 1, 100).reshape(10, 10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _fig, axes = plt.subplots(1, 3)
        assert C.plot_points(X, y, ax=axes[0]) is axes[0]
        assert C.plot_boundary(prob, X, y, ax=axes[1]) is axes[1]
        assert len(axes[1].collections) >= 3  # the 0.5 contour and the two classes
        costs = {"relu": np.geomspace(0.7, 0.01, 50), "sigmoid": np.full(50, 0.69)}
        band = {"relu": (costs["relu"] * 0.9, costs["relu"] * 1.1)}
        assert C.plot_cost_curves(costs, ax=axes[2], band=band) is axes[2]
        assert axes[2].get_yscale() == "log" and len(axes[2].get_lines()) == 3  # two curves and ln 2
        C.plot_boundary(np.full((10, 10), 0.3), ax=axes[1])  # no 0.5 level: no contour, no warning


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
