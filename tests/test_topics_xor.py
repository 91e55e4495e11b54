"""03 — the XOR topic: Boolean names, linear separability, the slides' network, the geometry of
the input square, and the batched trainer (against nn.MLP)."""

import numpy as np
import pytest

from course_lib import activations, datasets, nn
from course_lib.topics import xor as tx

X, Y = datasets.xor()


# ---------------------------------------------------------------- Boolean functions
def test_boolean_names_cover_the_16_functions_once():
    assert len(tx.BOOLEAN_NAMES) == 16 and len(set(tx.BOOLEAN_NAMES.values())) == 16
    assert tx.boolean_name((0, 1, 1, 0)) == "XOR"
    assert tx.boolean_name([1, 1, 1, 0]) == "NAND"
    with pytest.raises(ValueError, match="four 0/1 values"):
        tx.boolean_name((0, 1, 2, 0))


def test_truth_table_rounds_at_the_threshold():
    assert tx.truth_table([0.2, 0.5, 0.9, 0.49]) == (0, 1, 1, 0)
    assert tx.truth_table([-0.3, 0.1, 0.0, -1.0], threshold=0.0) == (0, 1, 1, 0)


# ---------------------------------------------------------------- linear separability
def test_exactly_xor_and_xnor_are_not_linearly_separable():
    labelings = tx.linear_labelings(X)
    assert len(labelings) == 16
    assert [lab for lab, ok in labelings if not ok] == [(0, 1, 1, 0), (1, 0, 0, 1)]


def test_separability_in_one_and_three_dimensions():
    line = np.array([[0.0], [1.0], [2.0]])
    assert tx.is_linearly_separable(line, [0, 0, 1])
    assert not tx.is_linearly_separable(line, [0, 1, 0])
    cube = np.array([[0, 0, 0], [1, 1, 1], [1, 0, 0], [0, 1, 1]], dtype=float)
    assert tx.is_linearly_separable(cube, [0, 1, 0, 1])
    assert not tx.is_linearly_separable(np.array([[0.0, 0.0], [0.0, 0.0]]), [0, 1])  # same point, two labels


def test_best_linear_accuracy():
    assert tx.best_linear_accuracy(X, Y) == 0.75
    assert tx.best_linear_accuracy(X, [0, 0, 0, 1]) == 1.0  # AND


def test_separability_rejects_bad_shapes():
    with pytest.raises(ValueError, match="labels shape"):
        tx.is_linearly_separable(X, [0, 1, 1])


# ---------------------------------------------------------------- the slides' network
def test_slide_weights_reproduce_the_errata_table():
    W1, b1, W2, b2 = tx.slide_weights()
    assert W1.shape == (2, 2) and b1.shape == (2,) and W2.shape == (2, 1) and b2.shape == (1,)
    trace = tx.mlp_from_weights(W1, b1, W2, b2).forward_pass(X)
    H, a = trace.activations[0], trace.output[:, 0]
    assert np.allclose(H[:, 0], [4.53979e-05, 0.999955, 0.999955, 1.0], rtol=1e-5)
    assert np.allclose(H[:, 1], [1.0, 0.999955, 0.999955, 4.53979e-05], rtol=1e-5)
    assert np.allclose(a, [4.54391e-05, 0.999955, 0.999955, 4.54391e-05], rtol=1e-5)
    assert np.isclose(1 - H[0, 1], 9.4e-14, rtol=0.01)


def test_slide_weights_are_fresh_copies():
    W1, *_ = tx.slide_weights()
    W1[:] = 0
    assert tx.slide_weights()[0][0, 0] == 20


def test_mlp_from_weights_copies_and_matches_the_formula():
    rng = np.random.default_rng(1)
    W1, b1, W2, b2 = rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=(4, 1)), rng.normal(size=1)
    net = tx.mlp_from_weights(W1, b1, W2, b2, hidden="tanh")
    Xr = rng.normal(size=(5, 3))
    sigma = 1 / (1 + np.exp(-(np.tanh(Xr @ W1 + b1) @ W2 + b2)))
    assert np.allclose(net.forward(Xr), sigma)
    net.weights[0][0, 0] += 1.0
    assert not np.shares_memory(net.weights[0], W1)
    with pytest.raises(ValueError, match="W2"):
        tx.mlp_from_weights(W1, b1, rng.normal(size=(3, 1)), b2)


# ---------------------------------------------------------------- geometry
@pytest.mark.parametrize(
    ("w", "b"), [((1.0, 1.0), -0.5), ((20.0, -3.0), 2.0), ((0.0, 2.0), -1.0), ((3.0, 0.0), -1.5)]
)
def test_boundary_segment_lies_on_the_line(w, b):
    xs, ys = tx.boundary_segment(w, b)
    assert xs.shape == ys.shape == (2,)
    assert np.allclose(w[0] * xs + w[1] * ys + b, 0.0)
    assert tx.LIM[0] in np.concatenate([xs, ys]) or tx.LIM[1] in np.concatenate([xs, ys])


def test_boundary_segment_is_empty_without_weights():
    xs, ys = tx.boundary_segment((0.0, 0.0), 1.0)
    assert xs.size == ys.size == 0


def test_input_grid_covers_the_square():
    G, extent = tx.input_grid(11)
    assert G.shape == (121, 2) and extent == [tx.LIM[0], tx.LIM[1], tx.LIM[0], tx.LIM[1]]
    assert np.allclose(G[0], [tx.LIM[0]] * 2) and np.allclose(G[-1], [tx.LIM[1]] * 2)
    assert np.allclose(G[1] - G[0], [0.15, 0.0])  # x1 varies along a row of the image


def test_label_offsets_stack_labels_of_coinciding_points():
    P = np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 1.0], [1.0, 0.0]])
    offsets = tx.label_offsets(P, (-0.1, 1.1))
    assert offsets[1][1] != offsets[2][1]  # the two labels at (1, 1) do not overlap
    assert offsets[1][2] == "right" and offsets[0][2] == "left"


def test_unit_and_network_on_the_grid_match_the_formula():
    G, extent = tx.input_grid(7)
    a, ext = tx.unit_on_grid([1.0, -2.0], 0.5, activation="tanh", n=7)
    assert a.shape == (7, 7) and ext == extent
    assert np.allclose(a.ravel(), np.tanh(G @ [1.0, -2.0] + 0.5))
    assert np.allclose(a[:, 0], np.tanh(-2.0 * np.linspace(*tx.LIM, 7) + 1.0 * tx.LIM[0] + 0.5))  # row = x2
    net = tx.mlp_from_weights(*tx.slide_weights())
    out, ext = tx.network_on_grid(net, n=7)
    assert out.shape == (7, 7) and ext == extent
    assert np.allclose(out.ravel(), net.forward(G)[:, 0])
    sigmoid = activations.get("sigmoid")
    assert np.allclose(tx.unit_on_grid([3.0, 1.0], -1.0, n=7)[0].ravel(), sigmoid(G @ [3.0, 1.0] - 1.0))


# ---------------------------------------------------------------- batched training against nn.MLP
@pytest.mark.parametrize("hidden", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("width", [1, 2, 4])
def test_train_many_equals_mlp_fit(hidden, width):
    seeds = [0, 4, 11]
    runs = tx.train_many(width, hidden, seeds, eta=0.7, epochs=300)
    assert runs.W1.shape == (3, 2, width) and runs.W2.shape == (3, width, 1) and runs.output.shape == (3, 4)
    for i, seed in enumerate(seeds):
        net = nn.MLP(
            [2, width, 1],
            hidden=hidden,
            output="sigmoid",
            init="glorot_uniform",
            rng=np.random.default_rng(seed),
        )
        history = net.fit(X, Y, loss="bce", eta=0.7, epochs=300)
        mine = runs.net(i)
        for p, q in zip(net.weights + net.biases, mine.weights + mine.biases):
            assert np.allclose(p, q, rtol=0, atol=1e-10)
        assert np.isclose(runs.loss[i], net.loss(X, Y), rtol=0, atol=1e-12)
        assert np.allclose(runs.output[i], net.forward(X)[:, 0], rtol=0, atol=1e-12)
        assert runs.loss[i] <= history[0]


@pytest.mark.parametrize("hidden", ["tanh", "relu"])
def test_one_step_of_train_many_is_minus_eta_times_the_mlp_gradients(hidden):
    eta = 0.5
    runs = tx.train_many(3, hidden, [2], eta=eta, epochs=1)
    net = nn.MLP(
        [2, 3, 1], hidden=hidden, output="sigmoid", init="glorot_uniform", rng=np.random.default_rng(2)
    )
    (dW1, db1), (dW2, db2) = net.gradients(X, Y, loss="bce")
    assert np.allclose(runs.W1[0], net.weights[0] - eta * dW1, atol=1e-14)
    assert np.allclose(runs.b1[0], net.biases[0] - eta * db1, atol=1e-14)
    assert np.allclose(runs.W2[0], net.weights[1] - eta * dW2, atol=1e-14)
    assert np.allclose(runs.b2[0], net.biases[1] - eta * db2, atol=1e-14)


def test_train_more_is_the_same_as_training_longer():
    a = tx.train_many(2, "tanh", range(5), epochs=300).train_more(200)
    b = tx.train_many(2, "tanh", range(5), epochs=500)
    assert a.epochs == b.epochs == 500
    assert np.allclose(a.W1, b.W1, atol=1e-12) and np.allclose(a.loss, b.loss, atol=1e-12)


def test_train_many_on_other_data():
    Xa = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.5], [1.0, 1.0, 0.0], [0.5, 0.5, 2.0]])
    ya = np.array([0, 0, 0, 1, 1])
    runs = tx.train_many(3, "tanh", [5], eta=0.5, epochs=200, X=Xa, y=ya)
    net = nn.MLP(
        [3, 3, 1], hidden="tanh", output="sigmoid", init="glorot_uniform", rng=np.random.default_rng(5)
    )
    net.fit(Xa, ya, loss="bce", eta=0.5, epochs=200)
    assert runs.output.shape == (1, 5)
    assert np.allclose(runs.output[0], net.forward(Xa)[:, 0], atol=1e-12)


def test_train_many_rejects_bad_input():
    with pytest.raises(ValueError, match="seeds is empty"):
        tx.train_many(2, "tanh", [])
    with pytest.raises(ValueError, match="y shape"):
        tx.train_many(2, "tanh", [0], X=X, y=[0, 1, 1])
    with pytest.raises(ValueError):
        tx.train_many(0, "tanh", [0])


def test_two_hidden_units_fail_more_often_than_four():
    """The notebook's experiment (100 seeds, η = 1, 1000 epochs), with its failure modes."""
    rates = {}
    for hidden in ("tanh", "relu"):
        for width in (2, 4):
            runs = tx.train_many(width, hidden, range(100), eta=1.0, epochs=1000)
            rates[hidden, width] = runs.success_rate
            failed = ~runs.solved
            plateaus = np.array([np.log(2) / 2, 3 / 4 * 0.6365141682948128, np.log(2)])
            if failed.any():  # every failure sits on a plateau of merged inputs
                assert np.abs(runs.loss[failed][:, None] - plateaus).min(axis=1).max() < 0.005
            assert runs.loss[runs.solved].max() < 0.05
    assert rates["tanh", 2] < rates["tanh", 4] and rates["relu", 2] < rates["relu", 4]
    assert abs(rates["tanh", 2] - 0.57) <= 0.03 and abs(rates["relu", 2] - 0.17) <= 0.03


def test_failed_relu_runs_stay_failed():
    runs = tx.train_many(2, "relu", range(40), eta=1.0, epochs=1000)
    assert (~runs.solved).sum() > 20
    assert np.array_equal(runs.train_more(2000).solved, runs.solved)
