"""Tests for ``course_lib.nn``: the layers against central differences, and the MLP against
``gradcheck`` for every registered hidden activation, several depths and every loss."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib import activations, gradcheck, initializers, losses, nn

EPS = np.finfo(np.float64).eps
ACTIVATIONS = activations.names()


def check_against_fd(
    f, inputs: dict[str, np.ndarray], analytic: dict[str, np.ndarray], scale: float, h: float = 1e-6
) -> None:
    """Central differences of the scalar f(**inputs) in every input, against ``analytic``.

    f sums many terms, so its round-off is ~eps·``scale`` (scale = Σ|terms|); a difference
    quotient carries ~4·eps·scale/(2h) of noise, used as the absolute tolerance."""
    numeric = {}
    for name, x in inputs.items():

        def g(v, name=name):
            return f(**{**inputs, name: v})

        numeric[name] = gradcheck.numerical_gradient(g, x, h)
    gradcheck.check_gradients(analytic, numeric, tol=1e-7, atol=4 * EPS * scale / (2 * h))


def away_from(Z: np.ndarray, points, margin: float = 1e-2) -> np.ndarray:
    """Z with entries closer than ``margin`` to any of ``points`` pushed out to the margin."""
    Z = Z.copy()
    for p in points:
        near = np.abs(Z - p) < margin
        Z[near] = p + np.where(Z[near] >= p, margin, -margin)
    return Z


# ---------------------------------------------------------------- dense layer
def test_dense_forward_is_xw_plus_b():
    X = np.array([[1.0, 2.0], [3.0, -1.0]])
    W = np.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]])
    b = np.array([0.1, 0.2, 0.3])
    Z, _ = nn.dense_forward(X, W, b)
    # row 1: (1·0.5 + 2·1.5, 1·(−1) + 0, 1·2 + 2·(−0.5)) + b = (3.6, −0.8, 1.3)
    # row 2: (1.5 + (−1.5), −3 + 0, 6 + 0.5) + b = (0.1, −2.8, 6.8)
    np.testing.assert_allclose(Z, [[3.6, -0.8, 1.3], [0.1, -2.8, 6.8]], rtol=1e-15)


def test_dense_backward_matches_finite_differences(rng):
    X, W, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    G = rng.normal(size=(4, 2))  # the upstream gradient ∂L/∂Z of L = Σ G ⊙ Z
    Z, cache = nn.dense_forward(X, W, b)
    dX, dW, db = nn.dense_backward(G, cache)
    assert dX.shape == X.shape and dW.shape == W.shape and db.shape == b.shape
    check_against_fd(
        lambda X, W, b: float(np.sum(G * nn.dense_forward(X, W, b)[0])),
        {"X": X, "W": W, "b": b},
        {"X": dX, "W": dW, "b": db},
        np.sum(np.abs(G * Z)),
    )


# ---------------------------------------------------------------- activation layer
def hidden_param_cases():
    """Every activation with its defaults, and each parametrised one with a non-default value."""
    out = [pytest.param(n, {}, id=n) for n in ACTIVATIONS]
    for n in ACTIVATIONS:
        for p in activations.get(n).params:
            v = 0.5 if p.default != 0.5 else 2.0
            out.append(pytest.param(n, {p.name: v}, id=f"{n}-{p.name}={v:g}"))
    return out


@pytest.mark.parametrize(("name", "params"), hidden_param_cases())
def test_activation_layer_matches_finite_differences(name, params, rng):
    act = activations.get(name)
    Z = away_from(rng.normal(scale=3.0, size=(4, 3)), (*act.kinks, 0.0))
    G = rng.normal(size=Z.shape)
    A, cache = nn.activation_forward(Z, name, **params)
    np.testing.assert_array_equal(A, act(Z, **params))
    dZ = nn.activation_backward(G, cache)
    np.testing.assert_array_equal(dZ, G * act.grad(Z, **params))
    check_against_fd(
        lambda Z: float(np.sum(G * nn.activation_forward(Z, name, **params)[0])),
        {"Z": Z},
        {"Z": dZ},
        np.sum(np.abs(G * A)),
    )


# ---------------------------------------------------------------- PReLU layer
@pytest.mark.parametrize(
    "alpha", [0.2, -0.4, np.array([0.1, -0.3, 2.0])], ids=["scalar", "negative", "per-unit"]
)
def test_prelu_layer_matches_finite_differences(alpha, rng):
    Z = away_from(rng.normal(size=(5, 3)), [0.0])
    G = rng.normal(size=Z.shape)
    A, cache = nn.prelu_forward(Z, alpha)
    np.testing.assert_array_equal(A, np.where(Z >= 0, Z, np.asarray(alpha) * Z))
    if np.ndim(alpha) == 0:
        np.testing.assert_array_equal(A, activations.get("prelu")(Z, alpha=alpha))
    dZ, dalpha = nn.prelu_backward(G, cache)
    assert np.shape(dalpha) == np.shape(alpha)
    check_against_fd(
        lambda Z, alpha: float(np.sum(G * nn.prelu_forward(Z, alpha)[0])),
        {"Z": Z, "alpha": np.asarray(alpha, dtype=float)},
        {"Z": dZ, "alpha": dalpha},
        np.sum(np.abs(G * A)),
    )
    # ∂L/∂α = Σ G ⊙ min(0, Z), summed over everything that shares the α
    expected = np.sum(G * np.minimum(Z, 0), axis=None if np.ndim(alpha) == 0 else 0)
    np.testing.assert_allclose(dalpha, expected, rtol=1e-14)


def test_layers_do_not_modify_their_inputs(rng):
    X, W, b, G = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2), rng.normal(size=(4, 2))
    Wk, bk = rng.normal(size=(2, 3, 2)), rng.normal(size=(2, 2))
    alpha = np.array([0.1, 0.2])
    inputs = [X, W, b, G, Wk, bk, alpha]
    before = [x.copy() for x in inputs]
    Z, cache = nn.dense_forward(X, W, b)
    outs = [Z, *nn.dense_backward(G, cache)]
    A, cache = nn.activation_forward(Z, "tanh")
    outs += [A, nn.activation_backward(G, cache)]
    A, cache = nn.prelu_forward(Z, alpha)
    outs += [A, *nn.prelu_backward(G, cache)]
    A, cache = nn.maxout_forward(X, Wk, bk)
    outs += [A, *nn.maxout_backward(G, cache)]
    for x, x0 in zip(inputs, before):
        np.testing.assert_array_equal(x, x0)
    for out in outs:
        assert not any(np.shares_memory(out, x) for x in inputs)


# ---------------------------------------------------------------- maxout layer
def maxout_inputs(k=3, n_in=3, n_out=2, m=5, margin=1e-2):
    """Inputs whose winning piece beats the runner-up by > margin everywhere (no ties within h)."""
    for seed in range(100):
        rng = np.random.default_rng(seed)
        X, W, b = rng.normal(size=(m, n_in)), rng.normal(size=(k, n_in, n_out)), rng.normal(size=(k, n_out))
        Z = np.einsum("mi,kio->kmo", X, W) + b[:, None, :]
        top2 = np.sort(Z, axis=0)[-2:]
        if (top2[1] - top2[0]).min() > margin:
            return X, W, b
    raise AssertionError("no tie-free maxout inputs found")


def test_maxout_forward_is_the_max_over_pieces():
    X, W, b = maxout_inputs()
    out, _ = nn.maxout_forward(X, W, b)
    pieces = [X @ W[j] + b[j] for j in range(W.shape[0])]
    np.testing.assert_allclose(out, np.max(pieces, axis=0), rtol=1e-14)


def test_maxout_backward_matches_finite_differences(rng):
    X, W, b = maxout_inputs()
    out, cache = nn.maxout_forward(X, W, b)
    G = rng.normal(size=out.shape)
    dX, dW, db = nn.maxout_backward(G, cache)
    assert dX.shape == X.shape and dW.shape == W.shape and db.shape == b.shape
    check_against_fd(
        lambda X, W, b: float(np.sum(G * nn.maxout_forward(X, W, b)[0])),
        {"X": X, "W": W, "b": b},
        {"X": dX, "W": dW, "b": db},
        np.sum(np.abs(G * out)),
    )


def test_maxout_routes_the_gradient_to_the_arg_max_piece_only():
    X = np.array([[1.0, -2.0]])
    W = np.stack([np.eye(2), -np.eye(2), np.zeros((2, 2))])  # pieces: x, −x, 0 − 100 (never)
    b = np.array([[0.0, 0.0], [0.0, 0.0], [-100.0, -100.0]])
    out, cache = nn.maxout_forward(X, W, b)
    np.testing.assert_array_equal(out, [[1.0, 2.0]])  # unit 0 won by piece 0, unit 1 by piece 1
    dX, dW, db = nn.maxout_backward(np.array([[3.0, 5.0]]), cache)
    np.testing.assert_array_equal(db, [[3.0, 0.0], [0.0, 5.0], [0.0, 0.0]])
    np.testing.assert_array_equal(dW[0], [[3.0, 0.0], [-6.0, 0.0]])  # x_iᵀ · dout_0 into column 0
    np.testing.assert_array_equal(dW[1], [[0.0, 5.0], [0.0, -10.0]])
    np.testing.assert_array_equal(dW[2], 0.0)
    np.testing.assert_array_equal(dX, [[3.0, -5.0]])  # 3·(+1) and 5·(−1)


def test_maxout_represents_relu_and_abs():
    x = np.linspace(-3, 3, 61)[:, None]
    x = x[x[:, 0] != 0]  # at 0 the pieces tie
    relu_W, relu_b = np.array([[[0.0]], [[1.0]]]), np.zeros((2, 1))  # pieces 0 and z
    out, cache = nn.maxout_forward(x, relu_W, relu_b)
    np.testing.assert_array_equal(out, np.maximum(x, 0))
    np.testing.assert_array_equal(nn.maxout_backward(np.ones_like(out), cache)[0], (x > 0) * 1.0)
    abs_W, abs_b = np.array([[[1.0]], [[-1.0]]]), np.zeros((2, 1))  # pieces z and −z
    out, cache = nn.maxout_forward(x, abs_W, abs_b)
    np.testing.assert_array_equal(out, np.abs(x))
    np.testing.assert_array_equal(nn.maxout_backward(np.ones_like(out), cache)[0], np.sign(x))


# ---------------------------------------------------------------- MLP gradients vs gradcheck
# (loss, output, n_out, targets) — every registered loss, with its usual output and others.
LOSS_CONFIGS = {
    "bce+sigmoid": ("bce", "sigmoid", 1, "binary"),
    "bce+sigmoid-2-outputs": ("bce", "sigmoid", 2, "binary"),
    "ce+softmax-integer-labels": ("ce", "softmax", 3, "integer"),
    "ce+softmax-one-hot": ("ce", "softmax", 3, "one_hot"),
    "mse+linear": ("mse", "linear", 2, "real"),
    "mse+softmax": ("mse", "softmax", 3, "one_hot"),
}


def test_every_registered_loss_is_covered():
    assert set(losses.names()) <= {c[0] for c in LOSS_CONFIGS.values()}


def targets(kind: str, m: int, n_out: int, rng) -> np.ndarray:
    if kind == "binary":
        y = rng.integers(0, 2, size=(m, n_out)).astype(float)
        return y[:, 0] if n_out == 1 else y  # (m,) labels for one output
    if kind == "integer":
        return rng.permutation(np.arange(m) % n_out)  # every class present
    if kind == "one_hot":
        return np.eye(n_out)[rng.permutation(np.arange(m) % n_out)]
    return rng.normal(size=(m, n_out))


def kink_margin(net: nn.MLP, X: np.ndarray) -> float:
    """Distance of every pre-activation from the kinks of its activation (and from 0, where the
    piecewise definitions switch)."""
    trace = net.forward_pass(X)
    out_kinks = () if net.output == "softmax" else activations.get(net.output).kinks
    dist = [np.min(np.abs(z[..., None] - np.array([*net.hidden.kinks, 0.0]))) for z in trace.zs[:-1]]
    dist.append(np.min(np.abs(trace.zs[-1][..., None] - np.array([*out_kinks, 0.0]))))
    return float(min(dist))


def problem(net: nn.MLP, targets_kind: str, m: int = 6, margin: float = 1e-3):
    """(X, y) for net whose pre-activations all stay > margin from a kink. The finite differences
    move a parameter by h = 1e-5, which moves a pre-activation by ~h·|input| ≪ 1e-3; so no
    difference quotient straddles a kink, where it would measure a mix of two slopes."""
    for seed in range(200):
        rng = np.random.default_rng(seed)
        X = rng.normal(size=(m, net.sizes[0]))
        if kink_margin(net, X) > margin:
            return X, targets(targets_kind, m, net.sizes[-1], rng)
    raise AssertionError(f"no data found away from the kinks of {net}")


# J = mean loss = O(1). A difference quotient with h = 1e-5 carries round-off ~eps·|J|/h ≈ 2e-11
# and truncation ~h²|J'''|/6 ≈ 1e-10 for the curvatures of these small nets: ~1e-10 absolute.
# Entries of the gradient that are themselves ~1e-10 (saturated units, step's exact zeros, dead
# ReLUs) cannot be compared relatively, so entries agreeing within atol = 1e-9 (10× that noise)
# pass; every entry larger than ~1e-3 is held to a relative error of 1e-6 (its noise is ≤ 1e-7
# relative; deeper nets compound curvature, hence 1e-6 rather than the 1e-7 of single layers).
TOL, ATOL = 1e-6, 1e-9


@pytest.mark.parametrize("config", list(LOSS_CONFIGS))
@pytest.mark.parametrize("depth", [1, 2, 3, 4])
@pytest.mark.parametrize("hidden", ACTIVATIONS)
def test_mlp_gradients_match_gradcheck(hidden, depth, config):
    """Every registered hidden activation (none skipped: for step all hidden-layer gradients
    are exactly 0, and the check confirms that), 1–4 hidden layers, every loss."""
    loss, output, n_out, kind = LOSS_CONFIGS[config]
    net = nn.MLP(
        [3] + [4] * depth + [n_out],
        hidden=hidden,
        output=output,
        init="glorot_normal",
        rng=np.random.default_rng(depth),
        bias=0.1,
    )
    X, y = problem(net, kind)
    gradcheck.check_mlp_gradients(net, X, y, loss=loss, tol=TOL, atol=ATOL)
    grads = net.gradients(X, y, loss=loss)
    assert len(grads) == depth + 1
    for (dW, db), W, b in zip(grads, net.weights, net.biases):
        assert dW.shape == W.shape and db.shape == b.shape


@pytest.mark.parametrize(("hidden", "params"), [c for c in hidden_param_cases() if c.values[1]])
def test_mlp_gradients_with_non_default_hidden_parameters(hidden, params):
    net = nn.MLP(
        [3, 4, 4, 1],
        hidden=hidden,
        output="sigmoid",
        init="glorot_normal",
        rng=np.random.default_rng(1),
        hidden_params=params,
    )
    X, y = problem(net, "binary")
    gradcheck.check_mlp_gradients(net, X, y, loss="bce", tol=TOL, atol=ATOL)


@pytest.mark.parametrize("output", ACTIVATIONS)
def test_mlp_with_any_registered_output_activation(output):
    """The issue: "output: any registered activation, or 'softmax'" (here with mse)."""
    net = nn.MLP([3, 4, 2], hidden="tanh", output=output, init="glorot_normal", rng=np.random.default_rng(0))
    X, y = problem(net, "real")
    out = net.forward(X)
    np.testing.assert_allclose(out, activations.get(output)(net.forward_pass(X).zs[-1]), rtol=1e-15)
    gradcheck.check_mlp_gradients(net, X, y, loss="mse", tol=TOL, atol=ATOL)


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_prelu_net_learns_alpha(depth):
    net = nn.MLP(
        [3] + [4] * depth + [1],
        hidden="prelu",
        output="sigmoid",
        init="he_normal",
        rng=np.random.default_rng(3),
        hidden_params={"alpha": 0.3},
    )
    assert net.alphas == [0.3] * depth
    net.alphas = [0.3, -0.2, 0.6][:depth]  # as after training: each layer its own α
    X, y = problem(net, "binary")
    grads = net.gradients(X, y)
    assert grads.dalphas is not None and len(grads.dalphas) == depth
    assert all(abs(d) > 1e-6 for d in grads.dalphas), "the test needs non-trivial ∂J/∂α"
    gradcheck.check_mlp_gradients(net, X, y, loss="bce", tol=TOL, atol=ATOL)
    before = list(net.alphas)
    net.step(grads, eta=0.1)
    np.testing.assert_allclose(net.alphas, [a - 0.1 * d for a, d in zip(before, grads.dalphas)], rtol=1e-15)


def test_non_prelu_nets_have_no_alphas():
    net = nn.MLP([2, 3, 1], hidden="leaky_relu", rng=np.random.default_rng(0))
    assert net.alphas is None
    assert net.gradients(np.ones((2, 2)), [0, 1]).dalphas is None


# ---------------------------------------------------------------- worked examples
def test_hand_worked_2_2_1_network():
    """Sigmoid hidden layer, sigmoid output, BCE, one example; every number worked out by hand.

    x = (1, −2), W1 = [[0.5, −0.3], [0.2, 0.4]], b1 = (0.1, −0.1), W2 = [[0.7], [−0.6]],
    b2 = 0.05, y = 1.
      z1 = 1·0.5 − 2·0.2 + 0.1 = 0.2,    z2 = 1·(−0.3) − 2·0.4 − 0.1 = −1.2
      a1 = σ(0.2) = 0.549833997312478,   a2 = σ(−1.2) = 1/(1 + e^{1.2}) = 0.231475216500982
      zo = 0.7·a1 − 0.6·a2 + 0.05 = 0.384883798 − 0.138885130 + 0.05 = 0.295998668218145
      ao = σ(zo) = 0.573464067855403,    ℓ = −ln ao = 0.556059998507380
    Backward (fused sigmoid + BCE):
      δo = ao − y = −0.426535932144597
      dW2 = (a1, a2)·δo = (−0.234523956568467, −0.098732497238619),  db2 = δo
      δ1 = δo·0.7·a1(1 − a1) = −0.298575152501218·0.247516523 = −0.073902298444022
      δ2 = δo·(−0.6)·a2(1 − a2) = 0.255921559286758·0.177894… = 0.045527022638776
      dW1 = xᵀ(δ1, δ2) = [[δ1, δ2], [−2δ1, −2δ2]],  db1 = (δ1, δ2)
    """
    net = nn.MLP([2, 2, 1], hidden="sigmoid", output="sigmoid", init="zeros")
    net.weights = [np.array([[0.5, -0.3], [0.2, 0.4]]), np.array([[0.7], [-0.6]])]
    net.biases = [np.array([0.1, -0.1]), np.array([0.05])]
    X, y = np.array([[1.0, -2.0]]), np.array([1.0])

    trace = net.forward_pass(X)
    np.testing.assert_allclose(trace.zs[0], [[0.2, -1.2]], rtol=1e-14)
    np.testing.assert_allclose(trace.activations[0], [[0.549833997312478, 0.231475216500982]], rtol=1e-13)
    np.testing.assert_allclose(trace.zs[1], [[0.295998668218145]], rtol=1e-13)
    np.testing.assert_allclose(net.forward(X), [[0.573464067855403]], rtol=1e-13)
    assert net.loss(X, y) == pytest.approx(0.556059998507380, rel=1e-13)

    (dW1, db1), (dW2, db2) = net.gradients(X, y, loss="bce")
    d1, d2 = -0.073902298444022, 0.045527022638776
    np.testing.assert_allclose(dW2, [[-0.234523956568467], [-0.098732497238619]], rtol=1e-12)
    np.testing.assert_allclose(db2, [-0.426535932144597], rtol=1e-12)
    np.testing.assert_allclose(dW1, [[d1, d2], [-2 * d1, -2 * d2]], rtol=1e-12)
    np.testing.assert_allclose(db1, [d1, d2], rtol=1e-12)
    assert net.predict(X)[0] == 1  # ao ≥ 0.5


def test_a_unit_feeding_two_others_gets_the_sum_over_both_paths():
    """Sizes [1, 1, 2, 1]: the single hidden unit of layer 1 feeds both units of layer 2.

    tanh hidden layers, linear output, J = (a3 − y)² for one example. By hand:
      δ3 = 2(a3 − y);  δ2_j = δ3·W3_j·(1 − a2_j²)   (j = 1, 2)
      ∂J/∂a1 = δ2_1·W2_1 + δ2_2·W2_2                 ← one term per path
      δ1 = ∂J/∂a1·(1 − a1²);  ∂J/∂w1 = x·δ1;  ∂J/∂b1 = δ1
    """
    x, y = 0.5, 0.3
    w1, b1 = 0.8, 0.1
    W2, b2 = (0.6, -0.9), (0.2, -0.1)
    W3, b3 = (0.7, 0.4), 0.05
    net = nn.MLP([1, 1, 2, 1], hidden="tanh", output="linear", init="zeros")
    net.weights = [np.array([[w1]]), np.array([W2]), np.array([[W3[0]], [W3[1]]])]
    net.biases = [np.array([b1]), np.array(b2), np.array([b3])]

    a1 = math.tanh(w1 * x + b1)
    a2 = [math.tanh(a1 * W2[j] + b2[j]) for j in range(2)]
    a3 = a2[0] * W3[0] + a2[1] * W3[1] + b3
    d3 = 2 * (a3 - y)
    d2 = [d3 * W3[j] * (1 - a2[j] ** 2) for j in range(2)]
    paths = [d2[0] * W2[0], d2[1] * W2[1]]
    d1 = (paths[0] + paths[1]) * (1 - a1**2)

    grads = net.gradients(np.array([[x]]), np.array([[y]]), loss="mse")
    assert grads[0][0][0, 0] == pytest.approx(x * d1, rel=1e-12)
    assert grads[0][1][0] == pytest.approx(d1, rel=1e-12)
    np.testing.assert_allclose(grads[1][0], [[a1 * d2[0], a1 * d2[1]]], rtol=1e-12)
    # the test can tell a sum from either path alone
    for single in paths:
        assert abs(single * (1 - a1**2) - d1) > 0.01 * abs(d1)


# ---------------------------------------------------------------- inspect: deep networks
@pytest.mark.parametrize("hidden", ACTIVATIONS)
def test_inspect_a_50_layer_network(hidden):
    depth, width, m = 50, 16, 8
    sizes = [4] + [width] * depth + [1]
    net = nn.MLP(sizes, hidden=hidden, output="sigmoid", init="lecun_normal", rng=np.random.default_rng(0))
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(m, 4)), rng.integers(0, 2, size=m)
    info = net.inspect(X, y, loss="bce")
    L = depth + 1
    assert len(info.zs) == len(info.activations) == len(info.grads) == len(info.dzs) == L
    assert info.grad_norms.shape == (L,)
    act = activations.get(hidden)
    A = X
    for layer in range(L):
        n_out = sizes[layer + 1]
        Z, A_l = info.zs[layer], info.activations[layer]
        assert Z.shape == A_l.shape == info.dzs[layer].shape == (m, n_out)
        assert info.grads[layer][0].shape == (sizes[layer], n_out)
        for arr in (Z, A_l, info.dzs[layer], *info.grads[layer]):
            assert np.isfinite(arr).all(), f"{hidden}: non-finite values in layer {layer + 1}"
        np.testing.assert_allclose(Z, A @ net.weights[layer] + net.biases[layer], rtol=1e-12, atol=1e-300)
        expected = act(Z) if layer < depth else activations.get("sigmoid")(Z)
        np.testing.assert_array_equal(A_l, expected)
        A = A_l
    np.testing.assert_allclose(info.dzs[-1], (info.activations[-1] - y[:, None]) / m, rtol=1e-14)
    np.testing.assert_allclose(info.grad_norms, [np.linalg.norm(dW) for dW, _ in info.grads], rtol=1e-15)
    # gradients() may sum the m terms of dW = Aᵀ dZ, db = 1ᵀ dZ in another order: the results
    # agree to ~m·eps·Σ|terms| (which matters where the terms cancel)
    inputs = [X, *info.activations[:-1]]
    for layer, ((dW, db), (gW, gb)) in enumerate(zip(info.grads, net.gradients(X, y, loss="bce"))):
        dZ = np.abs(info.dzs[layer])
        np.testing.assert_array_less(np.abs(dW - gW), m * EPS * (np.abs(inputs[layer]).T @ dZ) + 1e-300)
        np.testing.assert_array_less(np.abs(db - gb), m * EPS * dZ.sum(axis=0) + 1e-300)
    assert info.cost == pytest.approx(net.loss(X, y), rel=1e-14)
    assert np.isfinite(info.grad_norms).all()


def assert_same_gradients(got: nn.Gradients, info: nn.Inspection, X: np.ndarray) -> None:
    """gradients() against inspect(): equal up to the order in which the m terms of
    dW = Aᵀ dZ and db = 1ᵀ dZ are summed (~m·eps·Σ|terms|, which matters where terms cancel)."""
    m = X.shape[0]
    inputs = [X, *info.activations[:-1]]
    assert len(got) == len(info.grads)
    for layer, ((gW, gb), (dW, db)) in enumerate(zip(got, info.grads)):
        dZ = np.abs(info.dzs[layer])
        assert gW.shape == dW.shape and gb.shape == db.shape
        np.testing.assert_array_less(np.abs(gW - dW), m * EPS * (np.abs(inputs[layer]).T @ dZ) + 1e-300)
        np.testing.assert_array_less(np.abs(gb - db), m * EPS * dZ.sum(axis=0) + 1e-300)
    if info.grads.dalphas is None:
        assert got.dalphas is None
    else:
        np.testing.assert_allclose(got.dalphas, info.grads.dalphas, rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("config", ["bce+sigmoid-2-outputs", "ce+softmax-integer-labels", "mse+linear"])
@pytest.mark.parametrize("hidden", ACTIVATIONS)
def test_gradients_agree_with_inspect(hidden, config):
    """gradients() and fit() run an in-place pass through reused buffers (f'(Z_l) computed in
    the forward pass, A_l written over Z_l, two ∂J/∂A buffers taking turns); inspect() runs the
    textbook pass. Same numbers for every activation and loss, hidden layers of different
    widths, repeated calls and changing batch sizes."""
    loss, output, n_out, kind = LOSS_CONFIGS[config]
    net = nn.MLP(
        [3, 5, 4, 6, n_out],
        hidden=hidden,
        output=output,
        init="glorot_normal",
        rng=np.random.default_rng(2),
        bias=0.1,
    )
    if net.alphas is not None:
        net.alphas = [0.3, -0.2, 0.6]  # each layer its own α
    rng = np.random.default_rng(3)
    for m in (7, 7, 2, 7):  # the second call reuses the buffers; m = 2 makes new ones
        X, y = rng.normal(size=(m, 3)), targets(kind, m, n_out, rng)
        assert_same_gradients(net.gradients(X, y, loss=loss), net.inspect(X, y, loss=loss), X)


@pytest.mark.parametrize("hidden", ["relu", "prelu", "tanh"])
def test_fit_is_gradient_descent_on_inspect_gradients(hidden):
    net = nn.MLP([2, 4, 3, 1], hidden=hidden, init="he_normal", rng=np.random.default_rng(4), bias=0.1)
    twin = net.copy()
    history = net.fit(XOR_X, XOR_Y, eta=0.3, epochs=4)
    for epoch in range(4):
        info = twin.inspect(XOR_X, XOR_Y)
        assert history[epoch] == pytest.approx(info.cost, rel=1e-13)
        twin.step(info.grads, eta=0.3)
    for W, V in zip(net.weights + net.biases, twin.weights + twin.biases):
        np.testing.assert_allclose(W, V, rtol=1e-12, atol=1e-15)


def test_gradients_without_hidden_layers_and_at_relu_kinks():
    """No hidden layer: logistic regression. And relu'(0) = 0 (the left derivative) in the
    in-place pass too: with zero weights every hidden Z is exactly 0, so no gradient reaches
    the first layer."""
    X, y = np.array([[1.0, -2.0], [0.5, 3.0], [-1.0, 0.0]]), np.array([1, 0, 1])
    logistic = nn.MLP([2, 1], output="sigmoid", init="zeros")
    assert_same_gradients(logistic.gradients(X, y), logistic.inspect(X, y), X)
    dead = nn.MLP([2, 3, 3, 1], hidden="relu", init="zeros")
    grads = dead.gradients(X, y)
    assert_same_gradients(grads, dead.inspect(X, y), X)
    for dW, db in grads[:-1]:
        assert not dW.any() and not db.any()
    np.testing.assert_allclose(grads[-1][1], [np.mean(0.5 - y)], rtol=1e-15)


@pytest.mark.parametrize("init", initializers.names())
def test_inspect_with_every_initializer(init):
    net = nn.MLP(
        [4] + [16] * 50 + [3], hidden="tanh", output="softmax", init=init, rng=np.random.default_rng(0)
    )
    X = np.random.default_rng(1).normal(size=(5, 4))
    info = net.inspect(X, [0, 1, 2, 0, 1], loss="ce")
    assert len(info.zs) == 51 and all(np.isfinite(z).all() for z in info.zs)
    assert np.isfinite(info.grad_norms).all() and np.isfinite(info.cost)


def test_sigmoid_gradients_vanish_with_depth_relu_with_he_init_do_not():
    """What the vanishing-gradient notebook plots: ‖∂J/∂W_l‖ shrinks towards the input for a
    deep sigmoid net (σ' ≤ 1/4 per layer), not for ReLU with He initialisation."""
    X = np.random.default_rng(1).normal(size=(32, 8))
    y = (X[:, 0] > 0).astype(float)
    norms = {}
    for hidden, init in [("sigmoid", "glorot_normal"), ("relu", "he_normal")]:
        net = nn.MLP([8] + [32] * 20 + [1], hidden=hidden, init=init, rng=np.random.default_rng(0))
        norms[hidden] = net.inspect(X, y).grad_norms
    assert norms["sigmoid"][0] < 1e-4 * norms["sigmoid"][-2]
    assert norms["relu"][0] > 1e-2 * norms["relu"][-2]


# ---------------------------------------------------------------- training and prediction
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


def test_fit_learns_xor():
    net = nn.MLP(
        [2, 4, 1], hidden="tanh", output="sigmoid", init="glorot_uniform", rng=np.random.default_rng(0)
    )
    start = net.loss(XOR_X, XOR_Y)
    history = net.fit(XOR_X, XOR_Y, loss="bce", eta=0.5, epochs=2000)
    assert history.shape == (2000,)
    assert history[0] == pytest.approx(start, rel=1e-14)  # the cost before the first step
    assert net.loss(XOR_X, XOR_Y) < 0.05 < 0.5 < start
    assert np.all(np.diff(history[::100]) < 0), "the cost should fall steadily at this step size"
    np.testing.assert_array_equal(net.predict(XOR_X), XOR_Y)
    assert net.accuracy(XOR_X, XOR_Y) == 1.0


def test_fit_is_reproducible_with_a_seed():
    runs = []
    for _ in range(2):
        net = nn.MLP([2, 3, 1], hidden="tanh", init="glorot_uniform", rng=np.random.default_rng(7))
        runs.append(net.fit(XOR_X, XOR_Y, eta=0.3, epochs=50))
    np.testing.assert_array_equal(runs[0], runs[1])


def test_fit_follows_step():
    """fit = gradients + step, epoch after epoch."""
    a = nn.MLP([2, 3, 1], hidden="tanh", init="glorot_uniform", rng=np.random.default_rng(5))
    b = a.copy()
    a.fit(XOR_X, XOR_Y, eta=0.2, epochs=3)
    for _ in range(3):
        b.step(b.gradients(XOR_X, XOR_Y), eta=0.2)
    for Wa, Wb in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_allclose(Wa, Wb, rtol=1e-14)


def test_predict_and_accuracy():
    net = nn.MLP([2, 2], hidden="relu", output="softmax", init="zeros")
    net.weights = [np.array([[1.0, -1.0], [0.0, 0.0]])]  # class 0 iff x_0 > 0
    X = np.array([[1.0, 5.0], [-1.0, 2.0], [2.0, 0.0], [-3.0, 1.0]])
    np.testing.assert_array_equal(net.predict(X), [0, 1, 0, 1])
    assert net.accuracy(X, [0, 1, 0, 0]) == 0.75
    assert net.accuracy(X, np.eye(2)[[0, 1, 0, 0]]) == 0.75  # one-hot labels
    sig = nn.MLP([1, 1], output="sigmoid", init="zeros")
    sig.weights = [np.array([[2.0]])]
    np.testing.assert_array_equal(sig.predict(np.array([[-1.0], [0.0], [1.0]])), [0, 1, 1])  # σ(0) = ½ → 1
    lin = nn.MLP([1, 1], output="linear", init="zeros")
    lin.weights = [np.array([[2.0]])]
    np.testing.assert_array_equal(lin.predict(np.array([[1.5]])), [[3.0]])  # regression: the output


def test_step_is_plain_gradient_descent():
    net = nn.MLP([2, 3, 1], hidden="tanh", init="glorot_uniform", rng=np.random.default_rng(0))
    W0, b0 = [W.copy() for W in net.weights], [b.copy() for b in net.biases]
    grads = [(np.ones_like(W), np.full_like(b, 2.0)) for W, b in zip(W0, b0)]
    net.step(grads, eta=0.25)
    for W, b, Wi, bi in zip(net.weights, net.biases, W0, b0):
        np.testing.assert_allclose(W, Wi - 0.25, rtol=1e-15)
        np.testing.assert_allclose(b, bi - 0.5, rtol=1e-15)


@pytest.mark.parametrize(
    ("grads", "match"),
    [
        ([(np.zeros((2, 3)), np.zeros(3))], r"one \(dW, db\) pair per layer \(2\)"),
        ([(np.zeros((3, 2)), np.zeros(3)), (np.zeros((3, 1)), np.zeros(1))], r"grads\[0\] shapes"),
        ([(np.zeros((2, 3)), np.zeros(3)), (np.zeros((3, 1)), np.zeros(2))], r"grads\[1\] shapes"),
    ],
)
def test_step_with_wrong_shapes_raises(grads, match):
    net = nn.MLP([2, 3, 1], hidden="tanh", init="glorot_uniform", rng=np.random.default_rng(0))
    before = [W.copy() for W in net.weights]
    with pytest.raises(ValueError, match=match):
        net.step(grads, eta=0.1)
    for W, W0 in zip(net.weights, before):
        np.testing.assert_array_equal(W, W0)


# ---------------------------------------------------------------- hygiene
def test_gradients_are_fresh_arrays_and_inputs_are_untouched():
    net = nn.MLP([3, 5, 5, 2], hidden="relu", output="softmax", rng=np.random.default_rng(0))
    rng = np.random.default_rng(1)
    X1, X2 = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    y1, y2 = rng.integers(0, 2, size=6), rng.integers(0, 2, size=6)
    X1_0, y1_0 = X1.copy(), y1.copy()
    g1 = net.gradients(X1, y1, loss="ce")
    kept = [(dW.copy(), db.copy()) for dW, db in g1]
    net.gradients(X2, y2, loss="ce")  # a later call must not overwrite what g1 holds
    net.fit(X2, y2, loss="ce", epochs=2)
    for (dW, db), (kW, kb) in zip(g1, kept):
        np.testing.assert_array_equal(dW, kW)
        np.testing.assert_array_equal(db, kb)
    np.testing.assert_array_equal(X1, X1_0)
    np.testing.assert_array_equal(y1, y1_0)
    out = net.forward(X1)
    assert not np.shares_memory(out, X1)


def test_copy_is_independent():
    net = nn.MLP([2, 3, 1], hidden="prelu", rng=np.random.default_rng(0))
    twin = net.copy()
    twin.step(twin.gradients(XOR_X, XOR_Y), eta=1.0)
    assert not np.array_equal(twin.weights[0], net.weights[0])
    assert twin.alphas != net.alphas


def test_constructor_describes_the_network():
    net = nn.MLP(
        [2, 4, 3, 1],
        hidden="tanh",
        output="sigmoid",
        init="glorot_uniform",
        rng=np.random.default_rng(0),
        bias=0.1,
    )
    assert net.sizes == [2, 4, 3, 1] and net.n_layers == 3 and net.n_hidden == 2
    assert [W.shape for W in net.weights] == [(2, 4), (4, 3), (3, 1)]
    assert [b.shape for b in net.biases] == [(4,), (3,), (1,)]
    assert net.n_params() == 2 * 4 + 4 + 4 * 3 + 3 + 3 + 1
    np.testing.assert_array_equal(net.biases[0], 0.1)
    np.testing.assert_array_equal(net.biases[-1], 0.0)  # the output bias starts at 0
    assert "MLP([2, 4, 3, 1]" in repr(net)
    same = nn.MLP([2, 4, 3, 1], hidden="tanh", init="glorot_uniform", rng=np.random.default_rng(0))
    for W, V in zip(net.weights, same.weights):
        np.testing.assert_array_equal(W, V)


# ---------------------------------------------------------------- train: K networks at once
def _seeded(hidden: str, seeds, sizes=(3, 5, 4, 1), output: str = "sigmoid", **kw):
    init = "he_normal" if hidden in ("relu", "leaky_relu", "prelu") else "glorot_uniform"
    return [
        nn.MLP(list(sizes), hidden=hidden, output=output, init=init, rng=np.random.default_rng(s), **kw)
        for s in seeds
    ]


def _xy(rng, m=12, n_in=3):
    X = rng.normal(size=(m, n_in))
    return X, (X[:, 0] * X[:, 1] > 0).astype(float)


@pytest.mark.parametrize("hidden", ["tanh", "relu", "sigmoid", "prelu", "elu"])
def test_train_on_a_stack_takes_each_networks_own_steps(hidden):
    """K networks trained together end where each would end trained alone (no mixing)."""
    X, y = _xy(np.random.default_rng(0))
    nets = _seeded(hidden, range(4))
    alone = [net.copy() for net in nets]
    costs = nn.train(nets, X, y, loss="bce", eta=0.3, epochs=40)
    assert costs.shape == (4, 40)
    for net, twin, cost in zip(nets, alone, costs):
        # the one-network path, written out: gradients by backprop, then a step
        expected = []
        for _ in range(40):
            inspection = twin.inspect(X, y, "bce")
            expected.append(inspection.cost)
            twin.step(inspection.grads, eta=0.3)
        np.testing.assert_allclose(cost, expected, rtol=1e-12, atol=1e-14)
        for mine, theirs in zip([*net.weights, *net.biases], [*twin.weights, *twin.biases]):
            np.testing.assert_allclose(mine, theirs, rtol=1e-11, atol=1e-13)
        if hidden == "prelu":
            np.testing.assert_allclose(net.alphas, twin.alphas, rtol=1e-11)
            assert net.alphas != [0.25, 0.25], "α should have moved"


@pytest.mark.parametrize(("output", "loss"), [("sigmoid", "bce"), ("softmax", "ce"), ("linear", "mse")])
def test_stacked_backprop_matches_central_differences(output, loss):
    """network_backward on a stack of 3 networks: the gradient of Σ_k J_k, by central differences."""
    rng = np.random.default_rng(5)
    sizes = (3, 4, 2) if output == "softmax" else (3, 4, 1)
    nets = _seeded("tanh", range(3), sizes, output=output)
    X = rng.normal(size=(3, 7, 3))  # one data set per network
    if loss == "ce":
        Y = losses.one_hot(rng.integers(0, 2, size=21), 2).reshape(3, 7, 2)
    else:
        Y = rng.integers(0, 2, size=(3, 7, 1)).astype(float)
    Ws = [np.stack([n.weights[layer] for n in nets]) for layer in range(2)]
    bs = [np.stack([n.biases[layer] for n in nets]) for layer in range(2)]

    def total(W0, W1, b0, b1):
        Z, _ = nn.network_forward(X, [W0, W1], [b0, b1], "tanh")
        return float(np.sum(nn.output_forward(Z, Y, output, loss)[1]))

    Z, caches = nn.network_forward(X, Ws, bs, "tanh")
    _, J, cache = nn.output_forward(Z, Y, output, loss)
    assert J.shape == (3,)
    grads, _, _ = nn.network_backward(nn.output_backward(cache), caches)
    analytic = {"W0": grads[0][0], "W1": grads[1][0], "b0": grads[0][1], "b1": grads[1][1]}
    check_against_fd(total, {"W0": Ws[0], "W1": Ws[1], "b0": bs[0], "b1": bs[1]}, analytic, scale=10.0)
    for k, net in enumerate(nets):  # and network k's part is its own gradient
        own = net.gradients(X[k], Y[k], loss)
        np.testing.assert_allclose(grads[0][0][k], own[0][0], rtol=1e-12, atol=1e-15)


def test_train_with_one_data_set_per_network_and_a_callback():
    rng = np.random.default_rng(1)
    data = [_xy(rng) for _ in range(3)]
    nets = _seeded("tanh", range(3))
    twins = [net.copy() for net in nets]
    seen = []
    costs = nn.train(
        nets,
        [X for X, _ in data],
        [y for _, y in data],
        eta=0.5,
        epochs=10,
        every=4,
        callback=lambda done, weights, biases: seen.append((done, weights[0].shape)),
    )
    assert seen == [(0, (3, 3, 5)), (4, (3, 3, 5)), (8, (3, 3, 5)), (10, (3, 3, 5))]
    for twin, (X, y), cost in zip(twins, data, costs):
        np.testing.assert_allclose(twin.fit(X, y, "bce", 0.5, 10), cost, rtol=1e-12)


def test_train_refuses_what_it_cannot_stack():
    X, y = _xy(np.random.default_rng(2))
    with pytest.raises(ValueError, match="one architecture"):
        nn.train([*_seeded("tanh", [0]), *_seeded("relu", [0])], X, y)
    with pytest.raises(ValueError, match="one X and one y per network"):
        nn.train(_seeded("tanh", [0, 1]), [X], [y])
    with pytest.raises(ValueError, match="at least one network"):
        nn.train([], X, y)
    with pytest.raises(TypeError, match=r"nn\.MLP"):
        nn.train(["a network"], X, y)


# ---------------------------------------------------------------- mini-batches
def test_full_batch_is_the_default_and_ignores_rng():
    """batch_size=None is full-batch gradient descent, bit for bit, whatever rng is passed."""
    X, y = _xy(np.random.default_rng(3))
    nets = _seeded("relu", range(2))
    plain, with_rng = [n.copy() for n in nets], [n.copy() for n in nets]
    rng = np.random.default_rng(0)
    a = nn.train(plain, X, y, eta=0.3, epochs=7)
    b = nn.train(with_rng, X, y, eta=0.3, epochs=7, batch_size=None, rng=rng)
    np.testing.assert_array_equal(a, b)
    for p, q in zip(plain, with_rng):
        for mine, theirs in zip([*p.weights, *p.biases], [*q.weights, *q.biases]):
            np.testing.assert_array_equal(mine, theirs)
    assert rng.random() == np.random.default_rng(0).random(), "full batch must not draw from rng"


@pytest.mark.parametrize("hidden", ["tanh", "prelu"])
def test_batch_size_m_is_full_batch(hidden):
    """One batch of all m examples (in shuffled order) takes the full-batch step."""
    X, y = _xy(np.random.default_rng(4))
    net = _seeded(hidden, [0])[0]
    full, batched = net.copy(), net.copy()
    c_full = full.fit(X, y, eta=0.5, epochs=6)
    c_batch = batched.fit(X, y, eta=0.5, epochs=6, batch_size=len(X), rng=np.random.default_rng(9))
    np.testing.assert_allclose(c_batch, c_full, rtol=1e-12)
    for mine, theirs in zip([*full.weights, *full.biases], [*batched.weights, *batched.biases]):
        np.testing.assert_allclose(mine, theirs, rtol=1e-11, atol=1e-14)
    if hidden == "prelu":
        np.testing.assert_allclose(full.alphas, batched.alphas, rtol=1e-11)


@pytest.mark.parametrize("batch_size", [1, 5, 7])
def test_a_mini_batch_step_is_gradient_descent_on_that_batch(batch_size):
    """Each step is net.step on the batch rng.permutation picks; the epoch cost is the
    size-weighted mean of the batch costs before their steps (a last, smaller batch included)."""
    X, y = _xy(np.random.default_rng(5), m=20)  # m = 20: batch 7 leaves a last batch of 6
    net = _seeded("tanh", [1])[0]
    twin = net.copy()
    costs = net.fit(X, y, eta=0.4, epochs=3, batch_size=batch_size, rng=np.random.default_rng(2))
    rng = np.random.default_rng(2)
    m = len(X)
    for epoch in range(3):
        order = rng.permutation(m)
        total = 0.0
        for start in range(0, m, batch_size):
            rows = order[start : start + batch_size]
            info = twin.inspect(X[rows], y[rows])
            total += info.cost * len(rows) / m
            twin.step(info.grads, eta=0.4)
        assert costs[epoch] == pytest.approx(total, rel=1e-12)
    for mine, theirs in zip([*net.weights, *net.biases], [*twin.weights, *twin.biases]):
        np.testing.assert_allclose(mine, theirs, rtol=1e-11, atol=1e-14)


def test_mini_batches_are_reproducible_and_differ_from_full_batch():
    X, y = _xy(np.random.default_rng(6))
    net = _seeded("relu", [2])[0]
    a = net.copy().fit(X, y, eta=0.3, epochs=5, batch_size=4, rng=np.random.default_rng(1))
    b = net.copy().fit(X, y, eta=0.3, epochs=5, batch_size=4, rng=np.random.default_rng(1))
    c = net.copy().fit(X, y, eta=0.3, epochs=5, batch_size=4, rng=np.random.default_rng(2))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert not np.allclose(a, net.copy().fit(X, y, eta=0.3, epochs=5))


def test_bad_batch_size_or_missing_rng_raises():
    X, y = _xy(np.random.default_rng(7), m=20)
    net = _seeded("tanh", [0])[0]
    start = [W.copy() for W in net.weights]
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"batch_size must be at most the number of examples \(20\)"):
        net.fit(X, y, batch_size=21, rng=rng)
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        net.fit(X, y, batch_size=0, rng=rng)
    with pytest.raises(TypeError, match="batch_size must be a positive integer"):
        net.fit(X, y, batch_size=2.5, rng=rng)
    with pytest.raises(TypeError, match=r"rng.*numpy Generator"):
        net.fit(X, y, batch_size=4)
    assert all(np.array_equal(W, V) for W, V in zip(net.weights, start)), "no step before the error"
