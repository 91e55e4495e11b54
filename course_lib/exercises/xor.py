"""Checkers for 03 — the multilayer perceptron and XOR: hand-set XOR weights, an MLP forward pass.

Both use the row-vector convention: X (m, 2), W1 (2, h), b1 (h,), W2 (h, 1), b2 (1,), and
a = σ(σ(X W1 + b1) W2 + b2).
"""

import numpy as np

from course_lib import activations, datasets, nn
from course_lib.exercises._core import (
    Case,
    Feedback,
    Mistake,
    call,
    define,
    describe,
    exercise,
    expect_returned,
)
from course_lib.topics.xor import (
    boolean_name,
    is_linearly_separable,
    mlp_from_weights,
    slide_weights,
    truth_table,
    xor_backward,
)

__all__ = ["check_mlp_forward", "check_xor_backward", "check_xor_weights"]

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


TRANSPOSED_HINT = (
    "this looks like W1 transposed: in Z1 = X @ W1 + b1, row i of W1 holds the weights from input "
    "x_i and column j the weights into hidden unit j, so each hidden unit's weights form a column."
)
_NUDGE_MERGED = "Change the hidden units so that these two inputs land on different hidden points."
_NUDGE_OUTPUT = "Which Boolean function of h1, h2 do you need for these four hidden points?"

# Typical wrong attempts at both designs, each with the exact hint the checker derives for it from
# what the network computes (nothing in the checker looks these up: they document and test it).
XOR_MISTAKES = (
    Mistake(  # slides' design: both hidden units are OR units
        "OR network",
        lambda: _weights([[20, 20], [20, 20]], [-10, -10], [[20], [20]], [-30]),
        "the hidden layer maps (x1, x2) = (0, 1) and (1, 1) to the same point (h1, h2) ≈ (1, 1), "
        "so no output unit can separate them (XOR is 1 at (0, 1) and 0 at (1, 1)). " + _NUDGE_MERGED,
    ),
    Mistake(
        "W1 transposed",
        lambda: _weights([[20, 20], [-20, -20]], [-10, 30], [[20], [20]], [-30]),
        TRANSPOSED_HINT,
    ),
    Mistake(  # slides' design with an OR output unit
        "AND output replaced by OR",
        lambda: _weights([[20, -20], [20, -20]], [-10, 30], [[20], [20]], [-10]),
        "your hidden layer is fine: it maps (0, 0), (0, 1), (1, 0), (1, 1) to (h1, h2) ≈ (0, 1), (1, 1), "
        "(1, 1), (1, 0), where one line separates XOR's 1s from its 0s. The output unit is wrong: on "
        "these points it acts as OR of h1, h2 and gets x = (0, 0), (1, 1) wrong. " + _NUDGE_OUTPUT,
    ),
    Mistake(  # slides' design, NAND bias with the wrong sign
        "NAND bias sign",
        lambda: _weights([[20, -20], [20, -20]], [-10, -30], [[20], [20]], [-30]),
        "h2 is off for every input, so it carries no information about x. The hidden layer maps "
        "(x1, x2) = (0, 1) and (1, 1) to the same point (h1, h2) ≈ (1, 0), so no output unit can "
        "separate them (XOR is 1 at (0, 1) and 0 at (1, 1)). " + _NUDGE_MERGED,
    ),
    Mistake(  # alternative design with an AND output unit
        "alternative design, AND output",
        lambda: _weights([[20, -20], [-20, 20]], [-10, -10], [[20], [20]], [-30]),
        "your hidden layer is fine: it maps (0, 0), (0, 1), (1, 0), (1, 1) to (h1, h2) ≈ (0, 0), (0, 1), "
        "(1, 0), (0, 0), where one line separates XOR's 1s from its 0s. The output unit is wrong: on "
        "these points it acts as AND of h1, h2 and gets x = (0, 1), (1, 0) wrong. " + _NUDGE_OUTPUT,
    ),
    Mistake(  # alternative design, both hidden units x1 AND NOT x2
        "alternative design, same hidden unit twice",
        lambda: _weights([[20, 20], [-20, -20]], [-10, -10], [[20], [20]], [-10]),
        "the hidden layer maps (x1, x2) = (0, 0) and (0, 1) to the same point (h1, h2) ≈ (0, 0), "
        "so no output unit can separate them (XOR is 0 at (0, 0) and 1 at (0, 1)). " + _NUDGE_MERGED,
    ),
    Mistake(  # alternative design, hidden biases too negative
        "alternative design, hidden biases too low",
        lambda: _weights([[20, -20], [-20, 20]], [-30, -30], [[20], [20]], [-10]),
        "h1 and h2 are off for every input, so they carry no information about x. The hidden layer "
        "maps (x1, x2) = (0, 0) and (0, 1) to the same point (h1, h2) ≈ (0, 0), so no output unit can "
        "separate them (XOR is 0 at (0, 0) and 1 at (0, 1)). " + _NUDGE_MERGED,
    ),
    Mistake(  # hidden units that copy the inputs
        "hidden units copy the inputs",
        lambda: _weights([[20, 0], [0, 20]], [-10, -10], [[20], [20]], [-10]),
        "the hidden layer maps (0, 0), (0, 1), (1, 0), (1, 1) to (h1, h2) ≈ (0, 0), (0, 1), (1, 0), "
        "(1, 1): XOR's 1s and 0s still sit on opposite corners, so no line, and no output unit, "
        "separates them. At least one hidden unit must compute something that x1 and x2 alone do not.",
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
    expect_returned(got, "xor_weights()")
    if not isinstance(got, tuple | list) or len(got) != 4:
        raise Feedback(f"xor_weights() returned {describe(got)}, expected a tuple (W1, b1, W2, b2)")
    W1 = _as_param(got[0], "W1", ((2, 2),), "row i = weights from input x_i, column j = into hidden unit j")
    b1 = _as_param(got[1], "b1", ((2,),), "one bias per hidden unit, e.g. np.array([-10.0, 30.0])")
    W2 = _as_param(got[2], "W2", ((2, 1),), "one row per hidden unit, one column for the output unit")
    b2 = _as_param(got[3], "b2", ((1,), ()), "the output unit's bias, e.g. np.array([-30.0])")
    return W1, b1, W2, b2


def _rounded(a: np.ndarray) -> str:
    return "[" + ", ".join(f"{v:.6g}" for v in a) + "]"


def _point(p) -> str:
    return "(" + ", ".join(str(int(v)) for v in p) + ")"


def _solves(out: np.ndarray) -> bool:
    return bool(np.all(np.where(_Y == 1, out > 0.9, out < 0.1)))


def _hidden_hint(P: np.ndarray, W2, b2) -> str:
    """What is wrong, judged from the hidden layer's 0/1 points P (4, 2) and the output unit."""
    units = [f"h{j + 1}" for j in range(2)]
    constant = [(u, int(P[0, j])) for j, u in enumerate(units) if len(set(P[:, j])) == 1]
    merged = [
        (i, k) for i in range(4) for k in range(i + 1, 4) if _Y[i] != _Y[k] and np.array_equal(P[i], P[k])
    ]
    if merged:
        i, k = merged[0]
        hint = (
            f"the hidden layer maps (x1, x2) = {_ROWS[i]} and {_ROWS[k]} to the same point (h1, h2) ≈ "
            f"{_point(P[i])}, so no output unit can separate them (XOR is {_Y[i]} at {_ROWS[i]} and "
            f"{_Y[k]} at {_ROWS[k]}). {_NUDGE_MERGED}"
        )
        if constant:  # a constant unit always merges two inputs with different XOR values
            states = {s for _, s in constant}
            state = "on" if states == {1} else "off" if states == {0} else "on or off"
            who = " and ".join(u for u, _ in constant)
            it = "it carries" if len(constant) == 1 else "they carry"
            verb = "is" if len(constant) == 1 else "are"
            hint = f"{who} {verb} {state} for every input, so {it} no information about x. T{hint[1:]}"
        return hint
    points = ", ".join(_point(p) for p in P)
    if not is_linearly_separable(P, _Y):
        return (
            f"the hidden layer maps {', '.join(_ROWS)} to (h1, h2) ≈ {points}: XOR's 1s and 0s still sit "
            "on opposite corners, so no line, and no output unit, separates them. At least one hidden "
            "unit must compute something that x1 and x2 alone do not."
        )
    with np.errstate(all="ignore"):
        corners = truth_table(_sigmoid(np.array([[0, 0], [0, 1], [1, 0], [1, 1]]) @ W2 + b2)[:, 0])
        on_points = np.array(truth_table(_sigmoid(P @ W2 + b2)[:, 0]))
    wrong = [_ROWS[i] for i in range(4) if on_points[i] != _Y[i]]
    if not wrong:  # right on clean 0/1 hidden values: the hidden units are not saturated
        return (
            f"your hidden units compute the right functions, mapping {', '.join(_ROWS)} to (h1, h2) ≈ "
            f"{points}, and your output unit would be right on those clean 0/1 points, but the hidden "
            "values are far from 0 and 1: scale the hidden units' weights and biases up so each "
            "sigmoid saturates."
        )
    acts = boolean_name(corners).replace("x1", "h1").replace("x2", "h2")
    acts = acts if "h1" in acts or "h2" in acts or acts.startswith("always") else f"{acts} of h1, h2"
    return (
        f"your hidden layer is fine: it maps {', '.join(_ROWS)} to (h1, h2) ≈ {points}, where one line "
        f"separates XOR's 1s from its 0s. The output unit is wrong: on these points it acts as {acts} "
        f"and gets x = {', '.join(wrong)} wrong. {_NUDGE_OUTPUT}"
    )


@exercise("xor_weights", notebook="03", reference=slide_weights, mistakes=XOR_MISTAKES)
def check_xor_weights(xor_weights) -> str:
    """Run the sigmoid 2-2-1 network with the student's weights on the four XOR inputs.

    Any design that computes XOR with a margin passes. A wrong one is diagnosed from what it
    computes, never from a model answer: two inputs with different XOR values that the hidden
    layer maps to the same 0/1 point (naming a hidden unit that is constant, when one is),
    hidden points no line separates, or an output unit that is wrong on separable hidden points.
    """
    W1, b1, W2, b2 = _unpack(call(xor_weights))
    out, H = _forward(W1, b1, W2, b2)
    if not np.all(np.isfinite(out)):
        raise Feedback("xor_weights(): the network returned NaN or inf; use finite weights and biases.")
    tables = [truth_table(H[:, j]) for j in range(2)]
    names = [boolean_name(t) for t in tables]
    good = np.where(_Y == 1, out > 0.9, out < 0.1)
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
        raise Feedback(
            message + " Every output is on the right side of 0.5 but not confident: scale all weights and "
            "biases up (e.g. ×10) so each sigmoid saturates."
        )
    if _solves(_forward(W1.T, b1, W2, b2)[0]):  # would the transposed W1 solve it?
        raise Feedback(f"{message} Hint: {TRANSPOSED_HINT}")
    P = np.array(tables, dtype=np.float64).T  # (4, 2): each input's hidden point, rounded to 0/1
    raise Feedback(f"{message} Hint: {_hidden_hint(P, W2, b2)}")


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
    """The first case tells every planted mistake apart."""
    W1 = np.array([[1.0, -2.0], [0.5, 1.5]])  # not symmetric: W1.T gives other values
    rng = np.random.default_rng(7)
    X2 = rng.normal(size=(5, 3))
    params2 = (rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=(4, 1)), rng.normal(size=1))
    return [
        Case(
            (_X, W1, np.array([0.3, -0.4]), np.array([[1.2], [-0.7]]), np.array([0.1])),
            label="X, W1, b1, W2, b2: the 4 XOR inputs, a 2-2-1 network",
        ),
        Case((X2, *params2), label="X, W1, b1, W2, b2: 5 examples through a 3-4-1 network"),
        Case(
            (np.array([[1.0, 0.0]]), *slide_weights()),
            label="X, W1, b1, W2, b2: one example, x = (1, 0), the slides' weights",
        ),
    ]


check_mlp_forward = define(
    "mlp_forward",
    notebook="03",
    reference=_mlp_forward,
    cases=_forward_cases(),
    mistakes=FORWARD_MISTAKES,
    # the notebook imports mlp_from_weights and nn: a whole network's forward is the library's answer
    forbid={mlp_from_weights: "mlp_from_weights", nn.MLP: "nn.MLP", nn.network_forward: "nn.network_forward"},
    precise_hints=True,  # returning the hidden layer gives another shape
    verified=(
        "matches a = σ(σ(X W1 + b1) W2 + b2) on the 4 XOR inputs (2-2-1), on 5 examples through a "
        "3-4-1 network and on a single example; the output has shape (m, 1)."
    ),
    doc="Compare with σ(σ(X W1 + b1) W2 + b2) on three networks; the output keeps shape (m, 1).",
)


# ---------------------------------------------------------------- xor_backward
def _backward_with(*, scale_m=True, hidden_grad="H", transpose=True, mean_b=False, output_grad=False):
    """The sigmoid-sigmoid backward pass with one planted mistake (see BACKWARD_MISTAKES)."""

    def backward(W1, b1, W2, b2, X, y):
        m = X.shape[0]
        H = _sigmoid(X @ W1 + b1)
        a = _sigmoid(H @ W2 + b2)
        dZ2 = (a - y) / m if scale_m else a - y
        if output_grad:
            dZ2 = dZ2 * a * (1 - a)
        dW2, db2 = H.T @ dZ2, (dZ2.mean(axis=0) if mean_b else dZ2.sum(axis=0))
        dH = dZ2 @ W2.T if transpose else dZ2 @ W2
        if hidden_grad == "H":
            dZ1 = dH * H * (1 - H)
        elif hidden_grad == "sigma'(H)":
            dZ1 = dH * _sigmoid.grad(H)
        elif hidden_grad == "Z1(1 - Z1)":
            Z1 = X @ W1 + b1
            dZ1 = dH * Z1 * (1 - Z1)
        else:
            dZ1 = dH
        return X.T @ dZ1, (dZ1.mean(axis=0) if mean_b else dZ1.sum(axis=0)), dW2, db2

    return backward


BACKWARD_MISTAKES = (
    Mistake(
        "no 1/m",
        _backward_with(scale_m=False),
        "your gradients are m times too large: the cost is the mean J = (1/m) Σ ℓ, so ∂J/∂Z2 carries "
        "a factor 1/m that a − y alone does not.",
    ),
    Mistake(
        "biases averaged",
        _backward_with(mean_b=True),
        "dW2 is right but db2 is m times too small: ∂J/∂Z2 already holds the 1/m of the mean, so "
        "db2 and db1 sum it over the examples (a mean divides by m twice).",
    ),
    Mistake(
        "extra a(1 - a) at the output",
        _backward_with(output_grad=True),
        "for a sigmoid output with the cross-entropy, ∂J/∂Z2 is (a − y)/m: the sigmoid's a(1 − a) has "
        "already cancelled, so do not multiply by it again.",
    ),
    Mistake(
        "sigma' at A",
        _backward_with(hidden_grad="sigma'(H)"),
        "you took the sigmoid's derivative at the hidden output H = σ(Z1), i.e. σ'(σ(Z1)); it belongs at "
        "Z1. You do not need Z1 for it: σ'(z) = σ(z)(1 − σ(z)), and σ(Z1) is already in H.",
    ),
    Mistake(
        "Z1(1 - Z1)",
        _backward_with(hidden_grad="Z1(1 - Z1)"),
        "you multiplied by Z1(1 − Z1), the formula applied to the pre-activation; σ'(Z1) = "
        "σ(Z1)(1 − σ(Z1)), with the sigmoid's output, which you already have as H.",
    ),
    Mistake(
        "forgot hidden derivative",
        _backward_with(hidden_grad=None),
        "dW2 and db2 are right, dW1 and db1 are not: on the way back through the hidden layer the "
        "gradient must also pass through its sigmoid, elementwise, before the dense step to W1 and b1.",
    ),
    Mistake(
        "W2 not transposed",
        _backward_with(transpose=False),
        "sending dZ2 (m, n_out) back to the hidden layer (m, h) needs W2 transposed: hidden unit j "
        "collects dZ2[:, k] · W2[j, k] over the outputs k (with W2 square, the untransposed product "
        "has the right shape but the wrong values).",
    ),
)

# the library's network functions a student could call instead of writing the backward pass
_BACKWARD_FORBID = {
    nn.MLP: "nn.MLP",
    mlp_from_weights: "mlp_from_weights",
    nn.network_backward: "nn.network_backward",
    nn.dense_backward: "nn.dense_backward",
    nn.activation_backward: "nn.activation_backward",
    xor_backward: "xor_backward",
}


def _params(rng, n_in, h, n_out):
    return (
        rng.normal(scale=2.0, size=(n_in, h)),
        rng.normal(size=h),
        rng.normal(scale=2.0, size=(h, n_out)),
        rng.normal(size=n_out),
    )


def _backward_cases():
    """The first has a square W2, so an untransposed W2 gives values, not a shape error; weights are
    large enough that σ'(H) and σ'(Z1) differ."""
    rng = np.random.default_rng(303)
    Y2 = np.column_stack([_Y, _X[:, 0] * _X[:, 1]])  # two outputs: XOR and AND
    on = "W1, b1, W2, b2, X, y of "
    cases = [
        Case(
            (*_params(rng, 2, 2, 2), _X, Y2),
            label=on + "a 2-2-2 network (outputs XOR, AND) on the 4 XOR inputs",
        ),
        Case((*_params(rng, 2, 2, 1), _X, _Y[:, None]), label=on + "a 2-2-1 network on the 4 XOR inputs"),
        Case((*_params(rng, 2, 4, 1), _X, _Y[:, None]), label=on + "a 2-4-1 network on the 4 XOR inputs"),
    ]
    X3 = rng.normal(size=(7, 3))
    y3 = (rng.random((7, 1)) < 0.5).astype(np.float64)
    return [*cases, Case((*_params(rng, 3, 5, 1), X3, y3), label=on + "a 3-5-1 network on 7 random examples")]


check_xor_backward = define(
    "xor_backward",
    notebook="03",
    reference=xor_backward,  # the library's backprop for this network (the tests compare it with nn.MLP)
    cases=_backward_cases(),
    outputs=("dW1", "db1", "dW2", "db2"),
    order=("dW2", "db2", "dW1", "db1"),  # backprop order: the output layer's gradients first
    mistakes=BACKWARD_MISTAKES,
    unchanged=True,
    forbid=_BACKWARD_FORBID,
    precise_hints=True,
    verified=(
        "dW1, db1, dW2, db2 match the library's backpropagation on a 2-2-2, a 2-2-1, a 2-4-1 and a 3-5-1 "
        "network, with the shapes of W1, b1, W2, b2, and your inputs stay unchanged."
    ),
    doc="dW2, db2, then dW1, db1 (backprop order) against the library's backpropagation on four networks.",
)
