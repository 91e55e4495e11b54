"""Checkers for 02 — one neuron: the forward pass, the gradients of J, the update step, and the whole
training loop.

The references are the topic helpers in :mod:`course_lib.topics.neuron`. Each exercise's first
case is chosen so that every planted mistake gives a different answer from the right one:
m = 4 or 5 examples (so "summed instead of averaged", "wrong axis" and "X instead of Xᵀ" show),
b ≠ 0 (a forgotten bias shows), labels of both classes (the −y log a slip shows), η ≠ 1.
"""

import numpy as np

from course_lib import activations, nn
from course_lib.exercises._core import Case, Mistake, define, mutation_hint
from course_lib.topics import neuron as _neuron

__all__ = ["check_neuron_forward", "check_neuron_gradients", "check_train_neuron", "check_update_parameters"]

_sigmoid = activations.get("sigmoid")


# ---------------------------------------------------------------- forward pass
def _step_function(X, w, b):
    return (np.asarray(X) @ np.asarray(w) + b >= 0).astype(float)


FORWARD_MISTAKES = (
    Mistake(
        "forgot the sigmoid",
        lambda X, w, b: X @ w + b,
        "you returned z = Xw + b; the neuron's output is a = σ(z): apply sigmoid to z.",
    ),
    Mistake(
        "forgot the bias",
        lambda X, w, b: _sigmoid(X @ w),
        "the bias is missing: z = Xw + b, then a = σ(z).",
    ),
    Mistake(
        "bias after the sigmoid",
        lambda X, w, b: _sigmoid(X @ w) + b,
        "you added b after the sigmoid; the bias goes inside: a = σ(Xw + b).",
    ),
    Mistake(
        "sigma of minus z",
        lambda X, w, b: _sigmoid(-(X @ w + b)),
        "you computed 1/(1 + e^(+z)) = σ(−z); the sigmoid is σ(z) = 1/(1 + e^(−z)).",
    ),
    Mistake(
        "hard threshold",
        _step_function,
        "you returned a hard 0/1 decision; the neuron outputs the probability a = σ(z), between 0 and 1.",
    ),
    Mistake(
        "elementwise X * w",
        lambda X, w, b: _sigmoid(X * w + b),
        "`X * w` multiplies elementwise and keeps one column per input (shape (m, 2)); "
        "use the matrix product X @ w, which adds x₁w₁ + x₂w₂ in each row.",
    ),
    Mistake(
        "summed over the examples",
        lambda X, w, b: _sigmoid((X * w).sum(axis=0) + b),
        "you summed over the examples (axis 0); z adds up each example's inputs: X @ w, "
        "or (X * w).sum(axis=1).",
    ),
)

check_neuron_forward = define(
    "neuron_forward",
    notebook="02",
    reference=_neuron.forward,
    cases=[
        # m = 5, b ≠ 0, z from −4.75 to 5.5: every mistake above differs here
        Case(
            (
                np.array([[1.0, 2.0], [-1.5, 0.5], [2.0, -1.0], [0.5, 3.0], [-2.0, -2.5]]),
                np.array([1.5, -2.0]),
                0.5,
            ),
            label="X of shape (5, 2), w=[1.5, -2], b=0.5",
        ),
        Case(
            (np.array([[0.3, -0.7]]), np.array([2.0, 1.0]), -0.25),
            label="X of shape (1, 2), w=[2, 1], b=-0.25",
        ),
        Case(  # x = 0 gives σ(b)
            (np.array([[0.0, 0.0], [1.0, 1.0], [-1.0, 2.0]]), np.array([-0.5, 0.8]), 0.1),
            label="X of shape (3, 2), w=[-0.5, 0.8], b=0.1",
        ),
    ],
    mistakes=FORWARD_MISTAKES,
    # `one_neuron` and `nn` are imported in the notebook: their forward passes are the library's answer
    # (the reference is one_neuron.forward itself: a forbidden name is blocked only where it is called)
    forbid={_neuron.forward: "one_neuron.forward", nn.MLP: "nn.MLP"},
    precise_hints=True,  # X * w and a sum over the examples give other shapes
    verified="a = σ(Xw + b), shape (m,), matches on batches of m = 5, 1 and 3 examples (bias included).",
    doc="a = σ(Xw + b) on three batches (m = 5, 1, 3); shape (m,) required.",
)


# ---------------------------------------------------------------- gradients
def _grads_from_dz(X, dz, average=True):
    m = X.shape[0] if average else 1
    return X.T @ dz / m, dz.sum() / m


GRADIENT_MISTAKES = (
    Mistake(
        "summed instead of averaged",
        lambda X, y, a: _grads_from_dz(X, a - y, average=False),
        "you summed over the examples; J = (1/m) Σ ℓ is a mean, so divide by m.",
    ),
    Mistake(
        "only db summed",
        lambda X, y, a: (X.T @ (a - y) / X.shape[0], float(np.sum(a - y))),
        "dw is averaged but db is summed: divide db by m too, db = mean(a − y).",
    ),
    Mistake(
        "sign flipped",
        lambda X, y, a: _grads_from_dz(X, y - a),
        "the sign is flipped: ∂ℓ/∂z = a − y, not y − a (with y − a, gradient descent would climb J).",
    ),
    Mistake(
        "mean over the wrong axis",
        lambda X, y, a: ((X * (a - y)[:, None]).mean(axis=1), float(np.mean(a - y))),
        "dw needs one entry per weight (shape (2,)): average over the examples, "
        "dw = Xᵀ(a − y)/m, not over the inputs of each example.",
    ),
    Mistake(
        "used dl/da",
        lambda X, y, a: _grads_from_dz(X, (a - y) / (a * (1 - a))),
        "you used ∂ℓ/∂a = (a − y)/(a(1 − a)); multiply it by ∂a/∂z = a(1 − a), which leaves ∂ℓ/∂z = a − y.",
    ),
    Mistake(
        "extra a(1-a)",
        lambda X, y, a: _grads_from_dz(X, (a - y) * a * (1 - a)),
        "you multiplied a − y by a(1 − a) again; for the cross-entropy ∂ℓ/∂z is already a − y "
        "(the a(1 − a) has cancelled).",
    ),
    Mistake(
        "only the -y log a term",
        lambda X, y, a: _grads_from_dz(X, -y * (1 - a)),
        "that is the gradient of −y log a, only half of the cross-entropy; "
        "the full ℓ = −[y log a + (1 − y) log(1 − a)] gives ∂ℓ/∂z = a − y.",
    ),
    Mistake(
        "returned (db, dw)",
        lambda X, y, a: _grads_from_dz(X, a - y)[::-1],
        "you returned db first: return the pair in the order (dw, db).",
    ),
    Mistake(
        "sign of dl/da",
        lambda X, y, a: _grads_from_dz(X, y * (1 - a) + (1 - y) * a),
        "you used ∂ℓ/∂a = y/a + (1 − y)/(1 − a), with the wrong sign on the first term; "
        "it is −y/a + (1 − y)/(1 − a), and times a(1 − a) that gives a − y.",
    ),
)


def _gradient_cases():
    X3 = np.round(np.random.default_rng(2).normal(size=(6, 2)), 2)  # a fixed third case
    return (
        # m = 4, both classes, a ≠ 0.5: every mistake above differs here
        Case(
            (
                np.array([[1.0, 2.0], [-1.5, 0.5], [2.0, -1.0], [0.5, 3.0]]),
                np.array([1.0, 0.0, 0.0, 1.0]),
                np.array([0.8, 0.3, 0.6, 0.4]),
            ),
            label="X of shape (4, 2), y=[1, 0, 0, 1], a=[0.8, 0.3, 0.6, 0.4]",
        ),
        Case(  # one example: sum = mean
            (np.array([[2.0, -3.0]]), np.array([0.0]), np.array([0.25])), label="X=[[2, -3]], y=[0], a=[0.25]"
        ),
        Case(
            (X3, np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0]), np.round(_sigmoid(X3 @ [0.7, -1.2] + 0.3), 3)),
            label="X of shape (6, 2), y and a of shape (6,)",
        ),
    )


check_neuron_gradients = define(
    "neuron_gradients",
    notebook="02",
    reference=_neuron.gradients,
    cases=_gradient_cases(),
    outputs=("dw", "db"),
    mistakes=GRADIENT_MISTAKES,
    forbid={_neuron.gradients: "one_neuron.gradients", nn.MLP: "nn.MLP"},
    precise_hints=True,  # a wrong db is matched only with the mistakes that get dw right
    verified=(
        "dw = Xᵀ(a − y)/m with shape (2,) and db = mean(a − y) match on batches of m = 4, 1 and 6 "
        "(averaged, not summed; sign a − y)."
    ),
    doc="dw = Xᵀ(a − y)/m (shape (2,)) and db = mean(a − y) on three batches (m = 4, 1, 6).",
)


# ---------------------------------------------------------------- update step
def _in_place_update(w, b, dw, db, eta):
    w -= eta * dw  # writes into the caller's array
    return w, b - eta * db


UPDATE_MISTAKES = (
    Mistake(
        "plus instead of minus",
        lambda w, b, dw, db, eta: (w + eta * dw, b + eta * db),
        "you added the gradient, which climbs J (gradient ascent); step against it: "
        "w ← w − η·dw, b ← b − η·db.",
    ),
    Mistake(
        "forgot the learning rate",
        lambda w, b, dw, db, eta: (w - dw, b - db),
        "you left out the learning rate: multiply the gradient by η before subtracting it.",
    ),
    Mistake(
        "bias not updated",
        lambda w, b, dw, db, eta: (w - eta * dw, b),
        "the bias did not move: update it too, b ← b − η·db.",
    ),
    Mistake(
        "returned (b, w)",
        lambda w, b, dw, db, eta: (b - eta * db, w - eta * dw),
        "you returned b first: return the pair in the order (w, b).",
    ),
    Mistake(
        "divided by the learning rate",
        lambda w, b, dw, db, eta: (w - dw / eta, b - db / eta),
        "you divided the gradient by η; the step is η times the gradient: w ← w − η·dw.",
    ),
)

# the right values, but the caller's w changed: caught by unchanged=True, not by value
UPDATE_IN_PLACE = Mistake("changed w in place", _in_place_update, mutation_hint("w"))

check_update_parameters = define(
    "update_parameters",
    notebook="02",
    reference=_neuron.step,
    cases=[
        # η = 0.1, every entry of dw, db non-zero: every mistake above differs here
        Case((np.array([0.5, -1.0]), 0.2, np.array([0.3, -0.4]), 0.1, 0.1)),
        Case((np.array([-1.0, 2.0]), 1.0, np.array([-0.4, 0.3]), 0.05, 2.5)),
        Case((np.array([0.1, 0.2, 0.3]), -0.5, np.array([1.0, 0.0, -2.0]), -0.2, 0.5)),  # three inputs
    ],
    outputs=("w", "b"),
    mistakes=(*UPDATE_MISTAKES, UPDATE_IN_PLACE),
    unchanged=True,  # "leave w itself unchanged"
    forbid={_neuron.step: "one_neuron.step"},
    precise_hints=True,
    verified=(
        "w ← w − η·dw and b ← b − η·db match for η = 0.1, 2.5 and 0.5, with two and three inputs; "
        "w itself is left unchanged."
    ),
    doc="w ← w − η·dw and b ← b − η·db for η = 0.1, 2.5 and 0.5 (two and three inputs).",
)


# ---------------------------------------------------------------- the training loop
def _loop(X, y, eta, steps, *, average=True, move_b=True, sign=-1.0, record="before", loss="bce"):
    """The training loop from w = 0, b = 0; a keyword switches on one planted slip."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    m = X.shape[0] if average else 1
    w, b, costs = np.zeros(X.shape[1]), 0.0, []

    def cost(w, b):
        if loss == "mse":
            return float(np.mean((_neuron.forward(X, w, b) - y) ** 2))
        if loss == "-y log a":
            return float(np.mean(-y * np.log(_neuron.forward(X, w, b))))
        return _neuron.cost(X, y, w, b)

    for _ in range(steps):
        if record == "before":
            costs.append(cost(w, b))
        dz = _neuron.forward(X, w, b) - y
        dw, db = X.T @ dz / m, dz.sum() / m
        w, b = w + sign * eta * dw, (b + sign * eta * db) if move_b else b
        if record == "after":
            costs.append(cost(w, b))
    return w, b, np.array(costs)


def _train_reference(X, y, eta, steps):
    """(w, b, costs) of ``steps`` gradient steps from w = 0, b = 0; costs[k] is J before step k.

    The run of ``one_neuron.train`` from zeros (tests/test_exercises_neuron.py compares them), written
    without calling it: the checker forbids ``train``, ``gradients`` and ``step``, and the tests pass
    the reference through the checker like a student's function.
    """
    w, b, costs = _loop(X, y, eta, steps)
    return w, float(b), costs


TRAIN_MISTAKES = (
    Mistake(
        "gradients summed, not averaged",
        lambda X, y, eta, steps: _loop(X, y, eta, steps, average=False),
        "your steps are m times too large: J is a mean over the m examples, so its gradients are "
        "averages, not sums.",
    ),
    Mistake(
        "b never updated",
        lambda X, y, eta, steps: _loop(X, y, eta, steps, move_b=False),
        "your bias never moved from 0: update b with db at every step, as well as w.",
    ),
    Mistake(
        "costs recorded after each step",
        lambda X, y, eta, steps: _loop(X, y, eta, steps, record="after"),
        "your costs are one step late: record J before each update, so costs[0] is the cost at "
        "w = 0, b = 0 (ln 2 ≈ 0.693).",
    ),
    Mistake(
        "update added (ascent)",
        lambda X, y, eta, steps: _loop(X, y, eta, steps, sign=1.0),
        "you added η times the gradients (gradient ascent), which makes J go up; step against them.",
    ),
    Mistake(
        "cost as mean squared error",
        lambda X, y, eta, steps: _loop(X, y, eta, steps, loss="mse"),
        "your costs are the mean squared error of a; the neuron's cost J is the mean binary "
        "cross-entropy of section 3.",
    ),
    Mistake(
        "cost with the -y log a term only",
        lambda X, y, eta, steps: _loop(X, y, eta, steps, loss="-y log a"),
        "your costs keep only the −y log a term, so the examples of class 0 cost nothing; "
        "the cross-entropy has a second term, for y = 0.",
    ),
)


def _training_cases():
    """Toy data with more examples of class 0 (so b moves), another draw, and three inputs."""
    X, y = _neuron.toy_data(np.random.default_rng(7), m=40)
    keep = (y == 0) | (np.arange(40) < 16)  # all 20 of class 0, 8 of class 1
    X2, y2 = _neuron.toy_data(np.random.default_rng(8), m=24)
    rng = np.random.default_rng(9)
    X3 = np.round(rng.normal(size=(20, 3)), 2)
    y3 = (X3 @ [1.0, -2.0, 0.5] + 0.3 * rng.normal(size=20) > 0).astype(float)
    return (
        Case(
            (X[keep], y[keep], 1.0, 12),
            label="X of shape (28, 2) (20 of class 0, 8 of class 1), eta=1, steps=12",
        ),
        Case((X2, y2, 3.0, 5), label="X of shape (24, 2), y of shape (24,), eta=3, steps=5"),
        Case((X3, y3, 0.5, 3), label="X of shape (20, 3) (three inputs), eta=0.5, steps=3"),
    )


check_train_neuron = define(
    "train_neuron",
    notebook="02",
    reference=_train_reference,
    cases=_training_cases(),
    outputs=("w", "b", "costs"),
    mistakes=TRAIN_MISTAKES,
    unchanged=True,  # "leave X and y unchanged"
    forbid={
        _neuron.train: "one_neuron.train",
        _neuron.gradients: "one_neuron.gradients",
        _neuron.step: "one_neuron.step",
        nn.MLP: "nn.MLP",
    },
    verified=(
        "w, b and the costs before each step match 12 steps with η = 1 on 28 examples, 5 steps with "
        "η = 3, and three inputs; X and y are left unchanged."
    ),
    doc="The whole training loop from w = 0, b = 0 on three data sets; costs[k] is J before step k.",
)
