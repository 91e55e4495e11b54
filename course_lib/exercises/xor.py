"""Checkers for 03 — the multilayer perceptron and XOR: hand-set XOR weights, an MLP forward pass.

Both use the row-vector convention: X (m, 2), W1 (2, h), b1 (h,), W2 (h, 1), b2 (1,), and
a = σ(σ(X W1 + b1) W2 + b2).
"""

import numpy as np

from course_lib import activations, datasets, nn
from course_lib.exercises._core import (
    Feedback,
    Mistake,
    call,
    describe,
    exercise,
    expect_array,
    expect_close,
)
from course_lib.topics.xor import boolean_name, slide_weights, truth_table

__all__ = ["check_mlp_forward", "check_xor_weights"]

_sigmoid = activations.get("sigmoid")
_X, _Y = datasets.xor()
_ROWS = ["(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)"]
_XOR = (0, 1, 1, 0)


def _forward(W1, b1, W2, b2, X=_X):
    """(a of shape (m,), H of shape (m, h)): sigmoid hidden and output layers."""
    with np.errstate(all="ignore"):  # absurd weights give inf/NaN, reported as feedback
        H = _sigmoid(X @ W1 + b1)
        return _sigmoid(H @ W2 + b2)[:, 0], H


# ---------------------------------------------------------------- xor_weights
def _weights(W1, b1, W2, b2):
    return tuple(np.array(p, dtype=np.float64) for p in (W1, b1, W2, b2))


XOR_MISTAKES = (
    Mistake(
        "OR network",
        lambda: _weights([[20, 20], [20, 20]], [-10, -10], [[20], [20]], [-30]),
        "your network computes OR: it also outputs 1 at (1, 1). XOR = OR AND NAND: one hidden unit "
        "must be a NAND unit (weights −20, −20, bias 30) that switches off at (1, 1).",
    ),
    Mistake(
        "W1 transposed",
        lambda: _weights([[20, 20], [-20, -20]], [-10, 30], [[20], [20]], [-30]),
        "this looks like W1 transposed: in Z1 = X @ W1 + b1, row i of W1 holds the weights from input "
        "x_i and column j the weights into hidden unit j, so the OR unit's weights (20, 20) form a column.",
    ),
    Mistake(
        "AND output replaced by OR",
        lambda: _weights([[20, -20], [20, -20]], [-10, 30], [[20], [20]], [-10]),
        "your output unit acts as an OR of the two hidden units, so the output is 1 everywhere; it must "
        "be an AND (weights 20, 20, bias −30), on only when both hidden units are on.",
    ),
    Mistake(
        "NAND bias sign",
        lambda: _weights([[20, -20], [20, -20]], [-10, -30], [[20], [20]], [-30]),
        "your network outputs 0 everywhere: a hidden unit is off for every input, so the AND output "
        "never fires. Check the signs of the biases (OR: −10, NAND: +30).",
    ),
)


def _as_param(value, name: str, shapes: tuple[tuple[int, ...], ...], fix: str) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise Feedback(f"xor_weights() returned {name} = {value!r:.60}; expected numbers ({fix})") from None
    if arr.shape not in shapes:
        raise Feedback(
            f"xor_weights() returned {name} of shape {arr.shape}, expected shape {shapes[0]}: {fix}."
        )
    return arr.reshape(shapes[0])


def _unpack(got):
    if got is None:
        raise Feedback("xor_weights() returned None. Did you forget the `return` statement?")
    if not isinstance(got, tuple | list) or len(got) != 4:
        raise Feedback(f"xor_weights() returned {describe(got)}, expected a tuple (W1, b1, W2, b2)")
    W1 = _as_param(got[0], "W1", ((2, 2),), "row i = weights from input x_i, column j = into hidden unit j")
    b1 = _as_param(got[1], "b1", ((2,),), "one bias per hidden unit, e.g. np.array([-10.0, 30.0])")
    W2 = _as_param(got[2], "W2", ((2, 1),), "one row per hidden unit, one column for the output unit")
    b2 = _as_param(got[3], "b2", ((1,), ()), "the output unit's bias, e.g. np.array([-30.0])")
    return W1, b1, W2, b2


def _rounded(a: np.ndarray) -> str:
    return "[" + ", ".join(f"{v:.6g}" for v in a) + "]"


@exercise("xor_weights", notebook="03", reference=slide_weights, mistakes=XOR_MISTAKES)
def check_xor_weights(xor_weights) -> str:
    """Run the sigmoid 2-2-1 network with the student's weights on the four XOR inputs."""
    W1, b1, W2, b2 = _unpack(call(xor_weights))
    out, H = _forward(W1, b1, W2, b2)
    if not np.all(np.isfinite(out)):
        raise Feedback("xor_weights(): the network returned NaN or inf; use finite weights and biases.")
    good = np.where(_Y == 1, out > 0.9, out < 0.1)
    names = [boolean_name(truth_table(H[:, j])) for j in range(2)]
    if good.all():
        return (
            f"the network outputs {_rounded(out)} on {', '.join(_ROWS)}: XOR, each output < 0.1 or > 0.9 "
            f"(hidden units: {names[0]}, {names[1]})."
        )
    i = int(np.argmin(good))  # the first failing input
    table = truth_table(out)
    message = (
        f"on input x = {_ROWS[i]} the network returned a = {out[i]:.6g}, expected "
        f"{'> 0.9' if _Y[i] else '< 0.1'} (XOR{_ROWS[i]} = {_Y[i]}). Outputs on {', '.join(_ROWS)}: "
        f"{_rounded(out)}, i.e. {boolean_name(table)}; your hidden units compute {names[0]} and {names[1]}."
    )
    if table == _XOR:
        message += (
            " Every output is on the right side of 0.5 but not confident: scale all weights and biases "
            "up (e.g. ×10) so each sigmoid saturates."
        )
    hints = [m.hint for m in XOR_MISTAKES if truth_table(_forward(*m.impl())[0]) == table]
    a_t = _forward(W1.T, b1, W2, b2)[0]  # would the transposed W1 solve it?
    if XOR_MISTAKES[1].hint not in hints and np.all(np.where(_Y == 1, a_t > 0.9, a_t < 0.1)):
        hints.append(XOR_MISTAKES[1].hint)
    if hints:
        message += " Hint: " + " Or: ".join(hints)
    raise Feedback(message)


# ---------------------------------------------------------------- mlp_forward
def _mlp_forward(X, W1, b1, W2, b2):
    """a = σ(σ(X W1 + b1) W2 + b2) with the library's dense and activation layers."""
    Z1, _ = nn.dense_forward(X, W1, b1)
    H, _ = nn.activation_forward(Z1, "sigmoid")
    Z2, _ = nn.dense_forward(H, W2, b2)
    return nn.activation_forward(Z2, "sigmoid")[0]


FORWARD_MISTAKES = (
    Mistake(
        "forgot hidden activation",
        lambda X, W1, b1, W2, b2: _sigmoid((X @ W1 + b1) @ W2 + b2),
        "you fed Z1 = X W1 + b1 to the output layer; apply the sigmoid first: H = σ(X W1 + b1).",
    ),
    Mistake(
        "forgot output activation",
        lambda X, W1, b1, W2, b2: _sigmoid(X @ W1 + b1) @ W2 + b2,
        "you returned the output layer's pre-activation Z2 = H W2 + b2; apply the sigmoid: a = σ(Z2).",
    ),
    Mistake(
        "forgot biases",
        lambda X, W1, b1, W2, b2: _sigmoid(_sigmoid(X @ W1) @ W2),
        "you left out the biases: Z1 = X W1 + b1 and Z2 = H W2 + b2.",
    ),
    Mistake(
        "forgot b1",
        lambda X, W1, b1, W2, b2: _sigmoid(_sigmoid(X @ W1) @ W2 + b2),
        "you left out b1: the hidden layer is H = σ(X W1 + b1).",
    ),
    Mistake(
        "forgot b2",
        lambda X, W1, b1, W2, b2: _sigmoid(_sigmoid(X @ W1 + b1) @ W2),
        "you left out b2: the output is a = σ(H W2 + b2).",
    ),
    Mistake(
        "used W1.T",
        lambda X, W1, b1, W2, b2: _sigmoid(_sigmoid(X @ W1.T + b1) @ W2 + b2),
        "you used W1.T: with one example per row of X, Z1 = X @ W1, and W1 has shape (n_in, n_hidden).",
    ),
    Mistake(
        "returned hidden layer",
        lambda X, W1, b1, W2, b2: _sigmoid(X @ W1 + b1),
        "you returned the hidden layer H = σ(X W1 + b1); pass it through the output layer: a = σ(H W2 + b2).",
    ),
)


def _forward_cases():
    """(description, X, W1, b1, W2, b2); the first case tells every planted mistake apart."""
    W1 = np.array([[1.0, -2.0], [0.5, 1.5]])  # not symmetric: W1.T gives other values
    case1 = (
        "the 4 XOR inputs (2-2-1 network)",
        _X,
        W1,
        np.array([0.3, -0.4]),
        np.array([[1.2], [-0.7]]),
        np.array([0.1]),
    )
    rng = np.random.default_rng(7)
    X2 = rng.normal(size=(5, 3))
    case2 = (
        "5 examples through a 3-4-1 network",
        X2,
        rng.normal(size=(3, 4)),
        rng.normal(size=4),
        rng.normal(size=(4, 1)),
        rng.normal(size=1),
    )
    case3 = ("one example, x = (1, 0), with the slides' weights", np.array([[1.0, 0.0]]), *slide_weights())
    return [case1, case2, case3]


def _safe(impl, args):
    try:
        with np.errstate(all="ignore"):
            return np.asarray(impl(*args), dtype=np.float64)
    except ValueError:  # e.g. W1.T on a non-square W1: that mistake cannot occur here
        return None


@exercise("mlp_forward", notebook="03", reference=_mlp_forward, mistakes=FORWARD_MISTAKES)
def check_mlp_forward(mlp_forward) -> str:
    """Compare with σ(σ(X W1 + b1) W2 + b2) on three networks; the output keeps shape (m, 1)."""
    for description, *args in _forward_cases():
        what = f"mlp_forward(X, W1, b1, W2, b2) on {description}"
        got = call(mlp_forward, *args)
        expected = _mlp_forward(*args)
        values = [(m, v) for m in FORWARD_MISTAKES if (v := _safe(m.impl, args)) is not None]
        if isinstance(got, np.ndarray) and got.shape != expected.shape and got.dtype.kind in "iuf":
            hints = [m.hint for m, v in values if v.shape == got.shape and np.allclose(got, v)]
            if hints:  # a mistake whose result has another shape (the hidden layer)
                raise Feedback(
                    f"{what} returned an array of shape {got.shape}, expected shape {expected.shape}. "
                    f"Hint: {' Or: '.join(hints)}"
                )
        arr = expect_array(got, expected.shape, what)  # shape (m, 1) first, then the values
        column = [(m, v[:, 0]) for m, v in values if v.shape == expected.shape]
        expect_close(arr[:, 0], expected[:, 0], what, mistakes=column)
    return (
        "matches a = σ(σ(X W1 + b1) W2 + b2) on the 4 XOR inputs (2-2-1), on 5 examples through a "
        "3-4-1 network and on a single example; the output has shape (m, 1)."
    )
