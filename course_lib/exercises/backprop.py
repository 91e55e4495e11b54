"""Checkers for 04 — backpropagation: a dense layer's backward pass, a gradient check, the bug fix."""

from __future__ import annotations

import copy
from collections.abc import Mapping

import numpy as np

from course_lib import activations, nn
from course_lib.exercises._core import (
    Case,
    Feedback,
    Mistake,
    call,
    define,
    describe,
    exercise,
    expect_close_detailed,
    expect_returned,
    hinted,
    matching_hints,
    mistake_values,
)
from course_lib.gradcheck import numerical_gradient, relative_error
from course_lib.topics.backprop import (
    PARAM_NAMES,
    buggy_two_layer_backward,
    gradient_check_report,
    two_layer_backward,
    two_layer_loss,
    two_layer_problem,
)

__all__ = ["check_dense_backward", "check_fixed_backward", "check_gradient_check"]

_sigmoid = activations.get("sigmoid")


# ---------------------------------------------------------------- 1. dense_backward
def _dense_backward(dZ, X, W):
    """dX = dZ Wᵀ, dW = Xᵀ dZ, db = Σ_i dZ_i (dZ = ∂J/∂Z already holds the 1/m of the mean)."""
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)


DENSE_MISTAKES = (
    Mistake(
        "dW transposed",
        lambda dZ, X, W: (dZ @ W.T, dZ.T @ X, dZ.sum(axis=0)),
        "dZ.T @ X is the transpose of dW; dW must have W's shape (n_in, n_out): dW = X.T @ dZ.",
    ),
    Mistake(
        "dW = X @ dZ.T",
        lambda dZ, X, W: (dZ @ W.T, X @ dZ.T, dZ.sum(axis=0)),
        "X @ dZ.T pairs examples with examples (shape (m, m)); dW = X.T @ dZ sums over the m examples.",
    ),
    Mistake(
        "dX without transpose",
        lambda dZ, X, W: (dZ @ W, X.T @ dZ, dZ.sum(axis=0)),
        "dX = dZ @ W.T: each input i collects dZ_k · W[i, k] over the outputs k, so W is transposed.",
    ),
    Mistake(
        "db not summed",
        lambda dZ, X, W: (dZ @ W.T, X.T @ dZ, dZ.copy()),
        "db must have b's shape (n_out,): b is added to every row of Z, so sum dZ over the examples, "
        "dZ.sum(axis=0).",
    ),
    Mistake(
        "db summed over outputs",
        lambda dZ, X, W: (dZ @ W.T, X.T @ dZ, dZ.sum(axis=1)),
        "dZ.sum(axis=1) adds up the outputs of each example; db sums over the examples: dZ.sum(axis=0).",
    ),
    Mistake(
        "db mean",
        lambda dZ, X, W: (dZ @ W.T, X.T @ dZ, dZ.mean(axis=0)),
        "dZ is already ∂J/∂Z for the cost J = (1/m) Σ ℓ, so the 1/m is inside it: db = dZ.sum(axis=0), "
        "not the mean (that divides by m twice).",
    ),
    Mistake(
        "dW divided by m",
        lambda dZ, X, W: (dZ @ W.T, X.T @ dZ / X.shape[0], dZ.sum(axis=0)),
        "dZ already holds the 1/m of the mean cost: dW = X.T @ dZ, with no extra division by m.",
    ),
    Mistake(
        "wrong order",
        lambda dZ, X, W: (X.T @ dZ, dZ @ W.T, dZ.sum(axis=0)),
        "return the three gradients in the order (dX, dW, db).",
    ),
)


def _dense_cases():
    rng = np.random.default_rng(404)
    # a square layer first: there, transposing dW or W keeps the shape, so only the values tell
    for m, n_in, n_out in ((4, 2, 2), (5, 3, 2), (1, 4, 2)):
        dZ, X, W = rng.normal(size=(m, n_out)), rng.normal(size=(m, n_in)), rng.normal(size=(n_in, n_out))
        yield Case((dZ, X, W), label=f"dZ of shape {dZ.shape}, X of shape {X.shape}, W of shape {W.shape}")


check_dense_backward = define(
    "dense_backward",
    notebook="04",
    reference=_dense_backward,
    cases=list(_dense_cases()),
    outputs=("dX", "dW", "db"),
    mistakes=DENSE_MISTAKES,
    forbid={nn.dense_backward: "nn.dense_backward"},
    precise_hints=True,  # dW = X @ dZ.T, db not summed, the wrong order: other shapes, with their hints
    verified=(
        "dX = dZ Wᵀ, dW = Xᵀ dZ and db = Σᵢ dZᵢ are right on a 2 → 2 layer (m = 4), a 3 → 2 layer (m = 5) "
        "and a 4 → 2 layer with a single example; shapes (m, n_in), (n_in, n_out), (n_out,)."
    ),
    doc="dX, dW, db on a square layer, a 3 → 2 layer and a single example.",
)


# ---------------------------------------------------------------- 2. gradient_check
def _report_reference(loss, backward, params, X, y, h=1e-5):
    """What gradient_check_report returns (the tests compare them), written without calling it: the
    checker forbids it, and the tests pass the reference through the checker like a student's function."""
    return _report_with(lambda a, n: np.max(relative_error(a, n)))(loss, backward, params, X, y, h)


def _numeric(loss, params, X, y, h, one_sided=False):
    out = {}
    for name, value in params.items():

        def J(v, name=name):
            return loss({**params, name: v}, X, y)

        if one_sided:
            base = J(value)
            grad = np.empty_like(value)
            for i in np.ndindex(value.shape):
                vp = value.copy()
                vp[i] += h
                grad[i] = (J(vp) - base) / h
            out[name] = grad
        else:
            out[name] = numerical_gradient(J, value, h)
    return out


def _report_with(reduce, *, one_sided=False):
    def report(loss, backward, params, X, y, h=1e-5):
        analytic = backward(params, X, y)
        numeric = _numeric(loss, params, X, y, h, one_sided)
        return {name: float(reduce(analytic[name], numeric[name])) for name in params}

    return report


def _mutating_report(loss, backward, params, X, y, h=1e-5):
    """Perturbs the caller's arrays in place and leaves them at x − h."""
    analytic = backward(params, X, y)
    report = {}
    for name, value in params.items():
        numeric = np.empty_like(value)
        for i in np.ndindex(value.shape):
            old = value[i]
            value[i] = old + h
            plus = loss(params, X, y)
            value[i] = old - h
            numeric[i] = (plus - loss(params, X, y)) / (2 * h)
        report[name] = float(np.max(relative_error(analytic[name], numeric)))
    return report


_MUTATION_HINT = (
    "put every entry back after you perturb it (or perturb a copy, e.g. {**params, name: new_value}): "
    "a gradient check must not change the parameters it checks."
)

REPORT_MISTAKES = (
    Mistake(
        "mean instead of max",
        _report_with(lambda a, n: np.mean(relative_error(a, n))),
        "report the worst (largest) relative error of each parameter, not the mean: one wrong entry is "
        "already a bug.",
    ),
    Mistake(
        "absolute difference",
        _report_with(lambda a, n: np.max(np.abs(a - n))),
        "use the relative error |a − n| / max(|a| + |n|, 1e-8) (course_lib.gradcheck.relative_error), "
        "not the absolute difference |a − n|: it does not depend on the scale of the gradient.",
    ),
    Mistake(
        "one-sided differences",
        _report_with(lambda a, n: np.max(relative_error(a, n)), one_sided=True),
        "use central differences (f(x+h) − f(x−h)) / 2h (course_lib.gradcheck.numerical_gradient): the "
        "one-sided (f(x+h) − f(x)) / h has an error of order h, about 1e-5, even for a correct gradient.",
    ),
    Mistake("changes params", _mutating_report, _MUTATION_HINT),
    Mistake(
        "ignored h",
        lambda loss, backward, params, X, y, h=1e-5: _report_reference(loss, backward, params, X, y),
        "use the step h you are given: with h = 0.1 even a correct backward pass shows relative errors "
        "of 1e-4 to 1e-2 (the central difference's O(h²) error), and your report looks like h = 1e-5.",
    ),
)


def _buggy_db2(params, X, y):
    grads = two_layer_backward(params, X, y)
    return {**grads, "b2": grads["b2"] / X.shape[0]}  # the mean over the batch: 1/m twice


def _buggy_dw2(params, X, y):
    grads = two_layer_backward(params, X, y)
    return {**grads, "W2": grads["W2"] * 2}  # as if the loss were summed twice


def _report_cases():
    """(label, backward, (params, X, y), h). With h = 1e-5 every correct gradient checks to < 1e-8
    (the tests assert it); the last case passes h = 0.1, where the central difference's own error
    (relative 3e-4 to 2e-2 here, all above FLAG) shows, so a function that ignores h is caught."""
    rng = np.random.default_rng(0)
    problem = two_layer_problem(rng)
    yield "the notebook's buggy backward", buggy_two_layer_backward, problem, 1e-5
    yield (
        "a backward whose db2 is divided by m twice",
        _buggy_db2,
        two_layer_problem(rng, m=5, n_hidden=3),
        1e-5,
    )
    yield "a correct backward", two_layer_backward, problem, 1e-5
    yield "a backward whose dW2 is doubled", _buggy_dw2, two_layer_problem(rng, m=4, n_in=2), 1e-5
    yield "a correct backward, with h=0.1", two_layer_backward, two_layer_problem(rng, m=4, n_in=2), 0.1


# the notebook imports gradient_check_report (it runs the check after the exercise): not the answer
_REPORT_FORBID = {gradient_check_report: "gradient_check_report"}

PASS, FLAG = 1e-7, 1e-4  # a correct gradient's error is below PASS; a bug's is far above FLAG

ROUGH_HINT = (
    "d{name} is right here, yet your check gives it {error:.1g}: central differences with the h you are "
    "given (h = {h:g} here) agree with a right gradient to below 1e-7. Use that h, not a step of your own, "
    "and (f(x+h) − f(x−h)) / 2h."
)


def _right(got: float, expected: float) -> bool:
    """A bug's error must match to 0.1 % (the bug dominates it); a correct gradient's must pass."""
    if expected > FLAG:
        return abs(got - expected) <= 1e-3 * expected
    return got <= PASS


def _agree(a: float, b: float) -> bool:
    """Two reports' entries agree (to match a student's report with a known mistake's)."""
    if max(a, b) > FLAG:
        return abs(a - b) <= 1e-3 * max(a, b)
    return abs(np.log10(max(a, 1e-300)) - np.log10(max(b, 1e-300))) <= 1.0 or max(a, b) < 1e-9


def _same_report(got: Mapping[str, float], other) -> bool:
    return (
        isinstance(other, Mapping)
        and set(other) == set(got)
        and all(_agree(float(got[k]), float(other[k])) for k in got)
    )


def _fmt(report: Mapping[str, float]) -> str:
    return "{" + ", ".join(f"{k}: {float(v):.2g}" for k, v in report.items()) + "}"


@exercise("gradient_check", notebook="04", reference=_report_reference, mistakes=REPORT_MISTAKES)
def check_gradient_check(gradient_check) -> str:
    """The report flags exactly the wrong parameters of three buggy backward passes, none of a correct one."""
    for label, backward, (params, X, y), h in _report_cases():
        what = f"gradient_check(two_layer_loss, {label}, params, X, y)"
        mine = copy.deepcopy(params)
        got = call(gradient_check, two_layer_loss, backward, mine, X, y, h=h, forbid=_REPORT_FORBID)
        changed = [k for k in params if not np.array_equal(mine.get(k), params[k])]
        if changed:
            raise Feedback(
                f"{what} returned, but it changed params[{changed[0]!r}], which was expected to stay as it "
                f"was. Hint: {_MUTATION_HINT}"
            )
        expect_returned(got, what)
        if not isinstance(got, Mapping):
            raise Feedback(
                f"{what} returned {describe(got)}; expected a dict {{name: worst relative error}} with the "
                f"keys {list(params)}"
            )
        if set(got) != set(params):
            raise Feedback(
                f"{what} returned the keys {sorted(got)}, expected {sorted(params)} (one per parameter)"
            )
        for name, value in got.items():
            arr = np.asarray(value) if not isinstance(value, str | bytes | dict) else np.array(None)
            if arr.dtype.kind not in "iuf" or arr.size != 1 or not np.isfinite(arr).all() or arr.item() < 0:
                raise Feedback(
                    f"{what} returned {describe(value)} for {name!r}; expected one number ≥ 0, "
                    "the largest relative error over the entries of that parameter"
                )
        got = {k: float(np.asarray(v).item()) for k, v in got.items()}
        expected = _report_reference(two_layer_loss, backward, params, X, y, h)
        if not all(_right(got[k], expected[k]) for k in expected):
            others = [mk for mk in REPORT_MISTAKES if mk.hint != _MUTATION_HINT]  # caught above, by params
            wrong = mistake_values(others, two_layer_loss, backward, params, X, y, h)
            hints = matching_hints(got, wrong, same=_same_report)
            ignored_h = REPORT_MISTAKES[-1].hint
            if h > 1e-3 and ignored_h not in hints and all(got[k] < FLAG for k in got):
                hints.append(ignored_h)  # any small step of its own gives errors far below FLAG here
            noisy = [k for k in expected if expected[k] <= PASS and PASS < got[k] <= FLAG]
            if noisy:  # a right gradient checked too roughly: a step of its own, or one-sided
                hints.append(ROUGH_HINT.format(name=noisy[0], error=got[noisy[0]], h=h))
            raise hinted(f"{what} returned {_fmt(got)}, expected {_fmt(expected)}.", hints)
    return (
        "flags W1 and b1 of the notebook's buggy backward, b2 (divided by m twice) and W2 (doubled) of two "
        "other buggy ones, nothing of a correct one (all its errors < 1e-7), uses the h it is given "
        "(h = 0.1: errors of 3e-4 to 2e-2 even for a correct one), and leaves params unchanged."
    )


# ---------------------------------------------------------------- 3. fixed_backward
def _with_dZ1(rule):
    """two_layer_backward, with dZ1 = rule(dA1, Z1, A1) in place of dA1 · (1 − A1²)."""

    def backward(params, X, y):
        m = X.shape[0]
        Z1 = X @ params["W1"] + params["b1"]
        A1 = np.tanh(Z1)
        Z2 = A1 @ params["W2"] + params["b2"]
        A2 = _sigmoid(Z2)
        dZ2 = (A2 - y) / m
        dA1 = dZ2 @ params["W2"].T
        dZ1 = rule(dA1, Z1, A1)
        return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}

    return backward


FIX_MISTAKES = (
    Mistake(
        "still the bug",
        buggy_two_layer_backward,
        "this is still the buggy backward pass: compare the factor in dZ1 with tanh'(z) = 1 − tanh²(z), "
        "and ask which variable holds tanh(Z1).",
    ),
    Mistake(
        "sigmoid derivative",
        _with_dZ1(lambda dA1, Z1, A1: dA1 * A1 * (1 - A1)),
        "A1 * (1 - A1) is the sigmoid's derivative; the hidden layer uses tanh, whose derivative is 1 − A1².",
    ),
    Mistake(
        "derivative dropped",
        _with_dZ1(lambda dA1, Z1, A1: dA1),
        "dZ1 = dA1 leaves out the activation's derivative: multiply by tanh'(Z1) = 1 − A1².",
    ),
    Mistake(
        "tanh applied twice",
        _with_dZ1(lambda dA1, Z1, A1: dA1 * (1 - np.tanh(A1) ** 2)),
        "A1 is already tanh(Z1), so np.tanh(A1) applies tanh twice.",
    ),
)


_CORRECT_BACKWARD = _with_dZ1(lambda dA1, Z1, A1: dA1 * (1 - A1 * A1))  # = two_layer_backward (tests)


def _broken_dZ2(params, X, y):
    """dZ2 without the 1/m: every gradient is m times too large, dW2 and db2 first."""
    grads = _CORRECT_BACKWARD(params, X, y)
    return {k: v * X.shape[0] for k, v in grads.items()}


SHARED_DZ2_HINT = (
    "dW2 and db2 come first in backprop and both are wrong: they share dZ2, so the mistake is in dZ2 "
    "or before it (dW1 and db1 are computed from it too, so fix it first)."
)
FIX_MISTAKES = (*FIX_MISTAKES, Mistake("broke dZ2", _broken_dZ2, SHARED_DZ2_HINT))


# the notebook imports the correct two_layer_backward (it runs it after the exercise): not the answer
_FIX_FORBID = {
    two_layer_backward: "two_layer_backward",
    nn.MLP: "nn.MLP",
    nn.network_backward: "nn.network_backward",
}


def _order_note(wrong: set[str], name: str) -> str:
    """Where to look, from which gradients are wrong, in backprop order (dW2, db2, then dW1, db1)."""
    if {"W2", "b2"} <= wrong:
        return SHARED_DZ2_HINT
    if name in ("W2", "b2"):
        return f"d{name} is the first wrong gradient in backprop order: look at the line that computes it."
    if {"W1", "b1"} <= wrong:
        return (
            "dW2 and db2 are right, so dZ2 is; dW1 and db1 are both wrong and share dZ1: the mistake is "
            "between dZ2 and dZ1."
        )
    return f"only d{name} is wrong: look at the line that computes it from dZ1."


def _close(got, expected) -> bool:
    try:
        return bool(np.allclose(np.asarray(got, dtype=np.float64), expected, rtol=1e-6, atol=1e-9))
    except (TypeError, ValueError):
        return False


def _fix_cases():
    rng = np.random.default_rng(44)
    yield two_layer_problem(rng)
    yield two_layer_problem(rng, m=7, n_in=2, n_hidden=5)
    yield two_layer_problem(rng, m=1, n_in=4, n_hidden=2)


@exercise("fixed_backward", notebook="04", reference=two_layer_backward, mistakes=FIX_MISTAKES)
def check_fixed_backward(fixed_backward) -> str:
    """All four gradients against the correct backward pass, on three networks of different sizes."""
    for params, X, y in _fix_cases():
        shapes = ", ".join(f"{k} {v.shape}" for k, v in params.items())
        what = f"fixed_backward(params with {shapes}; X of shape {X.shape}, y)"
        mine = copy.deepcopy(params)
        got = call(fixed_backward, mine, X, y, forbid=_FIX_FORBID)
        expect_returned(got, what)
        if not isinstance(got, Mapping):
            raise Feedback(
                f"{what} returned {describe(got)}; expected a dict with the keys {list(PARAM_NAMES)}"
            )
        if set(got) != set(PARAM_NAMES):
            raise Feedback(f"{what} returned the keys {sorted(got)}, expected {sorted(PARAM_NAMES)}")
        if any(not np.array_equal(mine[k], params[k]) for k in params):
            raise Feedback(
                f"{what} returned, but it changed params; a backward pass only reads them (expected)"
            )
        expected = two_layer_backward(params, X, y)
        wrong = mistake_values([mk for mk in FIX_MISTAKES if mk.hint != SHARED_DZ2_HINT], params, X, y)
        off = {
            k for k in PARAM_NAMES if np.shape(got[k]) != expected[k].shape or not _close(got[k], expected[k])
        }
        for name in ("W2", "b2", "W1", "b1"):  # backprop order: the earliest wrong gradient first
            try:
                expect_close_detailed(
                    got[name],
                    expected[name],
                    f"{what}[{name!r}]",
                    mistakes=[(mk, v[name]) for mk, v in wrong],
                )
            except Feedback as fb:  # say where to look: which gradients are wrong, in backprop order
                text, _, hint = str(fb).partition(" Hint: ")
                note = _order_note(off, name)
                raise Feedback(f"{text} {note}" + (f" Hint: {hint}" if hint else "")) from None
    return (
        "dW1, db1, dW2, db2 match the correct backward pass (and central differences) on three networks, "
        "from a single example to 7 examples."
    )
