"""Checkers for 11 — build and train your own network: every piece against the reference layers
(course_lib.topics.capstone, themselves tested against course_lib.nn). Each piece is a declaration:
its cases, reference, planted mistakes and forbidden library shortcut; the network's backward pass
and the training loop keep a checker that names the layer (or parameter) that is wrong."""

from __future__ import annotations

import copy

import numpy as np

from course_lib import activations, gradcheck, losses, nn
from course_lib.exercises._core import (
    Case,
    Feedback,
    Mistake,
    call,
    define,
    describe,
    exercise,
    expect_close_detailed,
    expect_items,
    expect_returned,
    mistake_values,
    mutation_hint,
)
from course_lib.topics import capstone as ref

__all__ = [
    "check_my_activation_backward",
    "check_my_activation_forward",
    "check_my_dense_backward",
    "check_my_dense_forward",
    "check_my_network_backward",
    "check_my_network_forward",
    "check_my_numerical_gradient",
    "check_my_output_backward",
    "check_my_output_forward",
    "check_my_train_minibatch",
]


# ---------------------------------------------------------------- 1. dense forward
def _dense_layers():
    rng = np.random.default_rng(1101)
    for m, n_in, n_out in ((4, 2, 2), (5, 3, 2), (1, 4, 3)):
        yield rng.normal(size=(m, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)


DENSE_LAYERS = list(_dense_layers())


_CACHE_XW = (
    "the cache is (X, W): the layer's input and its weights, in that order, which the backward pass needs."
)
DENSE_FORWARD_MISTAKES = (
    Mistake(
        "no bias",
        lambda X, W, b: (X @ W, (X, W)),
        "add the bias b to every row of X W (b has shape (n_out,), so it broadcasts over the m rows).",
    ),
    Mistake(
        "bias subtracted", lambda X, W, b: (X @ W - b, (X, W)), "the bias is added to X W, not subtracted."
    ),
    Mistake("cache (W, X)", lambda X, W, b: (X @ W + b, (W, X)), _CACHE_XW),
    Mistake("cache holds Z", lambda X, W, b: (X @ W + b, (X @ W + b, W)), _CACHE_XW),
)


check_my_dense_forward = define(
    "my_dense_forward",
    notebook="11",
    reference=ref.dense_forward,
    cases=[
        Case((X, W, b), label=f"X of shape {X.shape}, W of shape {W.shape}, b") for X, W, b in DENSE_LAYERS
    ],
    mistakes=DENSE_FORWARD_MISTAKES,
    outputs=("Z", "cache"),
    unchanged=True,
    forbid={nn.dense_forward: "nn.dense_forward", ref.dense_forward: "capstone.dense_forward"},
    precise_hints=True,  # a wrong shape a planted mistake gives still gets its hint
    verified=(
        "Z = X W + b has shape (m, n_out) on three layers (one with a single example); the cache is (X, W)."
    ),
    doc="Z and the cache on a square layer, a 3 → 2 layer and a single example.",
)


# ---------------------------------------------------------------- 2. dense backward
DENSE_BACKWARD_MISTAKES = (
    Mistake(
        "dW transposed",
        lambda dZ, c: (dZ @ c[1].T, dZ.T @ c[0], dZ.sum(axis=0)),
        "dZ.T @ X is the transpose of dW; dW must have W's shape (n_in, n_out).",
    ),
    Mistake(
        "1/m twice",
        lambda dZ, c: (dZ @ c[1].T, c[0].T @ dZ / len(dZ), dZ.sum(axis=0) / len(dZ)),
        "dZ already holds the 1/m of the cost J = (1/m) Σ ℓ: divide by m once, in the output layer, "
        "not again here.",
    ),
    Mistake(
        "db mean",
        lambda dZ, c: (dZ @ c[1].T, c[0].T @ dZ, dZ.mean(axis=0)),
        "db is a sum over the examples, not a mean: the 1/m is already inside dZ.",
    ),
    Mistake(
        "dX without transpose",
        lambda dZ, c: (dZ @ c[1], c[0].T @ dZ, dZ.sum(axis=0)),
        "each input i collects dZ_k · W[i, k] over the outputs k, so W enters dX transposed.",
    ),
    Mistake(
        "wrong order",
        lambda dZ, c: (c[0].T @ dZ, dZ @ c[1].T, dZ.sum(axis=0)),
        "return the three gradients in the order (dX, dW, db).",
    ),
)


def _dense_backward_cases() -> list[Case]:
    rng = np.random.default_rng(1102)
    cases = []
    for X, W, _ in DENSE_LAYERS:
        dZ = rng.normal(size=(X.shape[0], W.shape[1]))
        cases.append(Case((dZ, (X, W)), label=f"dZ of shape {dZ.shape}, cache (X {X.shape}, W {W.shape})"))
    return cases


check_my_dense_backward = define(
    "my_dense_backward",
    notebook="11",
    reference=ref.dense_backward,
    cases=_dense_backward_cases(),
    mistakes=DENSE_BACKWARD_MISTAKES,
    outputs=("dX", "dW", "db"),
    forbid={nn.dense_backward: "nn.dense_backward", ref.dense_backward: "capstone.dense_backward"},
    precise_hints=True,  # a wrong shape a planted mistake gives still gets its hint
    verified="dX = dZ Wᵀ, dW = Xᵀ dZ, db = Σᵢ dZᵢ match nn.dense_backward on three layers.",
    doc="dX, dW, db against the reference on three layers.",
)


# ---------------------------------------------------------------- 3. activation forward
NAMES = ("relu", "tanh", "sigmoid", "leaky_relu", "elu", "gelu", "softplus")


def _act(name):
    return activations.get(name)


ACT_FORWARD_MISTAKES = (
    Mistake(
        "derivative",
        lambda Z, name: (_act(name).grad(Z), (Z, name)),
        "that is the derivative f′(Z); the forward pass applies the function f itself.",
    ),
    Mistake(
        "always relu",
        lambda Z, name: (np.maximum(Z, 0.0), (Z, name)),
        "use the activation the argument `name` names, from the registry (activations.get(name)), "
        "not one fixed function.",
    ),
    Mistake(
        "cache holds A",
        lambda Z, name: (_act(name)(Z), (_act(name)(Z), name)),
        "the cache is (Z, name): the backward pass needs f′ at the layer's input Z, not at A.",
    ),
)


def _act_inputs():
    rng = np.random.default_rng(1103)
    for name in NAMES:
        Z = rng.normal(scale=2.0, size=(3, 4))
        Z[0, 0] = 0.0
        yield name, Z


ACT_INPUTS = list(_act_inputs())

check_my_activation_forward = define(
    "my_activation_forward",
    notebook="11",
    reference=ref.activation_forward,
    cases=[Case((Z, name), label=f"Z of shape {Z.shape}, {name!r}") for name, Z in ACT_INPUTS],
    mistakes=ACT_FORWARD_MISTAKES,
    outputs=("A", "cache"),
    unchanged=True,
    forbid={
        nn.activation_forward: "nn.activation_forward",
        ref.activation_forward: "capstone.activation_forward",
    },
    precise_hints=True,  # a wrong shape a planted mistake gives still gets its hint
    verified=f"A = f(Z) with the cache (Z, name) for {', '.join(NAMES)}.",
    doc="A = f(Z) and the cache (Z, name) for seven activations of the registry.",
)


# ---------------------------------------------------------------- 4. activation backward
ACT_BACKWARD_MISTAKES = (
    Mistake(
        "forgot dA",
        lambda dA, c: _act(c[1]).grad(c[0]),
        "f′(Z) alone is the local derivative; the chain rule multiplies it by the incoming gradient dA.",
    ),
    Mistake(
        "f instead of f'",
        lambda dA, c: dA * _act(c[1])(c[0]),
        "multiply dA by the derivative f′(Z) (the registry's .grad or .df), not by f(Z).",
    ),
    Mistake(
        "f' at A",
        lambda dA, c: dA * _act(c[1]).grad(_act(c[1])(c[0])),
        "evaluate f′ at Z, the layer's input (it is in the cache), not at A = f(Z).",
    ),
    Mistake(
        "divided by m",
        lambda dA, c: dA * _act(c[1]).grad(c[0]) / dA.shape[0],
        "dA already holds the 1/m of the cost; do not divide by m again.",
    ),
)


def _activation_backward_cases() -> list[Case]:
    rng = np.random.default_rng(1104)
    cases = []
    for name, Z in ACT_INPUTS:
        dA = rng.normal(size=Z.shape)
        cases.append(Case((dA, (Z, name)), label=f"dA of shape {dA.shape}, cache (Z, {name!r})"))
    return cases


check_my_activation_backward = define(
    "my_activation_backward",
    notebook="11",
    reference=ref.activation_backward,
    cases=_activation_backward_cases(),
    mistakes=ACT_BACKWARD_MISTAKES,
    forbid={
        nn.activation_backward: "nn.activation_backward",
        ref.activation_backward: "capstone.activation_backward",
    },
    precise_hints=True,  # a wrong shape a planted mistake gives still gets its hint
    verified=f"dZ = dA ⊙ f′(Z) for {', '.join(NAMES)}.",
    doc="dZ = dA ⊙ f'(Z) for seven activations of the registry.",
)


# ---------------------------------------------------------------- 5. output layer, forward
def _softmax_rows(Z, axis=1, shift=True):
    E = np.exp(Z - Z.max(axis=axis, keepdims=True)) if shift else np.exp(Z)
    return E / E.sum(axis=axis, keepdims=True)


def _output_forward_with(*, mean=True, half_bce=False, shift=True, axis=1, clip=True, mean_all=False):
    def output_forward(Z, Y, output):
        m = Z.shape[0]
        with np.errstate(all="ignore"):
            if output == "sigmoid":
                A = 1 / (1 + np.exp(-Z))
            else:
                A = _softmax_rows(Z, axis, shift)
            lo = 1e-300 if clip else 0.0
            log = lambda a: np.log(np.clip(a, lo, None)) if clip else np.log(a)  # noqa: E731
            if output == "sigmoid":
                per = -(Y * log(A) + (0 if half_bce else (1 - Y) * log(1 - A)))
            else:  # with clip, a class with y = 0 adds exactly 0 (no 0 · log 0)
                per = -(Y * log(A))
                per = np.where(Y == 0, 0.0, per) if clip else per
            J = per.mean() if mean_all else per.sum() / (m if mean else 1)
        return A, J, (A, Y)

    return output_forward


OUTPUT_FORWARD_MISTAKES = (
    Mistake(
        "sum not mean",
        _output_forward_with(mean=False),
        "the cost is the mean over the m examples, J = (1/m) Σ ℓ: divide the sum of the losses by m.",
    ),
    Mistake(
        "BCE half",
        _output_forward_with(half_bce=True),
        "binary cross-entropy has two terms, ℓ = −[y log a + (1 − y) log(1 − a)]; the second one "
        "counts the examples with y = 0.",
    ),
    Mistake(
        "softmax not shifted",
        _output_forward_with(shift=False),
        "subtract each row's maximum before np.exp (softmax(z) = softmax(z − max z)): np.exp(1000) "
        "overflows to inf, and inf/inf is nan.",
    ),
    Mistake(
        "softmax over axis 0",
        _output_forward_with(axis=0),
        "softmax normalises each row (one example) over its classes: take the max and the sum along "
        "axis=1, with keepdims=True.",
    ),
    Mistake(
        "mean over every entry",
        _output_forward_with(mean_all=True),
        "np.mean of the (m, K) array of per-class terms divides by m·K: the loss of one example sums over "
        "its K classes, and only the m examples are averaged.",
    ),
    Mistake(
        "log of 0",
        _output_forward_with(clip=False),
        "an A that rounds to exactly 0 gives 0 · log 0 = nan: clip A into [1e-12, 1 − 1e-12] inside the log.",
    ),
)


def _output_inputs():
    rng = np.random.default_rng(1105)
    Z = rng.normal(scale=2.0, size=(5, 1))
    yield "sigmoid", Z, np.array([[0.0], [1.0], [1.0], [0.0], [1.0]])
    Z = rng.normal(scale=2.0, size=(4, 3))
    yield "softmax", Z, losses.one_hot(np.array([0, 2, 1, 2]), 3)
    Z = np.array([[0.0, 1000.0, -5.0], [1000.0, 0.0, 0.0], [1.0, 2.0, 3.0]])
    yield "softmax", Z, losses.one_hot(np.array([1, 0, 2]), 3)


OUTPUT_INPUTS = list(_output_inputs())

check_my_output_forward = define(
    "my_output_forward",
    notebook="11",
    reference=ref.output_forward,
    cases=[
        Case(
            (Z, Y, output),
            label=f"Z of shape {Z.shape}{', with logits up to 1000' if Z.max() > 100 else ''}, Y, {output!r}",
        )
        for output, Z, Y in OUTPUT_INPUTS
    ],
    mistakes=OUTPUT_FORWARD_MISTAKES,
    outputs=("A", "J", "cache"),
    unchanged=True,
    forbid={
        nn.output_forward: "nn.output_forward",
        ref.output_forward: "capstone.output_forward",
        losses.binary_cross_entropy: "losses.binary_cross_entropy",
        losses.binary_cross_entropy_with_logits: "losses.binary_cross_entropy_with_logits",
        losses.cross_entropy: "losses.cross_entropy",
        losses.softmax_cross_entropy: "losses.softmax_cross_entropy",
    },
    quiet=True,
    precise_hints=True,  # a wrong shape a planted mistake gives still gets its hint
    verified=(
        "A and J = (1/m) Σ ℓ match nn.output_forward for sigmoid + BCE and softmax + CE, also with logits "
        "of 1000 (no overflow, no log 0); the cache is (A, Y)."
    ),
    doc="A, J and the cache for sigmoid + BCE, softmax + CE, and softmax on logits up to 1000.",
)


# ---------------------------------------------------------------- 6. output layer, backward
OUTPUT_BACKWARD_MISTAKES = (
    Mistake(
        "no 1/m",
        lambda c: c[0] - c[1],
        "J is the mean over the m examples, so ∂J/∂Z carries a factor 1/m (m = the number of rows of A).",
    ),
    Mistake(
        "wrong sign",
        lambda c: (c[1] - c[0]) / len(c[0]),
        "check the sign: increasing z_k raises a_k, and the loss grows when a_k is above y_k.",
    ),
    Mistake(
        "divided by m·K",
        lambda c: (c[0] - c[1]) / c[0].size,
        "you divided by A.size = m·K; J averages over the m examples (the rows of A) only, so divide by m.",
    ),
    Mistake(
        "extra sigmoid'",
        lambda c: (c[0] - c[1]) / len(c[0]) * c[0] * (1 - c[0]),
        "the fused gradient has no extra A(1 − A) factor: σ′ (or softmax's Jacobian) cancels against "
        "the loss's ∂ℓ/∂a.",
    ),
)


check_my_output_backward = define(
    "my_output_backward",
    notebook="11",
    reference=ref.output_backward,
    cases=[
        Case(
            (ref.output_forward(Z, Y, output)[2],), label=f"cache (A, Y) of a {output} layer, shape {Z.shape}"
        )
        for output, Z, Y in OUTPUT_INPUTS[:2]
    ],
    mistakes=OUTPUT_BACKWARD_MISTAKES,
    forbid={nn.output_backward: "nn.output_backward", ref.output_backward: "capstone.output_backward"},
    precise_hints=True,  # a wrong shape a planted mistake gives still gets its hint
    verified="∂J/∂Z matches nn.output_backward for sigmoid + BCE and softmax + CE.",
    doc="The fused ∂J/∂Z for sigmoid + BCE and softmax + CE.",
)


# ---------------------------------------------------------------- 7. network forward
def _networks():
    rng = np.random.default_rng(1107)
    for sizes, hidden, m in (([2, 3, 1], "relu", 5), ([3, 4, 5, 2], "tanh", 4), ([2, 2], "sigmoid", 3)):
        params = [(rng.normal(size=(a, b)), rng.normal(size=b)) for a, b in zip(sizes, sizes[1:])]
        yield params, rng.normal(size=(m, sizes[0])), hidden, sizes


NETWORKS = list(_networks())


def _forward_with(*, last_act=False, act=True, input_everywhere=False):
    def network_forward(X, params, hidden):
        caches, A = [], X
        for layer, (W, b) in enumerate(params):
            Z = A @ W + b
            dense_cache = (X if input_everywhere else A, W)
            if layer == len(params) - 1 and not last_act:
                caches.append((dense_cache, None))
                return Z, caches
            A = _act(hidden)(Z) if act else Z
            caches.append((dense_cache, (Z, hidden)))
        return A, caches

    return network_forward


NET_FORWARD_MISTAKES = (
    Mistake(
        "activation after the last layer",
        _forward_with(last_act=True),
        "the last layer stops at Z_L, with no hidden activation after it (output_forward applies sigmoid "
        "or softmax), and its cache is (dense_cache, None).",
    ),
    Mistake(
        "no activation",
        _forward_with(act=False),
        "apply the hidden activation after every dense layer but the last; without it the network is linear.",
    ),
    Mistake(
        "X in every cache",
        _forward_with(input_everywhere=True),
        "each layer's dense cache holds that layer's own input (the previous layer's A), not the "
        "network's X.",
    ),
)


check_my_network_forward = define(
    "my_network_forward",
    notebook="11",
    reference=ref.network_forward,
    cases=[
        Case((X, params, hidden), label=f"X of shape {X.shape}, params of a {sizes} network, {hidden!r}")
        for params, X, hidden, sizes in NETWORKS
    ],
    mistakes=NET_FORWARD_MISTAKES,
    outputs=("Z_L", "caches"),  # caches: one ((A_prev, W), (Z, name)) per layer, the last ((A_prev, W), None)
    unchanged=True,
    forbid={nn.network_forward: "nn.network_forward", ref.network_forward: "capstone.network_forward"},
    verified="Z_L matches nn.network_forward on three networks (2-3-1, 3-4-5-2, 2-2); one cache per layer.",
    doc="Z_L and the caches on three networks (one without hidden layer).",
)


# ---------------------------------------------------------------- 8. network backward
def _backward_with(*, extra_m=False, skip_act=False, reverse=False):
    def network_backward(dZ, caches):
        grads = []
        for layer in range(len(caches) - 1, -1, -1):
            (A, W), _ = caches[layer]
            k = A.shape[0] if extra_m else 1
            grads.append((A.T @ dZ / k, dZ.sum(axis=0) / k))
            dA = dZ @ W.T
            if layer > 0:
                Z, name = caches[layer - 1][1]
                dZ = dA if skip_act else dA * _act(name).grad(Z)
        return grads if reverse else grads[::-1]

    return network_backward


NET_BACKWARD_MISTAKES = (
    Mistake(
        "1/m twice",
        _backward_with(extra_m=True),
        "dZ already holds the 1/m of the cost (output_backward put it there): dW = Aᵀ δ, with no further "
        "division by m.",
    ),
    Mistake(
        "activation skipped",
        _backward_with(skip_act=True),
        "between two dense layers, pass dA back through the activation of the layer below (its cache is "
        "caches[l − 1][1]) before the next dense_backward.",
    ),
    Mistake(
        "reversed order",
        _backward_with(reverse=True),
        "return the gradients in layer order, [(dW_1, db_1), …, (dW_L, db_L)], like params; backprop "
        "computes them last layer first.",
    ),
)


# the notebook's first cell imports course_lib.topics.capstone as `capstone`: its pieces are the
# reference solutions, so calling one is forbidden like the nn function it mirrors
NETWORK_BACKWARD_FORBIDDEN = {
    nn.network_backward: "nn.network_backward",
    ref.network_backward: "capstone.network_backward",
}


def _network_backward_cases() -> list[Case]:
    rng = np.random.default_rng(1108)
    cases = []
    for params, X, hidden, sizes in NETWORKS:
        _, caches = ref.network_forward(X, params, hidden)
        dZ = rng.normal(size=(X.shape[0], params[-1][0].shape[1])) / X.shape[0]
        label = f"dZ of shape {dZ.shape}, caches of a {sizes} {hidden} network"
        cases.append(Case((dZ, caches), label=label))
    return cases


NET_BACKWARD_CASES = _network_backward_cases()


@exercise(
    "my_network_backward",
    notebook="11",
    reference=ref.network_backward,
    mistakes=NET_BACKWARD_MISTAKES,
    cases=NET_BACKWARD_CASES,
)
def check_my_network_backward(network_backward) -> str:
    """Every (dW_l, db_l) against the reference on three networks, the last layer first (backprop order)."""
    for case in NET_BACKWARD_CASES:
        what = f"network_backward({case.label})"
        expected = ref.network_backward(*case.args)
        wrong = mistake_values(NET_BACKWARD_MISTAKES, *case.args)
        got = call(network_backward, *case.args, forbid=NETWORK_BACKWARD_FORBIDDEN)
        expect_returned(got, what)
        if not isinstance(got, list | tuple) or len(got) != len(expected):
            raise Feedback(
                f"{what} returned {describe(got)}; expected a list of {len(expected)} pairs (dW, db)"
            )
        for layer in range(len(expected) - 1, -1, -1):
            pair = expect_items(got[layer], ("dW", "db"), f"{what}[{layer}]")
            for k, name in enumerate(("dW", "db")):
                mine = [(mk, v[layer][k]) for mk, v in wrong]
                expect_close_detailed(
                    pair[k], expected[layer][k], f"{name}_{layer + 1} from {what}", mistakes=mine
                )
    return "every dW_l = A_{l−1}ᵀ δ_l and db_l matches nn.network_backward on three networks."


# ---------------------------------------------------------------- 9. numerical gradient
def _numerical_with(*, one_sided=False, fixed_h=None, half=False, in_place=False):
    def numerical_gradient(f, x, h=1e-5):
        h = fixed_h or h
        grad = np.zeros_like(x, dtype=float)
        for i in np.ndindex(x.shape):
            old = x[i]
            xp = x if in_place else x.copy()
            xp[i] = old + h
            plus = f(xp)
            xp[i] = old - h
            minus = f(xp) if not one_sided else None
            if one_sided:
                xp[i] = old
                minus = f(xp)
                grad[i] = (plus - minus) / h
            else:
                grad[i] = (plus - minus) / (h if half else 2 * h)
        return grad

    return numerical_gradient


NUMERICAL_MISTAKES = (
    Mistake(
        "one-sided",
        _numerical_with(one_sided=True),
        "use central differences, f(x + h) and f(x − h): the one-sided (f(x + h) − f(x)) / h is off by "
        "an error of order h.",
    ),
    Mistake(
        "ignores h",
        _numerical_with(fixed_h=1e-5),
        "use the step h you are given (here h = 0.1, where even a central difference is measurably off).",
    ),
    Mistake("forgot the 2", _numerical_with(half=True), "x + h and x − h are 2h apart: divide by 2h."),
    Mistake("changes x", _numerical_with(in_place=True), mutation_hint("x")),
)


def _numerical_cases() -> list[Case]:
    rng = np.random.default_rng(1109)
    c = rng.normal(size=(2, 3))

    def cubes(x):
        return float(np.sum(c * x**3))

    def sines(x):
        return float(np.sum(np.sin(x)))

    cases = []
    for label, f, x, h in (
        ("J(x) = Σ c ⊙ x³", cubes, rng.normal(size=(2, 3)), 1e-5),
        ("J(x) = Σ sin(x)", sines, rng.normal(size=4), 1e-5),
        ("J(x) = Σ c ⊙ x³", cubes, rng.normal(size=(2, 3)), 0.1),
    ):
        cases.append(Case((f, x), {"h": h}, label=f"{label}, x of shape {x.shape}, h={h:g}"))
    return cases


check_my_numerical_gradient = define(
    "my_numerical_gradient",
    notebook="11",
    reference=ref.numerical_gradient,
    cases=_numerical_cases(),
    mistakes=NUMERICAL_MISTAKES,
    unchanged=True,
    forbid={
        gradcheck.numerical_gradient: "gradcheck.numerical_gradient",
        ref.numerical_gradient: "capstone.numerical_gradient",
        gradcheck.numerical_derivative: "gradcheck.numerical_derivative",
    },
    precise_hints=True,  # a wrong shape a planted mistake gives still gets its hint
    verified="central differences with the given h (1e-5 and 0.1) on two functions; x is left unchanged.",
    doc="Central differences on two functions, with h = 1e-5 and h = 0.1; x unchanged.",
)


# ---------------------------------------------------------------- 10. mini-batch training
def _train_with(
    *,
    shuffle=True,
    keep_last=True,
    sign=-1.0,
    full_batch=False,
    in_place=False,
    once=False,
    y_in_order=False,
    cost_after=False,
):
    """The reference loop with one slip; ``once``: one permutation for all epochs; ``y_in_order``:
    X[idx] with Y's rows in their original order; ``cost_after``: each batch's cost after its step."""

    def train_minibatch(params, X, Y, hidden, output, eta, epochs, batch_size, rng):
        params = params if in_place else [(W.copy(), b.copy()) for W, b in params]
        costs, m = [], X.shape[0]
        first = rng.permutation(m) if once else None
        for _ in range(epochs):
            order = first if once else rng.permutation(m) if shuffle else np.arange(m)
            stop = m if keep_last else m - batch_size + 1
            for start in range(0, stop, batch_size):
                idx = np.arange(m) if full_batch else order[start : start + batch_size]
                Yb = Y[start : start + batch_size] if y_in_order else Y[idx]
                Z, caches = ref.network_forward(X[idx], params, hidden)
                _, J, out_cache = ref.output_forward(Z, Yb, output)
                grads = ref.network_backward(ref.output_backward(out_cache), caches)
                for (W, b), (dW, db) in zip(params, grads):
                    W += sign * eta * dW
                    b += sign * eta * db
                if cost_after:
                    J = ref.output_forward(ref.network_forward(X[idx], params, hidden)[0], Yb, output)[1]
                costs.append(J)
        return params, np.array(costs)

    return train_minibatch


TRAIN_MISTAKES = (
    Mistake(
        "no shuffle",
        _train_with(shuffle=False),
        "shuffle every epoch: draw a new order of the examples with rng.permutation at the start of each "
        "epoch (the text says which order the checker expects).",
    ),
    Mistake(
        "last batch dropped",
        _train_with(keep_last=False),
        "m is not a multiple of batch_size here: keep the last, smaller batch (a slice past the end just "
        "stops at m).",
    ),
    Mistake(
        "shuffled once",
        _train_with(once=True),
        "your first epoch is right, then the same order repeats: every epoch needs a new order from the rng "
        "passed in, rng.permutation(m) at its start (not one permutation made before the loop, nor a "
        "generator seeded anew).",
    ),
    Mistake(
        "X shuffled, Y not",
        _train_with(y_in_order=True),
        "your batches pair shuffled rows of X with rows of Y in their original order: take the targets "
        "of a batch with the same indices as its inputs.",
    ),
    Mistake(
        "cost after the step",
        _train_with(cost_after=True),
        "record each batch's cost J as output_forward computes it before the step (the cost the "
        "gradient belongs to), not after updating the parameters.",
    ),
    Mistake("gradient ascent", _train_with(sign=1.0), "step against the gradient: W − η dW, b − η db."),
    Mistake(
        "full batch",
        _train_with(full_batch=True),
        "each step uses only the examples of its mini-batch (X[idx], Y[idx]), not all of X.",
    ),
    Mistake("changes params", _train_with(in_place=True), mutation_hint("params")),
)


TRAIN_FORBIDDEN = {nn.train: "nn.train", ref.train_minibatch: "capstone.train_minibatch"}


def _train_cases() -> list[Case]:
    rng = np.random.default_rng(1110)
    X1 = rng.normal(size=(10, 2))
    first = (
        ref.init_params([2, 5, 1], rng),
        X1,
        (X1[:, :1] * X1[:, 1:] > 0).astype(float),
        "tanh",
        "sigmoid",
    )
    X2 = rng.normal(size=(7, 2))
    second = (ref.init_params([2, 4, 3], rng), X2, losses.one_hot(np.array([0, 1, 2, 0, 1, 2, 0]), 3))
    second = (*second, "relu", "softmax")
    cases = []
    # the rng is passed as a copy to every function (call with unchanged=True copies it), so the
    # student, the reference and each mistake shuffle in the same order
    for k, (args, (eta, epochs, bs)) in enumerate(((first, (0.5, 3, 4)), (second, (0.3, 2, 3)))):
        _, X, _, hidden, output = args
        label = (
            f"params, X of shape {X.shape}, Y, {hidden!r}, {output!r}, eta={eta}, epochs={epochs}, "
            f"batch_size={bs}, rng=np.random.default_rng({k})"
        )
        cases.append(Case((*args, eta, epochs, bs, np.random.default_rng(k)), label=label))
    return cases


TRAIN_CASES = _train_cases()


def _as_costs(costs):
    """A list of numbers is accepted for the costs (as an array)."""
    if isinstance(costs, list) and all(isinstance(c, int | float | np.number) for c in costs):
        return np.array(costs, dtype=float)
    return costs


@exercise(
    "my_train_minibatch",
    notebook="11",
    reference=ref.train_minibatch,
    mistakes=TRAIN_MISTAKES,
    cases=TRAIN_CASES,
)
def check_my_train_minibatch(train_minibatch) -> str:
    """The costs of every batch, then the trained parameters, against the reference loop with the same rng."""
    for case in TRAIN_CASES:
        what = f"train_minibatch({case.label})"
        exp_params, exp_costs = ref.train_minibatch(*copy.deepcopy(case.args))
        wrong = mistake_values(TRAIN_MISTAKES, *case.args)
        got = call(train_minibatch, *case.args, unchanged=True, forbid=TRAIN_FORBIDDEN)
        new, costs = expect_items(got, ("new_params", "costs"), what)
        expect_close_detailed(
            _as_costs(costs), exp_costs, f"the costs from {what}", mistakes=[(mk, v[1]) for mk, v in wrong]
        )
        if not isinstance(new, list | tuple) or len(new) != len(exp_params):
            raise Feedback(
                f"{what} returned params {describe(new)}; expected a list of {len(exp_params)} pairs (W, b)"
            )
        for layer, (W, b) in enumerate(exp_params):
            pair = expect_items(new[layer], ("W", "b"), f"{what}: params[{layer}]")
            for k, (name, value) in enumerate((("W", W), ("b", b))):
                mine = [(mk, v[0][layer][k]) for mk, v in wrong]
                expect_close_detailed(pair[k], value, f"{name}_{layer + 1} after {what}", mistakes=mine)
    return (
        "the cost of every mini-batch and the trained W, b match the reference loop (shuffled each epoch, "
        "last batch smaller, params unchanged) for a sigmoid and a softmax network."
    )
