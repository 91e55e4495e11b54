"""07 — the deep test networks and their per-layer measurements (``course_lib.topics.vanishing``)."""

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
