"""03 — checker behaviour beyond the generic tests: other valid answers, margins, shapes, hints."""

import re

import numpy as np
import pytest

from course_lib import nn
from course_lib.exercises import Feedback, check_mlp_forward, check_xor_weights
from course_lib.topics.xor import mlp_from_weights, slide_weights, truth_table

TRANSPOSED_HINT = "this looks like W1 transposed"


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_another_xor_network_passes(capsys):
    def xor_weights():  # h1 = x1 AND NOT x2, h2 = x2 AND NOT x1, output = OR
        return (
            np.array([[20.0, -20.0], [-20.0, 20.0]]),
            np.array([-10.0, -10.0]),
            np.array([[20.0], [20.0]]),
            np.array([-10.0]),
        )

    check_xor_weights(xor_weights)
    out = capsys.readouterr().out
    assert out.startswith("✓ xor_weights:") and "x1 AND NOT x2, x2 AND NOT x1" in out


def _net(W1, b1, W2, b2):
    return tuple(np.array(p, dtype=np.float64) for p in (W1, b1, W2, b2))


CORRECT_DESIGNS = {
    "slides (OR, NAND, AND)": _net([[20, -20], [20, -20]], [-10, 30], [[20], [20]], [-30]),
    "slides, hidden units swapped": _net([[-20, 20], [-20, 20]], [30, -10], [[20], [20]], [-30]),
    "alternative (x1∧¬x2, x2∧¬x1, OR)": _net([[20, -20], [-20, 20]], [-10, -10], [[20], [20]], [-10]),
    "alternative, hidden units swapped": _net([[-20, 20], [20, -20]], [-10, -10], [[20], [20]], [-10]),
    "alternative, other magnitudes": _net([[50, -7], [-50, 7]], [-25, -3.5], [[12], [12]], [-6]),
    "slides, other magnitudes": _net([[9, -40], [9, -40]], [-4.5, 60], [[31], [31]], [-46.5]),
    "OR and AND, output h1 ∧ ¬h2": _net([[20, 20], [20, 20]], [-10, -30], [[20], [-20]], [-10]),
}


@pytest.mark.parametrize("weights", CORRECT_DESIGNS.values(), ids=CORRECT_DESIGNS)
def test_every_correct_design_passes(weights, capsys):
    check_xor_weights(lambda: weights)
    assert capsys.readouterr().out.startswith("✓ xor_weights:")


def _hint(weights) -> str:
    with pytest.raises(Feedback) as info:
        check_xor_weights(lambda: weights)
    message = str(info.value)
    assert " Hint: " in message, message
    return message.partition(" Hint: ")[2]


ALT_W1 = [[20, -20], [-20, 20]]  # h1 = x1 AND NOT x2, h2 = x2 AND NOT x1
OUTPUT_NUDGE = "Which Boolean function of h1, h2 do you need for these four hidden points?"

# near-misses of the alternative design, with what the hint must (truthfully) say
ALT_NEAR_MISSES = {
    "AND output": (
        _net(ALT_W1, [-10, -10], [[20], [20]], [-30]),
        ["hidden layer is fine", "acts as AND of h1, h2", "gets x = (0, 1), (1, 0) wrong", OUTPUT_NUDGE],
    ),
    "output bias positive": (
        _net(ALT_W1, [-10, -10], [[20], [20]], [10]),
        ["hidden layer is fine", "acts as always 1", "gets x = (0, 0), (1, 1) wrong", OUTPUT_NUDGE],
    ),
    "hidden biases positive": (
        _net(ALT_W1, [10, 10], [[20], [20]], [-10]),
        ["(h1, h2) ≈ (1, 1), (0, 1), (1, 0), (1, 1)", "acts as OR of h1, h2", "gets x = (0, 0), (1, 1)"],
    ),
    "output weights negative": (
        _net(ALT_W1, [-10, -10], [[-20], [-20]], [-10]),
        ["hidden layer is fine", "acts as always 0", "gets x = (0, 1), (1, 0) wrong", OUTPUT_NUDGE],
    ),
    "same hidden unit twice": (
        _net([[20, 20], [-20, -20]], [-10, -10], [[20], [20]], [-10]),
        ["maps (x1, x2) = (0, 0) and (0, 1) to the same point (h1, h2) ≈ (0, 0)"],
    ),
    "second unit x2 AND x1": (
        _net([[20, 20], [-20, 20]], [-10, -30], [[20], [20]], [-10]),
        ["maps (x1, x2) = (0, 0) and (0, 1) to the same point (h1, h2) ≈ (0, 0)"],
    ),
    "hidden biases far too low": (
        _net(ALT_W1, [-30, -30], [[20], [20]], [-10]),
        ["h1 and h2 are off for every input", "(0, 0) and (0, 1) to the same point (h1, h2) ≈ (0, 0)"],
    ),
}


@pytest.mark.parametrize(("weights", "says"), ALT_NEAR_MISSES.values(), ids=ALT_NEAR_MISSES)
def test_alternative_design_near_misses_get_truthful_hints_without_weights(weights, says):
    hint = _hint(weights)
    for part in says:
        assert part in hint, hint
    for spoiler in ("20", "−30", "-30", "AND (weights", "NAND", "must be an AND"):
        assert spoiler not in hint, hint
    if "off for every input" not in says[0]:
        assert "for every input" not in hint, hint


def test_unsaturated_hidden_units_are_told_so():
    W1, b1, W2, b2 = slide_weights()
    hint = _hint((W1 / 10, b1 / 10, W2, b2))  # hidden units only reach σ(1) = 0.73
    assert "hidden values are far from 0 and 1" in hint and "for every input" not in hint


def test_hints_claim_only_what_the_network_does():
    """On many random networks: "X for every input" only for a constant hidden unit, "the same
    point" only for two inputs with different XOR values and equal hidden 0/1 points, and no
    hint holds a weight."""
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    rows = ["(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)"]
    rng = np.random.default_rng(3)
    seen = {"constant": 0, "merged": 0, "output": 0}
    for _ in range(400):
        W1, b1, W2, b2 = (
            rng.integers(-30, 31, (2, 2)),
            rng.integers(-30, 31, 2),
            rng.integers(-30, 31, (2, 1)),
            rng.integers(-30, 31, 1),
        )
        weights = _net(W1, b1, W2, b2)
        try:
            check_xor_weights(lambda w=weights: w)
            continue
        except Feedback as fb:
            message = str(fb)
        hint = message.partition(" Hint: ")[2]
        H = 1 / (1 + np.exp(-(X @ weights[0] + weights[1])))
        tables = [truth_table(H[:, j]) for j in range(2)]
        constant = {f"h{j + 1}" for j in range(2) if len(set(tables[j])) == 1}
        claimed = re.match(r"(h1|h2|h1 and h2) (?:is|are) (?:on|off|on or off) for every input", hint)
        assert ("for every input" in hint) == bool(claimed), hint
        if claimed:
            seen["constant"] += 1
            assert set(claimed.group(1).split(" and ")) == constant, (hint, tables)
        elif constant and "transposed" not in hint:
            pytest.fail(f"a constant unit was not named: {hint}")
        if merged := re.search(r"maps \(x1, x2\) = (\(\d, \d\)) and (\(\d, \d\)) to the same point", hint):
            seen["merged"] += 1
            i, k = rows.index(merged.group(1)), rows.index(merged.group(2))
            assert [t[i] for t in tables] == [t[k] for t in tables], (hint, tables)
            assert (i in (1, 2)) != (k in (1, 2))  # different XOR values
        if "The output unit is wrong" in hint:
            seen["output"] += 1
        assert "20" not in hint and "30" not in hint and "weights (" not in hint, hint
    assert all(seen.values()), seen


def test_lists_and_a_scalar_output_bias_are_accepted(capsys):
    check_xor_weights(lambda: ([[20, -20], [20, -20]], [-10, 30], [[20], [20]], -30))
    assert capsys.readouterr().out.startswith("✓")


def test_right_signs_without_margin_get_their_own_message():
    W1, b1, W2, b2 = slide_weights()
    with pytest.raises(Feedback) as info:
        check_xor_weights(lambda: (W1 / 4, b1 / 4, W2 / 4, b2 / 4))
    message = str(info.value)
    assert "x = (0, 0)" in message and "0.106" in message and "expected < 0.1" in message
    assert "not confident" in message and "Hint" not in message


def test_the_first_failing_input_is_named():
    W1, b1, W2, _ = slide_weights()
    with pytest.raises(Feedback) as info:
        check_xor_weights(lambda: (W1, b1, W2, np.array([-50.0])))  # output never fires
    assert "on input x = (0, 1)" in str(info.value) and "expected > 0.9" in str(info.value)


def test_a_transposed_solution_is_recognised_whatever_its_scale():
    W1, b1, W2, b2 = slide_weights()
    with pytest.raises(Feedback, match=TRANSPOSED_HINT):
        check_xor_weights(lambda: (3 * W1.T, 3 * b1, 3 * W2, 3 * b2))


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (
            (np.zeros((2, 2)), np.zeros(2), np.zeros(2), np.zeros(1)),
            "W2 of shape (2,), expected shape (2, 1)",
        ),
        ((np.zeros((2, 3)), np.zeros(2), np.zeros((2, 1)), np.zeros(1)), "W1 of shape (2, 3)"),
        ((np.zeros((2, 2)), np.zeros((1, 2)), np.zeros((2, 1)), np.zeros(1)), "b1 of shape (1, 2)"),
        ((np.zeros((2, 2)), np.zeros(2), np.zeros((2, 1))), "expected a tuple (W1, b1, W2, b2)"),
        ((np.zeros((2, 2)), "b1", np.zeros((2, 1)), np.zeros(1)), "b1 = 'b1'"),
        ((np.full((2, 2), np.nan), np.zeros(2), np.zeros((2, 1)), np.zeros(1)), "NaN"),
    ],
)
def test_malformed_weights_get_feedback(weights, message):
    with pytest.raises(Feedback) as info:
        check_xor_weights(lambda: weights)
    assert message in str(info.value)


def test_huge_weights_do_not_warn():
    W1, b1, W2, b2 = slide_weights()
    with pytest.raises(Feedback):
        check_xor_weights(lambda: (W1 * 1e300, b1 * 1e300, -W2 * 1e300, b2))


def test_mlp_forward_flat_output_is_a_shape_message():
    def flat(X, W1, b1, W2, b2):
        return _sigmoid(_sigmoid(X @ W1 + b1) @ W2 + b2).ravel()

    with pytest.raises(Feedback, match=r"returned shape \(4,\), expected \(4, 1\)"):
        check_mlp_forward(flat)


def test_mlp_forward_that_modifies_its_input_still_passes(capsys):
    def sloppy(X, W1, b1, W2, b2):
        X += 0.0
        W1 *= 1.0
        return _sigmoid(_sigmoid(X @ W1 + b1) @ W2 + b2)

    check_mlp_forward(sloppy)
    assert capsys.readouterr().out.startswith("✓ mlp_forward:")


def test_mlp_forward_hard_coded_for_two_inputs_fails_on_the_bigger_network():
    def two_inputs(X, W1, b1, W2, b2):
        H = _sigmoid(X[:, :1] * W1[0] + X[:, 1:2] * W1[1] + b1)
        return _sigmoid(H @ W2 + b2)

    with pytest.raises(Feedback, match="3-4-1"):
        check_mlp_forward(two_inputs)


# ---------------------------------------------------------------- xor_backward
def _central_differences(W1, b1, W2, b2, X, y, h=1e-6):
    """(dW1, db1, dW2, db2) of the mean BCE by central differences."""
    params = [np.array(p, dtype=np.float64) for p in (W1, b1, W2, b2)]

    def cost(ps):
        a = _sigmoid(_sigmoid(X @ ps[0] + ps[1]) @ ps[2] + ps[3])
        return -np.mean(np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=1))

    grads = []
    for k, p in enumerate(params):
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            plus, minus = [q.copy() for q in params], [q.copy() for q in params]
            plus[k][i] += h
            minus[k][i] -= h
            g[i] = (cost(plus) - cost(minus)) / (2 * h)
        grads.append(g)
    return grads


def test_xor_backward_reference_matches_central_differences_on_every_case():
    from course_lib.exercises import REGISTRY
    from course_lib.topics.xor import xor_backward

    for case in REGISTRY["xor_backward"].cases:
        for got, numeric in zip(xor_backward(*case.args), _central_differences(*case.args)):
            assert got.shape == numeric.shape
            assert np.allclose(got, numeric, rtol=1e-6, atol=1e-9)


def test_xor_backward_reference_is_the_library_backpropagation_on_every_case():
    from course_lib.exercises import REGISTRY
    from course_lib.topics.xor import mlp_from_weights, xor_backward

    for case in REGISTRY["xor_backward"].cases:
        W1, b1, W2, b2, X, y = case.args
        (dW1, db1), (dW2, db2) = mlp_from_weights(W1, b1, W2, b2).gradients(X, y, loss="bce")
        for got, library in zip(xor_backward(*case.args), (dW1, db1, dW2, db2)):
            assert np.allclose(got, library, rtol=1e-12, atol=1e-15)


def test_xor_backward_names_the_output_layer_first():
    from course_lib.exercises.xor import BACKWARD_MISTAKES, check_xor_backward

    no_m = next(m for m in BACKWARD_MISTAKES if m.name == "no 1/m")  # every gradient is wrong
    with pytest.raises(Feedback, match="dW2 from xor_backward"):
        check_xor_backward(no_m.impl)


def test_xor_backward_calling_the_library_is_feedback():
    from course_lib.exercises.xor import check_xor_backward

    def via_mlp(W1, b1, W2, b2, X, y):
        net = nn.MLP([W1.shape[0], W1.shape[1], W2.shape[1]], hidden="sigmoid", init="zeros")
        net.weights, net.biases = [W1, W2], [b1, b2]
        (dW1, db1), (dW2, db2) = net.gradients(X, y)
        return dW1, db1, dW2, db2

    with pytest.raises(Feedback, match=r"called the library's `nn\.MLP`"):
        check_xor_backward(via_mlp)


def test_xor_backward_that_edits_its_input_is_feedback():
    from course_lib.exercises.xor import check_xor_backward
    from course_lib.topics.xor import xor_backward

    def in_place(W1, b1, W2, b2, X, y):
        grads = xor_backward(W1, b1, W2, b2, X, y)
        W1 -= 0.1 * grads[0]  # a training step inside the backward pass
        return grads

    with pytest.raises(Feedback, match="changed its input `W1`"):
        check_xor_backward(in_place)


def test_xor_backward_written_with_loops_passes(capsys):
    from course_lib.exercises.xor import check_xor_backward

    def loops(W1, b1, W2, b2, X, y):
        m = X.shape[0]
        grads = [np.zeros_like(p, dtype=float) for p in (W1, b1, W2, b2)]
        for i in range(m):
            h = _sigmoid(X[i] @ W1 + b1)
            a = _sigmoid(h @ W2 + b2)
            d2 = (a - y[i]) / m
            d1 = (W2 @ d2) * h * (1 - h)
            for g, v in zip(grads, (np.outer(X[i], d1), d1, np.outer(h, d2), d2)):
                g += v
        return tuple(grads)

    check_xor_backward(loops)
    assert capsys.readouterr().out.startswith("✓ xor_backward:")


def test_xor_backward_with_tuple_order_swapped_gets_feedback():
    from course_lib.exercises.xor import check_xor_backward
    from course_lib.topics.xor import xor_backward

    with pytest.raises(Feedback, match="dW2 from xor_backward"):
        check_xor_backward(lambda *a: xor_backward(*a)[2:] + xor_backward(*a)[:2])


def test_calling_the_library_forward_is_told():
    """mlp_from_weights is imported in notebook 03, and mlp_from_weights(...).forward(X) passed."""
    with pytest.raises(Feedback, match="called the library's `mlp_from_weights`"):
        check_mlp_forward(lambda X, W1, b1, W2, b2: mlp_from_weights(W1, b1, W2, b2).forward(X))


def test_backward_slips_found_as_a_student_get_hints():
    from course_lib.exercises.xor import BACKWARD_MISTAKES, check_xor_backward

    for name, text in [
        ("biases averaged", "a mean divides by m twice"),
        ("extra a(1 - a) at the output", "already cancelled"),
    ]:
        mistake = next(m for m in BACKWARD_MISTAKES if m.name == name)
        with pytest.raises(Feedback, match=re.escape(text)):
            check_xor_backward(mistake.impl)


def test_sigma_prime_written_on_z1_gets_a_hint():
    from course_lib import activations
    from course_lib.exercises.xor import check_xor_backward

    sigmoid = activations.get("sigmoid")

    def xor_backward(W1, b1, W2, b2, X, y):
        Z1 = X @ W1 + b1
        H = sigmoid(Z1)
        a = sigmoid(H @ W2 + b2)
        dZ2 = (a - y) / X.shape[0]
        dZ1 = dZ2 @ W2.T * Z1 * (1 - Z1)
        return X.T @ dZ1, dZ1.sum(axis=0), H.T @ dZ2, dZ2.sum(axis=0)

    with pytest.raises(Feedback, match=re.escape("already have as H")):
        check_xor_backward(xor_backward)
