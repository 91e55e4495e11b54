"""07 — the deep test networks and their per-layer measurements (``course_lib.topics.vanishing``)."""

import warnings

import numpy as np
import pytest

from course_lib import datasets
from course_lib.topics import vanishing as V


@pytest.fixture
def data():
    return datasets.circles(32, np.random.default_rng(0))


# ---------------------------------------------------------------- deep_mlp
@pytest.mark.parametrize("depth", [1, 2, 7])
def test_deep_mlp_has_depth_weight_layers(depth):
    net = V.deep_mlp(depth, rng=np.random.default_rng(0), width=8)
    assert net.n_layers == depth
    assert net.sizes == [2] + [8] * (depth - 1) + [1]
    assert net.output == "sigmoid"


def test_deep_mlp_scale_multiplies_the_initial_weights():
    one = V.deep_mlp(5, "tanh", "He normal", 1.0, rng=np.random.default_rng(3))
    two = V.deep_mlp(5, "tanh", "He normal", 2.0, rng=np.random.default_rng(3))
    for W1, W2 in zip(one.weights, two.weights):
        np.testing.assert_array_equal(W2, 2.0 * W1)


@pytest.mark.parametrize(
    ("label", "variance"), [("N(0, 1)", 1.0), ("He normal", 2 / 64), ("LeCun normal", 1 / 64)]
)
def test_initializer_labels_give_their_variance(label, variance):
    net = V.deep_mlp(3, init=label, rng=np.random.default_rng(1), width=64)
    assert np.var(net.weights[1]) == pytest.approx(variance, rel=0.1)


def test_deep_mlp_accepts_library_initializer_names_and_rejects_depth_0():
    net = V.deep_mlp(3, init="glorot_normal", rng=np.random.default_rng(0))
    assert net.init.name == "glorot_normal"
    with pytest.raises(ValueError, match="depth"):
        V.deep_mlp(0, rng=np.random.default_rng(0))


# ---------------------------------------------------------------- measurements
def test_gradient_profile_matches_inspect(data):
    X, y = data
    net = V.deep_mlp(6, "sigmoid", rng=np.random.default_rng(2), width=8)
    grads, deltas = V.gradient_profile(net, X, y)
    inspection = net.inspect(X, y)
    np.testing.assert_allclose(grads, inspection.grad_norms)
    np.testing.assert_allclose(deltas, [np.linalg.norm(dZ) for dZ in inspection.dzs])
    assert grads.shape == deltas.shape == (6,)


def test_per_layer_factor_of_a_geometric_profile():
    norms = 3.0 * 0.25 ** np.arange(9, -1, -1)  # layer 1 smallest, a factor 4 per layer
    assert V.per_layer_factor(norms) == pytest.approx(0.25)
    assert V.per_layer_factor(norms[::-1]) == pytest.approx(4.0)
    with pytest.raises(ValueError):
        V.per_layer_factor([1.0])


def test_relative_updates_trains_a_copy(data):
    X, y = data
    net = V.deep_mlp(4, "relu", "He normal", rng=np.random.default_rng(0), width=8)
    before = [W.copy() for W in net.weights]
    change, history = V.relative_updates(net, X, y, eta=0.5, steps=5)
    assert change.shape == (4,) and history.shape == (5,)
    assert np.all(change > 0)
    for W0, W in zip(before, net.weights):
        np.testing.assert_array_equal(W0, W)
    still, flat = V.relative_updates(net, X, y, eta=0.0, steps=3)
    np.testing.assert_array_equal(still, 0.0)
    assert np.all(flat == flat[0])


def test_sigmoid_gradients_vanish_towards_the_input(data):
    X, y = data
    _, deltas = V.gradient_profile(V.deep_mlp(15, "sigmoid", rng=np.random.default_rng(0)), X, y)
    assert V.per_layer_factor(deltas[:-1]) < 0.25


# ---------------------------------------------------------------- forward collapse
def test_activation_spread_is_the_mean_std_over_inputs_per_hidden_layer(data):
    X, _ = data
    net = V.deep_mlp(4, "tanh", rng=np.random.default_rng(0), width=6)
    spread = V.activation_spread(net, X)
    acts = net.forward_pass(X).activations
    assert spread.shape == (3,)
    np.testing.assert_allclose(spread, [A.std(axis=0).mean() for A in acts[:-1]])


def test_sigmoid_signal_collapses_going_up(data):
    X, _ = data
    spread = V.activation_spread(V.deep_mlp(12, "sigmoid", rng=np.random.default_rng(0)), X)
    assert np.all(np.diff(spread) < 0) and 0.15 < V.per_layer_factor(spread[::-1]) < 0.35


# ---------------------------------------------------------------- the rescue
def _central_gradient(f, x, h=1e-6):
    """∂f/∂x by central differences, on a copy of x (the caller's array is restored)."""
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f()
        x[i] = old - h
        down = f()
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def test_layer_norm_forward_normalizes_each_row():
    Z = np.random.default_rng(0).normal(3.0, 2.0, (5, 7))
    out, _ = V.layer_norm_forward(Z, np.ones(7), np.zeros(7))
    np.testing.assert_allclose(out.mean(axis=1), 0.0, atol=1e-12)
    v = Z.var(axis=1)
    np.testing.assert_allclose(out.var(axis=1), v / (v + 1e-5), rtol=1e-12)  # 1 up to ε
    gamma, beta = np.arange(1.0, 8.0), np.full(7, 0.5)
    scaled, _ = V.layer_norm_forward(Z, gamma, beta)
    np.testing.assert_allclose(scaled, gamma * out + beta)


def test_layer_norm_backward_matches_central_differences():
    rng = np.random.default_rng(1)
    Z, gamma, beta = rng.normal(size=(4, 5)), rng.normal(size=5), rng.normal(size=5)
    dout = rng.normal(size=(4, 5))
    copies = [a.copy() for a in (Z, gamma, beta, dout)]
    _, cache = V.layer_norm_forward(Z, gamma, beta)
    dZ, dgamma, dbeta = V.layer_norm_backward(dout, cache)
    for a, b in zip(copies, (Z, gamma, beta, dout)):
        np.testing.assert_array_equal(a, b)  # inputs not modified

    def loss():
        return float(np.sum(V.layer_norm_forward(Z, gamma, beta)[0] * dout))

    for analytic, x in ((dZ, Z), (dgamma, gamma), (dbeta, beta)):
        np.testing.assert_allclose(analytic, _central_gradient(loss, x), rtol=1e-6, atol=1e-8)


def test_layer_norm_rejects_bad_input():
    with pytest.raises(ValueError, match="gamma and beta"):
        V.layer_norm_forward(np.ones((3, 4)), np.ones(3), np.zeros(4))
    with pytest.raises(ValueError, match="n ≥ 2"):
        V.layer_norm_forward(np.ones((3, 1)), np.ones(1), np.zeros(1))
    with pytest.raises(ValueError, match="eps"):
        V.layer_norm_forward(np.ones((3, 4)), np.ones(4), np.zeros(4), eps=0.0)
    _, cache = V.layer_norm_forward(np.arange(8.0).reshape(2, 4), np.ones(4), np.zeros(4))
    with pytest.raises(ValueError, match="dout"):
        V.layer_norm_backward(np.ones((3, 4)), cache)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@pytest.mark.parametrize(("residual", "norm"), [(False, False), (True, False), (False, True), (True, True)])
def test_deep_backward_matches_central_differences(activation, residual, norm):
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(6, 3)), (rng.random(6) > 0.5).astype(float)
    params = V.deep_params(V.deep_mlp(5, activation, rng=rng, width=4, n_in=3), norm=norm)
    for p in params:
        if "gamma" in p:
            p["gamma"] += rng.normal(0, 0.2, p["gamma"].shape)
            p["beta"] += rng.normal(0, 0.2, p["beta"].shape)
    before = [{k: v.copy() for k, v in p.items()} for p in params]
    _, grads = V.deep_gradients(X, y, params, activation, residual=residual)
    for p, q in zip(params, before):
        for k in p:
            np.testing.assert_array_equal(p[k], q[k])
    assert [set(g) for g in grads] == [set(p) for p in params]

    def cost():
        return V.deep_gradients(X, y, params, activation, residual=residual)[0]

    for p, g in zip(params, grads):
        for k in p:
            np.testing.assert_allclose(g[k], _central_gradient(cost, p[k]), rtol=1e-5, atol=1e-9)


def test_deep_forward_without_extras_is_the_mlp(data):
    X, y = data
    net = V.deep_mlp(4, "tanh", rng=np.random.default_rng(0), width=5)
    J, grads = V.deep_gradients(X, y, V.deep_params(net), "tanh")
    assert J == pytest.approx(net.loss(X, y), rel=1e-12)
    for g, (dW, db) in zip(grads, net.gradients(X, y)):
        np.testing.assert_allclose(g["W"], dW, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(g["b"], db, rtol=1e-12, atol=1e-15)


def test_residual_adds_the_input_and_keeps_the_gradient_flowing(data):
    X, y = data
    net = V.deep_mlp(30, "sigmoid", rng=np.random.default_rng(0), width=8)
    params = V.deep_params(net)
    _, plain = V.deep_gradients(X, y, params)
    _, res = V.deep_gradients(X, y, params, residual=True)
    plain_norms = [np.linalg.norm(g["W"]) for g in plain]
    res_norms = [np.linalg.norm(g["W"]) for g in res]
    assert plain_norms[0] / plain_norms[-1] < 1e-12
    assert res_norms[0] / res_norms[-1] > 1e-4
    with pytest.raises(ValueError, match="params"):
        V.deep_forward(X, [])
    with pytest.raises(ValueError, match="gamma"):
        V.deep_forward(X, [{"W": np.ones((2, 3)), "b": np.zeros(3), "gamma": np.ones(3)}])
    with pytest.raises(ValueError, match="'W', 'b'"):
        V.deep_forward(X, [{"W": np.ones((2, 1))}])


def test_clip_by_global_norm_caps_the_length_and_keeps_the_direction():
    grads = [
        {"W": np.full((2, 2), 3.0), "b": np.array([4.0, 0.0])},
        {"W": np.array([[0.0]]), "b": np.zeros(1)},
    ]
    copy = [{k: v.copy() for k, v in g.items()} for g in grads]
    assert V.global_norm(grads) == pytest.approx(np.sqrt(4 * 9 + 16))
    clipped, norm = V.clip_by_global_norm(grads, 1.0)
    assert norm == pytest.approx(np.sqrt(52))
    assert V.global_norm(clipped) == pytest.approx(1.0)
    np.testing.assert_allclose(clipped[0]["W"], grads[0]["W"] / np.sqrt(52))
    same, _ = V.clip_by_global_norm(grads, 100.0)
    np.testing.assert_array_equal(same[0]["W"], grads[0]["W"])
    for g, c in zip(grads, copy):
        for k in g:
            np.testing.assert_array_equal(g[k], c[k])
    zero, _ = V.clip_by_global_norm([{"W": np.zeros((2, 2))}], 1.0)
    np.testing.assert_array_equal(zero[0]["W"], 0.0)
    with pytest.raises(ValueError, match="max_norm"):
        V.clip_by_global_norm(grads, 0.0)


def test_global_norm_of_a_huge_gradient_does_not_overflow():
    huge = [{"W": np.full((3, 4), 1e200), "b": np.zeros(4)}]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        norm = V.global_norm(huge)
        clipped, before = V.clip_by_global_norm(huge, 2.0)
    assert norm == pytest.approx(1e200 * np.sqrt(12)) and before == norm
    assert V.global_norm(clipped) == pytest.approx(2.0)
    assert V.global_norm([{"W": np.zeros(3)}]) == 0.0


def test_train_deep_descends_copies_and_clips(data):
    X, y = data
    params = V.deep_params(V.deep_mlp(3, "tanh", rng=np.random.default_rng(0), width=6))
    before = [{k: v.copy() for k, v in p.items()} for p in params]
    _, costs, norms = V.train_deep(params, X, y, activation="tanh", eta=0.5, steps=30)
    assert costs.shape == norms.shape == (30,) and costs[-1] < costs[0]
    for p, q in zip(params, before):
        np.testing.assert_array_equal(p["W"], q["W"])
    one, _, _ = V.train_deep(params, X, y, activation="tanh", eta=1.0, steps=1, clip=1e-3)
    step = V.global_norm([{k: one[i][k] - params[i][k] for k in params[i]} for i in range(len(params))])
    assert step == pytest.approx(1e-3)
    with pytest.raises(ValueError, match="y must have one label"):
        V.train_deep(params, X, y[:-1], eta=0.1, steps=1)


# ---------------------------------------------------------------- layer_statistics
def test_layer_statistics_spread_is_activation_spread_and_inputs_stay(data):
    X, _ = data
    net = V.deep_mlp(6, "sigmoid", "N(0, 1)", rng=np.random.default_rng(2), width=8)
    weights, biases, X_before = [W.copy() for W in net.weights], [b.copy() for b in net.biases], X.copy()
    stats = V.layer_statistics(net.weights, net.biases, X)
    assert stats.shape == (5, 3)
    np.testing.assert_allclose(stats[:, 1], V.activation_spread(net, X), rtol=1e-12)
    hidden = net.forward_pass(X).activations[:-1]
    np.testing.assert_allclose(stats[:, 0], [A.mean() for A in hidden], rtol=1e-12)
    np.testing.assert_allclose(stats[:, 2], [np.mean((A < 0.05) | (A > 0.95)) for A in hidden], rtol=0)
    assert 0 < stats[:, 2].max() < 1  # N(0, 1) weights saturate some units, not all
    assert all(np.array_equal(a, b) for a, b in zip(net.weights + net.biases, weights + biases))
    np.testing.assert_array_equal(X, X_before)


def test_layer_statistics_of_a_network_without_hidden_layer_is_empty():
    stats = V.layer_statistics([np.ones((2, 1))], [np.zeros(1)], np.ones((3, 2)))
    assert stats.shape == (0, 3)
    with pytest.raises(ValueError, match="same length"):
        V.layer_statistics([np.ones((2, 1))], [], np.ones((3, 2)))
