"""03 — checker behaviour beyond the generic tests: other valid answers, margins, shapes, hints."""

import numpy as np
import pytest

from course_lib.exercises import Feedback, check_mlp_forward, check_xor_weights
from course_lib.topics.xor import slide_weights

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
