"""Checkers for 11 — build and train your own network: every piece against course_lib.nn."""

from __future__ import annotations

import numpy as np

from course_lib import activations, gradcheck, losses, nn
from course_lib.exercises._core import Feedback, Mistake, call, describe, exercise, mutation_hint
from course_lib.exercises.backprop import _expect, _try
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


def _pair(got, what: str, n: int, names: str):
    if got is None:
        raise Feedback(f"{what} returned None. Did you forget the `return` statement?")
    if not isinstance(got, tuple | list) or len(got) != n:
        raise Feedback(f"{what} returned {describe(got)}; expected a tuple of {n}: {names}")
    return got


def _same(a, b) -> bool:
    """Caches compare alike: arrays by value, tuples and lists item by item, anything else by ==."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        try:
            return np.shape(a) == np.shape(b) and bool(np.allclose(a, b, rtol=1e-12, atol=0))
        except (TypeError, ValueError):
            return False
    if isinstance(a, tuple | list) and isinstance(b, tuple | list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _expect_cache(got, expected, what: str, mistakes, wanted: str) -> None:
    if _same(got, expected):
        return
    hints = [m.hint for m, value in mistakes if value is not None and _same(got, value)]
    message = f"{what} returned a cache that is not {wanted} (expected {wanted})."
    raise Feedback(f"{message} Hint: {' Or: '.join(hints)}" if hints else message)


# ---------------------------------------------------------------- 1. dense forward
def _dense_cases():
    rng = np.random.default_rng(1101)
    for m, n_in, n_out in ((4, 2, 2), (5, 3, 2), (1, 4, 3)):
        yield rng.normal(size=(m, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)


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


@exercise("my_dense_forward", notebook="11", reference=ref.dense_forward, mistakes=DENSE_FORWARD_MISTAKES)
def check_my_dense_forward(dense_forward) -> str:
    """Z and the cache on a square layer, a 3 → 2 layer and a single example."""
    for X, W, b in _dense_cases():
        what = f"dense_forward(X of shape {X.shape}, W of shape {W.shape}, b)"
        got = call(dense_forward, X, W, b, unchanged=True, forbid={nn.dense_forward: "nn.dense_forward"})
        Z, cache = _pair(got, what, 2, "(Z, cache)")
        wrong = [(mk, _try(mk.impl, X, W, b)) for mk in DENSE_FORWARD_MISTAKES]
        expected = nn.dense_forward(X, W, b)
        _expect(Z, expected[0], f"Z from {what}", [(mk, v and v[0]) for mk, v in wrong], " (m, n_out)")
        _expect_cache(cache, expected[1], what, [(mk, v and v[1]) for mk, v in wrong], "(X, W)")
    return (
        "Z = X W + b has shape (m, n_out) on three layers (one with a single example); the cache is (X, W)."
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


@exercise("my_dense_backward", notebook="11", reference=ref.dense_backward, mistakes=DENSE_BACKWARD_MISTAKES)
def check_my_dense_backward(dense_backward) -> str:
    """dX, dW, db against nn.dense_backward on three layers."""
    rng = np.random.default_rng(1102)
    for X, W, _ in _dense_cases():
        dZ = rng.normal(size=(X.shape[0], W.shape[1]))
        what = f"dense_backward(dZ of shape {dZ.shape}, cache (X {X.shape}, W {W.shape}))"
        got = call(dense_backward, dZ, (X, W), forbid={nn.dense_backward: "nn.dense_backward"})
        got = _pair(got, what, 3, "(dX, dW, db)")
        expected = nn.dense_backward(dZ, nn.dense_forward(X, W, np.zeros(W.shape[1]))[1])
        wrong = [(mk, _try(mk.impl, dZ, (X, W))) for mk in DENSE_BACKWARD_MISTAKES]
        for k, name in enumerate(("dX", "dW", "db")):
            _expect(got[k], expected[k], f"{name} from {what}", [(mk, v and v[k]) for mk, v in wrong])
    return "dX = dZ Wᵀ, dW = Xᵀ dZ, db = Σᵢ dZᵢ match nn.dense_backward on three layers."


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


def _act_cases():
    rng = np.random.default_rng(1103)
    for name in NAMES:
        Z = rng.normal(scale=2.0, size=(3, 4))
        Z[0, 0] = 0.0
        yield name, Z


@exercise(
    "my_activation_forward", notebook="11", reference=ref.activation_forward, mistakes=ACT_FORWARD_MISTAKES
)
def check_my_activation_forward(activation_forward) -> str:
    """A = f(Z) and the cache (Z, name) for seven activations of the registry."""
    for name, Z in _act_cases():
        what = f"activation_forward(Z of shape {Z.shape}, {name!r})"
        got = call(
            activation_forward,
            Z,
            name,
            unchanged=True,
            forbid={nn.activation_forward: "nn.activation_forward"},
        )
        A, cache = _pair(got, what, 2, "(A, cache)")
        wrong = [(mk, _try(mk.impl, Z, name)) for mk in ACT_FORWARD_MISTAKES]
        expected = nn.activation_forward(Z, name)[0]
        _expect(A, expected, f"A from {what}", [(mk, v and v[0]) for mk, v in wrong])
        _expect_cache(cache, (Z, name), what, [(mk, v and v[1]) for mk, v in wrong], "(Z, name)")
    return f"A = f(Z) with the cache (Z, name) for {', '.join(NAMES)}."


# ---------------------------------------------------------------- 4. activation backward
def _dA_cases():
    rng = np.random.default_rng(1104)
    for name, Z in _act_cases():
        yield name, Z, rng.normal(size=Z.shape)


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


@exercise(
    "my_activation_backward", notebook="11", reference=ref.activation_backward, mistakes=ACT_BACKWARD_MISTAKES
)
def check_my_activation_backward(activation_backward) -> str:
    """dZ = dA ⊙ f'(Z) for seven activations of the registry."""
    for name, Z, dA in _dA_cases():
        what = f"activation_backward(dA of shape {dA.shape}, cache (Z, {name!r}))"
        got = call(
            activation_backward, dA, (Z, name), forbid={nn.activation_backward: "nn.activation_backward"}
        )
        wrong = [(mk, _try(mk.impl, dA, (Z, name))) for mk in ACT_BACKWARD_MISTAKES]
        _expect(got, nn.activation_backward(dA, nn.activation_forward(Z, name)[1]), what, wrong)
    return f"dZ = dA ⊙ f′(Z) for {', '.join(NAMES)}."


# ---------------------------------------------------------------- 5. output layer, forward
def _softmax_rows(Z, axis=1, shift=True):
    E = np.exp(Z - Z.max(axis=axis, keepdims=True)) if shift else np.exp(Z)
    return E / E.sum(axis=axis, keepdims=True)


def _output_forward_with(*, mean=True, half_bce=False, shift=True, axis=1, clip=True):
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
            else:
                per = -(Y * log(A))
            per = np.where(Y == 0, 0.0, Y * 0 + per) if clip else per
            J = per.sum() / (m if mean else 1)
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
        "log of 0",
        _output_forward_with(clip=False),
        "an A that rounds to exactly 0 gives 0 · log 0 = nan: clip A into [1e-12, 1 − 1e-12] inside the log.",
    ),
)


def _output_cases():
    rng = np.random.default_rng(1105)
    Z = rng.normal(scale=2.0, size=(5, 1))
    yield "sigmoid", Z, np.array([[0.0], [1.0], [1.0], [0.0], [1.0]])
    Z = rng.normal(scale=2.0, size=(4, 3))
    yield "softmax", Z, losses.one_hot(np.array([0, 2, 1, 2]), 3)
    Z = np.array([[0.0, 1000.0, -5.0], [1000.0, 0.0, 0.0], [1.0, 2.0, 3.0]])
    yield "softmax", Z, losses.one_hot(np.array([1, 0, 2]), 3)


_OUTPUT_FORBID = {
    nn.output_forward: "nn.output_forward",
    losses.binary_cross_entropy: "losses.binary_cross_entropy",
    losses.binary_cross_entropy_with_logits: "losses.binary_cross_entropy_with_logits",
    losses.cross_entropy: "losses.cross_entropy",
    losses.softmax_cross_entropy: "losses.softmax_cross_entropy",
}


@exercise("my_output_forward", notebook="11", reference=ref.output_forward, mistakes=OUTPUT_FORWARD_MISTAKES)
def check_my_output_forward(output_forward) -> str:
    """A, J and the cache for sigmoid + BCE, softmax + CE, and softmax on logits up to 1000."""
    for output, Z, Y in _output_cases():
        big = ", with logits up to 1000" if Z.max() > 100 else ""
        what = f"output_forward(Z of shape {Z.shape}{big}, Y, {output!r})"
        got = call(output_forward, Z, Y, output, unchanged=True, forbid=_OUTPUT_FORBID)
        A, J, cache = _pair(got, what, 3, "(A, J, cache)")
        A_lib, J_lib, _ = nn.output_forward(Z, Y, output, ref.LOSS_OF[output])
        expected = (A_lib, float(J_lib), (A_lib, Y))
        with np.errstate(all="ignore"):
            wrong = [(mk, _try(mk.impl, Z, Y, output)) for mk in OUTPUT_FORWARD_MISTAKES]
        _expect(A, expected[0], f"A from {what}", [(mk, v and v[0]) for mk, v in wrong])
        _expect(J, np.asarray(expected[1]), f"J from {what}", [(mk, v and v[1]) for mk, v in wrong])
        _expect_cache(cache, expected[2], what, [], "(A, Y)")
    return (
        "A and J = (1/m) Σ ℓ match nn.output_forward for sigmoid + BCE and softmax + CE, also with logits "
        "of 1000 (no overflow, no log 0); the cache is (A, Y)."
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
        "extra sigmoid'",
        lambda c: (c[0] - c[1]) / len(c[0]) * c[0] * (1 - c[0]),
        "the fused gradient has no extra A(1 − A) factor: σ′ (or softmax's Jacobian) cancels against "
        "the loss's ∂ℓ/∂a.",
    ),
)


@exercise(
    "my_output_backward", notebook="11", reference=ref.output_backward, mistakes=OUTPUT_BACKWARD_MISTAKES
)
def check_my_output_backward(output_backward) -> str:
    """The fused ∂J/∂Z against nn.output_backward, for sigmoid + BCE and softmax + CE."""
    for output, Z, Y in list(_output_cases())[:2]:
        A, _, cache = ref.output_forward(Z, Y, output)
        what = f"output_backward(cache (A, Y) of a {output} layer, shape {A.shape})"
        got = call(output_backward, cache, forbid={nn.output_backward: "nn.output_backward"})
        expected = nn.output_backward(nn.output_forward(Z, Y, output, ref.LOSS_OF[output])[2])
        wrong = [(mk, _try(mk.impl, cache)) for mk in OUTPUT_BACKWARD_MISTAKES]
        _expect(got, expected, what, wrong)
    return "∂J/∂Z matches nn.output_backward for sigmoid + BCE and softmax + CE."


# ---------------------------------------------------------------- 7. network forward
def _net_cases():
    rng = np.random.default_rng(1107)
    for sizes, hidden, m in (([2, 3, 1], "relu", 5), ([3, 4, 5, 2], "tanh", 4), ([2, 2], "sigmoid", 3)):
        params = [(rng.normal(size=(a, b)), rng.normal(size=b)) for a, b in zip(sizes, sizes[1:])]
        yield params, rng.normal(size=(m, sizes[0])), hidden


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


@exercise("my_network_forward", notebook="11", reference=ref.network_forward, mistakes=NET_FORWARD_MISTAKES)
def check_my_network_forward(network_forward) -> str:
    """Z_L against nn.network_forward and the caches, on three networks (one without hidden layer)."""
    for params, X, hidden in _net_cases():
        sizes = [params[0][0].shape[0], *(W.shape[1] for W, _ in params)]
        what = f"network_forward(X of shape {X.shape}, params of a {sizes} network, {hidden!r})"
        got = call(
            network_forward,
            X,
            params,
            hidden,
            unchanged=True,
            forbid={nn.network_forward: "nn.network_forward"},
        )
        Z, caches = _pair(got, what, 2, "(Z_L, caches)")
        expected = nn.network_forward(X, [W for W, _ in params], [b for _, b in params], hidden)[0]
        wrong = [(mk, _try(mk.impl, X, params, hidden)) for mk in NET_FORWARD_MISTAKES]
        _expect(Z, expected, f"Z_L from {what}", [(mk, v and v[0]) for mk, v in wrong])
        _expect_cache(
            caches,
            ref.network_forward(X, params, hidden)[1],
            what,
            [(mk, v and v[1]) for mk, v in wrong],
            "one ((A_prev, W), (Z, name)) per layer, the last ((A_prev, W), None)",
        )
    return "Z_L matches nn.network_forward on three networks (2-3-1, 3-4-5-2, 2-2); one cache per layer."


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


@exercise(
    "my_network_backward", notebook="11", reference=ref.network_backward, mistakes=NET_BACKWARD_MISTAKES
)
def check_my_network_backward(network_backward) -> str:
    """Every (dW_l, db_l) against nn.network_backward, on three networks."""
    rng = np.random.default_rng(1108)
    for params, X, hidden in _net_cases():
        Ws, bs = [W for W, _ in params], [b for _, b in params]
        _, caches = ref.network_forward(X, params, hidden)
        dZ = rng.normal(size=(X.shape[0], Ws[-1].shape[1])) / X.shape[0]
        sizes = [Ws[0].shape[0], *(W.shape[1] for W in Ws)]
        what = f"network_backward(dZ of shape {dZ.shape}, caches of a {sizes} {hidden} network)"
        got = call(network_backward, dZ, caches, forbid={nn.network_backward: "nn.network_backward"})
        if got is None:
            raise Feedback(f"{what} returned None. Did you forget the `return` statement?")
        if not isinstance(got, list | tuple) or len(got) != len(params):
            raise Feedback(
                f"{what} returned {describe(got)}; expected a list of {len(params)} pairs (dW, db)"
            )
        expected = nn.network_backward(dZ, nn.network_forward(X, Ws, bs, hidden)[1])[0]
        wrong = [(mk, _try(mk.impl, dZ, caches)) for mk in NET_BACKWARD_MISTAKES]
        for layer in range(len(params) - 1, -1, -1):  # backprop order: the last layer first
            pair = _pair(got[layer], f"{what}[{layer}]", 2, "(dW, db)")
            for k, name in enumerate(("dW", "db")):
                _expect(
                    pair[k],
                    expected[layer][k],
                    f"{name}_{layer + 1} from {what}",
                    [(mk, v and v[layer][k]) for mk, v in wrong],
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


def _numerical_cases():
    rng = np.random.default_rng(1109)
    c = rng.normal(size=(2, 3))
    yield "J(x) = Σ c ⊙ x³", lambda x: float(np.sum(c * x**3)), rng.normal(size=(2, 3)), 1e-5
    yield "J(x) = Σ sin(x)", lambda x: float(np.sum(np.sin(x))), rng.normal(size=4), 1e-5
    yield "J(x) = Σ c ⊙ x³", lambda x: float(np.sum(c * x**3)), rng.normal(size=(2, 3)), 0.1


@exercise(
    "my_numerical_gradient", notebook="11", reference=ref.numerical_gradient, mistakes=NUMERICAL_MISTAKES
)
def check_my_numerical_gradient(numerical_gradient) -> str:
    """Central differences on two functions, with h = 1e-5 and h = 0.1; x unchanged."""
    forbid = {
        gradcheck.numerical_gradient: "gradcheck.numerical_gradient",
        gradcheck.numerical_derivative: "gradcheck.numerical_derivative",
    }
    for label, f, x, h in _numerical_cases():
        what = f"numerical_gradient({label}, x of shape {x.shape}, h={h:g})"
        got = call(numerical_gradient, f, x, h=h, unchanged=True, forbid=forbid)
        wrong = [(mk, _try(mk.impl, f, x.copy(), h)) for mk in NUMERICAL_MISTAKES]
        _expect(got, ref.numerical_gradient(f, x, h), what, wrong)
    return "central differences with the given h (1e-5 and 0.1) on two functions; x is left unchanged."


# ---------------------------------------------------------------- 10. mini-batch training
def _train_with(*, shuffle=True, keep_last=True, sign=-1.0, full_batch=False, in_place=False):
    def train_minibatch(params, X, Y, hidden, output, eta, epochs, batch_size, rng):
        params = params if in_place else [(W.copy(), b.copy()) for W, b in params]
        costs, m = [], X.shape[0]
        for _ in range(epochs):
            order = rng.permutation(m) if shuffle else np.arange(m)
            stop = m if keep_last else m - batch_size + 1
            for start in range(0, stop, batch_size):
                idx = np.arange(m) if full_batch else order[start : start + batch_size]
                Z, caches = ref.network_forward(X[idx], params, hidden)
                _, J, out_cache = ref.output_forward(Z, Y[idx], output)
                grads = ref.network_backward(ref.output_backward(out_cache), caches)
                for (W, b), (dW, db) in zip(params, grads):
                    W += sign * eta * dW
                    b += sign * eta * db
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
    Mistake("gradient ascent", _train_with(sign=1.0), "step against the gradient: W − η dW, b − η db."),
    Mistake(
        "full batch",
        _train_with(full_batch=True),
        "each step uses only the examples of its mini-batch (X[idx], Y[idx]), not all of X.",
    ),
    Mistake("changes params", _train_with(in_place=True), mutation_hint("params")),
)


def _train_cases():
    rng = np.random.default_rng(1110)
    X = rng.normal(size=(10, 2))
    yield (
        ref.init_params([2, 5, 1], rng),
        X,
        (X[:, :1] * X[:, 1:] > 0).astype(float),
        "tanh",
        "sigmoid",
        0.5,
        3,
        4,
    )
    X = rng.normal(size=(7, 2))
    Y = losses.one_hot(np.array([0, 1, 2, 0, 1, 2, 0]), 3)
    yield ref.init_params([2, 4, 3], rng), X, Y, "relu", "softmax", 0.3, 2, 3


@exercise("my_train_minibatch", notebook="11", reference=ref.train_minibatch, mistakes=TRAIN_MISTAKES)
def check_my_train_minibatch(train_minibatch) -> str:
    """The costs of every batch and the trained parameters, against the reference loop, same rng."""
    for k, (params, X, Y, hidden, output, eta, epochs, bs) in enumerate(_train_cases()):
        what = (
            f"train_minibatch(params, X of shape {X.shape}, Y, {hidden!r}, {output!r}, eta={eta}, "
            f"epochs={epochs}, batch_size={bs}, rng=np.random.default_rng({k}))"
        )
        args = (params, X, Y, hidden, output, eta, epochs, bs)
        got = call(
            train_minibatch, *args, np.random.default_rng(k), unchanged=True, forbid={nn.train: "nn.train"}
        )
        new, costs = _pair(got, what, 2, "(params, costs)")
        exp_params, exp_costs = ref.train_minibatch(*args, np.random.default_rng(k))
        wrong = [
            (
                mk,
                _try(mk.impl, [(W.copy(), b.copy()) for W, b in params], *args[1:], np.random.default_rng(k)),
            )
            for mk in TRAIN_MISTAKES
        ]
        _expect(
            np.asarray(costs, dtype=float) if isinstance(costs, list) else costs,
            exp_costs,
            f"the costs from {what}",
            [(mk, v and v[1]) for mk, v in wrong],
        )
        if not isinstance(new, list | tuple) or len(new) != len(params):
            raise Feedback(
                f"{what} returned params {describe(new)}; expected a list of {len(params)} pairs (W, b)"
            )
        for layer, (W, b) in enumerate(exp_params):
            pair = _pair(new[layer], f"{what}: params[{layer}]", 2, "(W, b)")
            _expect(
                pair[0], W, f"W_{layer + 1} after {what}", [(mk, v and v[0][layer][0]) for mk, v in wrong]
            )
            _expect(
                pair[1], b, f"b_{layer + 1} after {what}", [(mk, v and v[0][layer][1]) for mk, v in wrong]
            )
    return (
        "the cost of every mini-batch and the trained W, b match the reference loop (shuffled each epoch, "
        "last batch smaller, params unchanged) for a sigmoid and a softmax network."
    )
