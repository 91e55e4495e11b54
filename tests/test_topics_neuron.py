"""Tests for ``course_lib.topics.neuron``: the one-neuron helpers against independent oracles
(central differences, ``nn.MLP`` with no hidden layer, scipy's optimiser)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

from course_lib import losses, nn
from course_lib.gradcheck import check_gradients, numerical_gradient
from course_lib.topics import neuron as N

X, Y = N.toy_data(np.random.default_rng(0))
W0, B0 = np.array([-1.0, 2.0]), 1.0


def single_neuron_net(w, b) -> nn.MLP:
    """The library's MLP with no hidden layer, holding the weights (w, b): the same neuron."""
    net = nn.MLP([2, 1], output="sigmoid", rng=np.random.default_rng(1))
    net.weights[0] = np.asarray(w, dtype=float).reshape(2, 1)
    net.biases[0] = np.array([b], dtype=float)
    return net


# ---------------------------------------------------------------- the neuron
def test_toy_data_is_deterministic_and_balanced():
    X2, y2 = N.toy_data(np.random.default_rng(0))
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, y2)
    assert X.shape == (100, 2) and Y.shape == (100,)
    assert Y.sum() == 50
    # class means near the centres
    np.testing.assert_allclose(X[Y == 0].mean(axis=0), N.TOY_CENTERS[0], atol=0.3)
    np.testing.assert_allclose(X[Y == 1].mean(axis=0), N.TOY_CENTERS[1], atol=0.3)


def test_forward_by_hand_and_against_the_mlp():
    # one example by hand: z = 1·(−1) + (−2)·2 + 1 = −4
    a = N.forward(np.array([[1.0, -2.0]]), W0, B0)
    assert a.shape == (1,)
    assert a[0] == pytest.approx(1 / (1 + np.exp(4.0)), rel=1e-15)
    np.testing.assert_allclose(N.forward(X, W0, B0), single_neuron_net(W0, B0).forward(X)[:, 0], rtol=1e-14)


def test_cost_is_the_mean_bce_of_the_forward_pass():
    a = N.forward(X, W0, B0)
    assert N.cost(X, Y, W0, B0) == pytest.approx(losses.cost(losses.binary_cross_entropy(a, Y)), rel=1e-12)
    assert N.cost(X, Y, W0, B0) == pytest.approx(single_neuron_net(W0, B0).loss(X, Y, "bce"), rel=1e-12)


def test_cost_is_finite_far_out():
    # |z| ~ 1e3: the logits form stays exact where σ rounds to 0 or 1
    J = N.cost(X, Y, np.array([300.0, 300.0]), 0.0)
    assert np.isfinite(J) and J > 10


def test_gradients_match_central_differences():
    dw, db = N.gradients(X, Y, N.forward(X, W0, B0))
    num_w = numerical_gradient(lambda w: N.cost(X, Y, w, B0), W0)
    num_b = numerical_gradient(lambda b: N.cost(X, Y, W0, b[0]), np.array([B0]))
    assert check_gradients({"w": dw, "b": np.array([db])}, {"w": num_w, "b": num_b}, tol=1e-7) < 1e-7


def test_gradients_match_the_mlp():
    dw, db = N.gradients(X, Y, N.forward(X, W0, B0))
    ((dW, db_net),) = single_neuron_net(W0, B0).gradients(X, Y, "bce")
    np.testing.assert_allclose(dw, dW[:, 0], rtol=1e-12)
    assert db == pytest.approx(db_net[0], rel=1e-12)


def test_gradients_hand_example():
    # dz = a − y = [−0.2, 0.3, 0.6, −0.6]; dw = Xᵀdz/4 = [0.25, −2.65]/4; db = 0.1/4
    Xh = np.array([[1.0, 2.0], [-1.5, 0.5], [2.0, -1.0], [0.5, 3.0]])
    dw, db = N.gradients(Xh, np.array([1.0, 0, 0, 1]), np.array([0.8, 0.3, 0.6, 0.4]))
    np.testing.assert_allclose(dw, [0.0625, -0.6625], rtol=1e-14)
    assert db == pytest.approx(0.025, rel=1e-14)
    assert isinstance(db, float)


def test_step_moves_against_the_gradient_and_keeps_inputs():
    w, dw = np.array([0.5, -1.0]), np.array([0.3, -0.4])
    w_copy, dw_copy = w.copy(), dw.copy()
    w_new, b_new = N.step(w, 0.2, dw, 0.1, 0.1)
    np.testing.assert_allclose(w_new, [0.47, -0.96], rtol=1e-14)
    assert b_new == pytest.approx(0.19, rel=1e-14)
    np.testing.assert_array_equal(w, w_copy)
    np.testing.assert_array_equal(dw, dw_copy)


def test_train_decreases_the_cost_and_reaches_scipys_minimum():
    best = minimize(lambda p: N.cost(X, Y, p[:2], p[2]), np.zeros(3), method="BFGS", options={"gtol": 1e-10})
    traj = N.train(X, Y, W0, B0, eta=2.0, steps=400)  # η = 2 < 2/L ≈ 4.44: monotone
    assert traj.w.shape == (401, 2) and traj.b.shape == (401,) and traj.cost.shape == (401,)
    assert np.all(np.diff(traj.cost[:200]) < 0)  # then it is flat to round-off
    assert traj.cost[-1] - best.fun < 1e-10
    np.testing.assert_allclose(traj.w[-1], best.x[:2], atol=1e-4)
    assert N.accuracy(X, Y, traj.w[-1], traj.b[-1]) == pytest.approx(N.accuracy(X, Y, best.x[:2], best.x[2]))


def test_train_matches_mlp_fit():
    traj = N.train(X, Y, W0, B0, eta=0.5, steps=30)
    net = single_neuron_net(W0, B0)
    history = net.fit(X, Y, "bce", eta=0.5, epochs=30)
    np.testing.assert_allclose(traj.cost[:-1], history, rtol=1e-12)
    np.testing.assert_allclose(traj.w[-1], net.weights[0][:, 0], rtol=1e-10)


def test_train_keeps_its_inputs_and_records_the_cost_before_each_step():
    Xc, Yc, wc = X.copy(), Y.copy(), W0.copy()
    traj = N.train(X, Y, W0, B0, eta=1.0, steps=3)
    np.testing.assert_array_equal(X, Xc)
    np.testing.assert_array_equal(Y, Yc)
    np.testing.assert_array_equal(W0, wc)
    for k in range(4):  # row k holds the parameters after k steps and the cost there
        assert traj.cost[k] == N.cost(X, Y, traj.w[k], traj.b[k])
    dw, db = N.gradients(X, Y, N.forward(X, W0, B0))
    np.testing.assert_allclose(traj.w[1], W0 - dw, rtol=1e-14)
    assert traj.b[1] == pytest.approx(B0 - db, rel=1e-14)


def test_accuracy_counts_a_at_one_half_as_class_one():
    Xh = np.array([[0.0, 0.0], [1.0, 0.0]])
    assert N.accuracy(Xh, np.array([1.0, 1.0]), np.array([1.0, 0.0]), 0.0) == 1.0  # z = 0 → a = 0.5 → 1


# ---------------------------------------------------------------- grids
def test_probability_grid_orientation():
    P = N.probability_grid(np.array([1.0, 0.0]), 0.0, lim=2.0, n=5)  # a grows with x₁ (the columns)
    assert P.shape == (5, 5)
    assert np.all(np.diff(P, axis=1) > 0) and np.all(np.diff(P, axis=0) == 0)
    assert P[0, 0] == pytest.approx(N.forward(np.array([[-2.0, -2.0]]), [1.0, 0.0], 0.0)[0])


def test_cost_grid_orientation_and_values():
    G = N.cost_grid(X, Y, 0.3, lim=4.0, n=9)  # axis values −4, −3, …, 4
    assert G.shape == (9, 9)
    for i, j in [(0, 0), (2, 7), (8, 3), (4, 4)]:
        w1, w2 = -4.0 + j, -4.0 + i  # row i ↔ w₂, column j ↔ w₁
        assert G[i, j] == pytest.approx(N.cost(X, Y, np.array([w1, w2]), 0.3), rel=1e-12)


@pytest.mark.parametrize(
    ("w", "b"), [((1.0, 2.0), 0.5), ((3.0, -0.5), -1.0), ((0.0, 1.0), 0.2), ((2.0, 0.0), 1.0)]
)
def test_boundary_segment_lies_on_the_line(w, b):
    x1, x2 = N.boundary_segment(np.array(w), b, lim=3.0)
    assert x1.shape == x2.shape == (2,)
    np.testing.assert_allclose(w[0] * x1 + w[1] * x2 + b, 0.0, atol=1e-12)


def test_boundary_segment_is_empty_without_weights():
    x1, x2 = N.boundary_segment(np.zeros(2), 1.0)
    assert x1.size == 0 and x2.size == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: N.forward(np.ones(4), W0, B0), "shape \\(m, n_in\\)"),
        (lambda: N.forward(X, np.ones(3), B0), "w must have shape"),
        (lambda: N.gradients(X, Y[:10], N.forward(X, W0, B0)), "y must have shape"),
        (lambda: N.gradients(X, Y, np.ones(3)), "a must have shape"),
        (lambda: N.step(W0, B0, np.ones(3), 0.0, 0.1), "dw must have the shape"),
        (lambda: N.cost_grid(np.ones((4, 3)), np.ones(4), 0.0), "two inputs"),
    ],
)
def test_bad_shapes_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
