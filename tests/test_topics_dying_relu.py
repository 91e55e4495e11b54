"""09 — the dying-ReLU topic: the dead-unit helpers, the mean cosine, the small networks and the
recording training loop."""

import numpy as np
import pytest

from course_lib import datasets
from course_lib.exercises import REGISTRY
from course_lib.topics import dying_relu as D


@pytest.fixture
def data():
    return datasets.spirals(60, np.random.default_rng(0))


# ---------------------------------------------------------------- one layer
Z_HAND = np.array(
    [
        [-1.0, 0.0, 2.0, 0.5],
        [-0.2, -1.5, 0.1, -2.0],
        [-3.0, 0.0, 0.0, 1.5],
    ]
)  # units 0 and 1 dead (unit 1 only thanks to "≤"), units 2 and 3 alive


def test_dead_units_uses_less_or_equal_and_columns():
    np.testing.assert_array_equal(D.dead_units(Z_HAND), [True, True, False, False])
    assert D.dead_fraction(Z_HAND) == 0.5
    assert D.dead_fraction(Z_HAND.T) == 0.0  # rows of the transpose are units: none ≤ 0 everywhere


def test_dead_fraction_agrees_with_the_exercise_reference():
    gen = np.random.default_rng(2)
    for shape in [(7, 3), (1, 5), (40, 12)]:
        Z = np.round(gen.standard_normal(shape) - 0.8, 1)  # exact zeros happen
        assert D.dead_fraction(Z) == REGISTRY["dead_fraction"].reference(Z)


def test_inactive_fraction_and_unit_activity():
    assert D.inactive_fraction(Z_HAND) == pytest.approx(8 / 12)
    np.testing.assert_allclose(D.unit_activity(Z_HAND), [0.0, 0.0, 2 / 3, 2 / 3])
    np.testing.assert_array_equal(D.unit_activity(Z_HAND) == 0, D.dead_units(Z_HAND))


@pytest.mark.parametrize("bad", [np.zeros(3), np.zeros((2, 2, 2)), 1.0])
def test_one_layer_helpers_want_a_matrix(bad):
    for helper in (D.dead_units, D.dead_fraction, D.inactive_fraction, D.unit_activity, D.mean_cosine):
        with pytest.raises(ValueError, match=r"\(m examples, n units\)"):
            helper(bad)


def test_helpers_do_not_modify_their_input():
    Z = Z_HAND.copy()
    D.dead_units(Z), D.inactive_fraction(Z), D.unit_activity(Z), D.mean_cosine(Z)
    np.testing.assert_array_equal(Z, Z_HAND)


# ---------------------------------------------------------------- mean cosine
def test_mean_cosine_matches_the_pairwise_definition():
    A = np.abs(np.random.default_rng(4).standard_normal((9, 5)))
    A[3] = 0.0  # an all-zero row has no direction: left out
    U = A[[i for i in range(9) if i != 3]]
    U = U / np.linalg.norm(U, axis=1, keepdims=True)
    pairs = [U[i] @ U[k] for i in range(len(U)) for k in range(len(U)) if i != k]
    assert D.mean_cosine(A) == pytest.approx(np.mean(pairs))


def test_mean_cosine_special_cases():
    assert D.mean_cosine(np.array([[1.0, 2.0], [2.0, 4.0], [0.5, 1.0]])) == pytest.approx(1.0)
    assert D.mean_cosine(np.eye(4)) == pytest.approx(0.0)
    assert np.isnan(D.mean_cosine(np.array([[1.0, 0.0], [0.0, 0.0]])))


# ---------------------------------------------------------------- networks
def test_small_net_same_seed_same_start_for_every_activation():
    nets = [D.small_net(h, seed=3) for h in ("relu", "leaky_relu", "prelu", "elu")]
    for net in nets[1:]:
        for W, W0 in zip(net.weights, nets[0].weights):
            np.testing.assert_array_equal(W, W0)
    assert nets[0].sizes == [2, 32, 32, 32, 1] and nets[0].output == "sigmoid"


def test_small_net_bias_alpha_and_sizes():
    net = D.small_net("prelu", alpha=0.1, bias=-0.7, sizes=(2, 5, 4, 1))
    assert net.alphas == [0.1, 0.1]
    assert all(np.all(b == -0.7) for b in net.biases[:-1]) and np.all(net.biases[-1] == 0)
    assert D.small_net("leaky_relu", alpha=0.3).hidden_params == {"alpha": 0.3}


def test_dead_fractions_per_hidden_layer(data):
    X, _ = data
    net = D.small_net("relu", bias=-1.0, sizes=(2, 8, 8, 1))
    zs = net.forward_pass(X).zs
    expected = [np.mean(np.all(Z <= 0, axis=0)) for Z in zs[:-1]]
    np.testing.assert_array_equal(D.dead_fractions(net, X), expected)


def test_a_dead_unit_gets_exactly_zero_gradient(data):
    X, y = data
    net = D.small_net("relu", sizes=(2, 6, 6, 1))
    net.biases[1][2] = -50.0  # unit 2 of layer 2: z ≤ 0 on every example
    assert D.dead_units(net.forward_pass(X).zs[1])[2]
    grads = net.gradients(X, y)
    assert np.all(grads[1][0][:, 2] == 0) and grads[1][1][2] == 0  # incoming weights and bias
    assert np.all(grads[2][0][2] == 0)  # outgoing weights


# ---------------------------------------------------------------- training
def test_train_recording_shapes_and_agreement_with_fit(data):
    X, y = data
    net, twin = D.small_net("relu", sizes=(2, 8, 8, 1)), D.small_net("relu", sizes=(2, 8, 8, 1))
    record = D.train_recording(net, X, y, eta=0.5, epochs=12)
    history = twin.fit(X, y, eta=0.5, epochs=12)
    assert record.epochs == 12 and not record.diverged and record.alphas is None
    assert record.cost.shape == (12,) and record.grad_norms.shape == (12, 3) and record.dead.shape == (13, 2)
    np.testing.assert_allclose(record.cost, history, rtol=1e-10)
    for W, W_fit in zip(net.weights, twin.weights):
        np.testing.assert_allclose(W, W_fit, rtol=1e-10)
    np.testing.assert_array_equal(record.dead[-1], D.dead_fractions(net, X))


def test_train_recording_with_eta_zero_changes_nothing(data):
    X, y = data
    net = D.small_net("relu", sizes=(2, 8, 8, 1))
    record = D.train_recording(net, X, y, eta=0.0, epochs=4)
    assert np.all(record.cost == record.cost[0]) and np.all(record.dead == record.dead[0])


def test_train_recording_records_prelu_alphas(data):
    X, y = data
    net = D.small_net("prelu", sizes=(2, 8, 8, 1))
    record = D.train_recording(net, X, y, eta=0.3, epochs=5)
    assert record.alphas.shape == (6, 2)
    np.testing.assert_array_equal(record.alphas[0], [0.25, 0.25])
    np.testing.assert_array_equal(record.alphas[-1], net.alphas)
    assert np.all(record.alphas[-1] != 0.25)


def test_train_recording_stops_on_divergence_without_overflow(data):
    X, y = data  # pytest turns any RuntimeWarning (overflow) into an error
    record = D.train_recording(D.small_net("elu"), X, y, eta=50.0, epochs=200)
    assert record.diverged and record.epochs < 200
    assert np.all(np.isfinite(record.cost)) and record.dead.shape == (record.epochs, 3)


def test_a_dead_first_layer_unit_never_revives(data):
    X, y = data
    record = D.train_recording(D.small_net("relu", bias=-0.3), X, y, eta=3.0, epochs=40)
    assert np.all(np.diff(record.dead[:, 0]) >= 0)


def test_all_dead_relu_net_has_zero_weight_gradients(data):
    X, y = data
    record = D.train_recording(D.small_net("relu", bias=-3.0), X, y, eta=0.5, epochs=5)
    assert np.all(record.dead == 1.0) and np.all(record.grad_norms == 0)


def test_dead_units_per_layer_agrees_with_dead_fractions_and_counts_zeros(data):
    X, _ = data
    net = D.small_net("relu", bias=-0.5, seed=3)
    weights, biases, X_before = [W.copy() for W in net.weights], [b.copy() for b in net.biases], X.copy()
    fractions = D.dead_units_per_layer(net.weights, net.biases, X)
    np.testing.assert_array_equal(fractions, D.dead_fractions(net, X))
    assert fractions.shape == (3,) and fractions.max() > 0
    assert all(np.array_equal(a, b) for a, b in zip(net.weights + net.biases, weights + biases))
    np.testing.assert_array_equal(X, X_before)
    # a unit with zero weights and zero bias has z = 0 on every example: dead (ReLU'(0) = 0)
    W1, b1 = np.array([[0.0, 1.0], [0.0, -1.0]]), np.zeros(2)
    out = D.dead_units_per_layer(
        [W1, np.ones((2, 1))], [b1, np.zeros(1)], np.array([[1.0, 0.0], [0.0, -1.0]])
    )
    np.testing.assert_array_equal(out, [0.5])
    with pytest.raises(ValueError, match="same length"):
        D.dead_units_per_layer([W1], [], X)
