"""10 — the choosing topic: the data sets, the input grid, the settings, and the batched trainer
``train_together`` (against ``nn.MLP.fit``)."""

import numpy as np
import pytest

from course_lib import nn
from course_lib.topics import choosing as C


# ---------------------------------------------------------------- data sets and the grid
def test_make_datasets_are_centred_and_inside_the_extent():
    data = C.make_datasets(200, np.random.default_rng(0))
    assert tuple(data) == C.DATASETS
    for X, y in data.values():
        assert X.shape == (200, 2) and y.shape == (200,) and set(np.unique(y)) == {0, 1}
        assert np.all(np.abs(X) < C.EXTENT[1]) and np.all(np.abs(X.mean(axis=0)) < 0.15)


def test_input_grid_covers_the_extent_row_by_row():
    G = C.input_grid(5)
    assert G.shape == (25, 2)
    assert np.allclose(G[0], [C.EXTENT[0], C.EXTENT[2]]) and np.allclose(G[-1], [C.EXTENT[1], C.EXTENT[3]])
    assert np.allclose(G[1, 1], G[0, 1])  # x1 varies fastest, so row i of a frame is one value of x2


def test_every_compared_activation_has_an_initializer_and_a_colour():
    assert set(C.ACTIVATIONS) <= set(C.INIT_FOR) and set(C.ACTIVATIONS) <= set(C.COLORS)
    assert C.INIT_FOR["relu"] == "he_normal" and C.INIT_FOR["tanh"] == "glorot_uniform"


# ---------------------------------------------------------------- train_together
def _nets(name, seeds, sizes=(2, 8, 8, 1)):
    return [
        nn.MLP(
            list(sizes), hidden=name, output="sigmoid", init=C.INIT_FOR[name], rng=np.random.default_rng(s)
        )
        for s in seeds
    ]


@pytest.mark.parametrize("name", C.ACTIVATIONS)
def test_train_together_computes_what_fit_computes(name):
    data = C.make_datasets(60, np.random.default_rng(1))
    pairs = [data["xor"], data["circles"], data["spirals"]]
    nets = _nets(name, (0, 1, 2))
    twins = [net.copy() for net in nets]
    records = C.train_together(nets, pairs, eta=0.5, epochs=25)
    for net, twin, (X, y), record in zip(nets, twins, pairs, records):
        costs = twin.fit(X, y, "bce", 0.5, 25)
        assert np.allclose(record.costs, costs, rtol=1e-10, atol=1e-12)
        for mine, theirs in zip([*net.weights, *net.biases], [*twin.weights, *twin.biases]):
            assert mine.shape == theirs.shape and np.allclose(mine, theirs, rtol=1e-10, atol=1e-12)


def test_frames_show_the_output_on_the_grid_every_few_steps():
    X, y = C.make_datasets(40, np.random.default_rng(2))["circles"]
    (net,) = _nets("relu", (0,))
    before = net.copy()
    grid = C.input_grid(7)
    (record,) = C.train_together([net], [(X, y)], eta=0.5, epochs=10, every=4, grid=grid)
    assert list(record.frame_epochs) == [0, 4, 8, 10] and record.frames.shape == (4, 7, 7)
    assert np.allclose(record.frames[0], before.forward(grid)[:, 0].reshape(7, 7))
    assert np.allclose(record.frames[-1], net.forward(grid)[:, 0].reshape(7, 7))
    assert record.frame_accuracy[-1] == net.accuracy(X, y) and record.seconds >= 0
    (plain,) = C.train_together([before], [(X, y)], eta=0.5, epochs=10)
    assert plain.frames.size == 0 and np.allclose(plain.costs, record.costs)


def test_train_together_refuses_networks_it_cannot_stack():
    X, y = C.make_datasets(20, np.random.default_rng(3))["xor"]
    relu, tanh = _nets("relu", (0,))[0], _nets("tanh", (0,))[0]
    with pytest.raises(ValueError, match="same sizes and hidden activation"):
        C.train_together([relu, tanh], [(X, y), (X, y)], eta=0.1, epochs=1)
    softmax_net = nn.MLP([2, 4, 2], output="softmax", rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="sigmoid"):
        C.train_together([softmax_net], [(X, y)], eta=0.1, epochs=1)
    with pytest.raises(ValueError, match="one \\(X, y\\) per network"):
        C.train_together([relu], [], eta=0.1, epochs=1)
    with pytest.raises(ValueError, match="same shape"):
        C.train_together([relu, relu.copy()], [(X, y), (X[:10], y[:10])], eta=0.1, epochs=1)
    with pytest.raises(ValueError, match="n×n"):
        C.train_together([relu], [(X, y)], eta=0.1, epochs=1, grid=np.zeros((5, 2)))


@pytest.mark.parametrize("name", C.ACTIVATIONS)
def test_train_together_matches_fit_at_the_notebooks_settings(name):
    # notebook 10's network, step size and data: η = 1.5 is close to the largest step these runs
    # tolerate, so this is where a different order of additions would show first
    X, y = C.make_datasets(200, np.random.default_rng(0))["spirals"]
    (net,) = _nets(name, (0,), sizes=(2, 16, 16, 1))
    twin = net.copy()
    costs = twin.fit(X, y, "bce", 1.5, 30)
    (record,) = C.train_together([net], [(X, y)], eta=1.5, epochs=30)
    assert np.abs(record.costs - costs).max() < 1e-12
    for mine, theirs in zip([*net.weights, *net.biases], [*twin.weights, *twin.biases]):
        assert np.abs(mine - theirs).max() < 1e-12


def test_the_classmates_gradients_have_exactly_the_one_planted_bug():
    """W2 and b2 are right; W1 and b1 are divided by m once more (notebook 10's debug exercise)."""
    from course_lib.topics.choosing import buggy_relu_net_gradients, relu_net_gradients

    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(20, 2)), (rng.random(20) > 0.5).astype(float)
    params = {
        "W1": rng.normal(size=(2, 16)),
        "b1": rng.normal(size=16),
        "W2": rng.normal(size=(16, 1)),
        "b2": np.zeros(1),
    }
    right, buggy = relu_net_gradients(params, X, y), buggy_relu_net_gradients(params, X, y)
    for name in ("W2", "b2"):
        np.testing.assert_allclose(buggy[name], right[name], rtol=1e-12, atol=0)
    for name in ("W1", "b1"):
        np.testing.assert_allclose(buggy[name] * 20, right[name], rtol=1e-12, atol=1e-15)
