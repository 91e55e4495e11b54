"""08 — the deep-stack helpers and per-layer statistics (``course_lib.topics.initialization``)."""

import math

import numpy as np
import pytest

from course_lib import activations, initializers
from course_lib.topics import initialization as I


# ---------------------------------------------------------------- initializer labels
def test_standard_init_has_limit_one_over_sqrt_fan_in():
    name, params = I.init_spec("standard U[±1/√n]", 64)
    assert name == "uniform" and params == {"limit": 1 / 8}
    assert initializers.get(name).variance(64, 64, **params) == pytest.approx(1 / (3 * 64))


def test_library_names_pass_through_init_spec():
    assert I.init_spec("he_uniform", 10) == ("he_uniform", {})


@pytest.mark.parametrize(
    ("label", "variance"),
    [
        ("N(0, 0.01²)", 1e-4),
        ("N(0, 1)", 1.0),
        ("standard U[±1/√n]", 1 / 192),
        ("Glorot uniform", 1 / 64),
        ("Glorot normal", 1 / 64),
        ("He normal", 2 / 64),
        ("He uniform", 2 / 64),
        ("LeCun normal", 1 / 64),
        ("LeCun uniform", 1 / 64),
    ],
)
def test_every_label_gives_its_variance(label, variance):
    assert set(I.INITIALIZERS) >= {label}
    net = I.deep_stack(3, "tanh", label, rng=np.random.default_rng(1), width=64)
    W = np.concatenate([W.ravel() for W in net.weights])
    assert W.var() == pytest.approx(variance, rel=0.05)


# ---------------------------------------------------------------- deep_stack
@pytest.mark.parametrize("depth", [1, 4])
def test_deep_stack_is_square_with_the_activation_everywhere(depth):
    net = I.deep_stack(depth, "selu", rng=np.random.default_rng(0), width=8)
    assert net.sizes == [8] * (depth + 1)
    assert net.hidden.name == "selu" and net.output == "selu"
    X = np.random.default_rng(1).standard_normal((5, 8))
    trace = net.forward_pass(X)
    selu = activations.get("selu")
    for Z, A in zip(trace.zs, trace.activations):
        np.testing.assert_allclose(A, selu(Z))


def test_deep_stack_rejects_depth_0():
    with pytest.raises(ValueError, match="depth"):
        I.deep_stack(0, rng=np.random.default_rng(0))


def test_stacks_built_in_pieces_equal_one_stack():
    """What the explorer relies on: layers drawn in order from one generator."""
    whole = I.deep_stack(6, "tanh", "He normal", rng=np.random.default_rng(5), width=8)
    gen = np.random.default_rng(5)
    first = I.deep_stack(2, "tanh", "He normal", rng=gen, width=8)
    rest = I.deep_stack(4, "tanh", "He normal", rng=gen, width=8)
    for W, V in zip(whole.weights, first.weights + rest.weights):
        np.testing.assert_array_equal(W, V)


# ---------------------------------------------------------------- measurements
def test_per_layer_ratio_is_the_geometric_mean_factor():
    values = 5.0 * 0.5 ** np.arange(10)
    assert I.per_layer_ratio(values) == pytest.approx(0.5)
    assert I.per_layer_ratio(values[::-1]) == pytest.approx(2.0)
    with pytest.raises(ValueError):
        I.per_layer_ratio([1.0])


def test_gaussian_mean_of_known_moments():
    relu, selu = activations.get("relu"), activations.get("selu")
    assert I.gaussian_mean(lambda z: z**2) == pytest.approx(1.0, abs=1e-10)
    assert I.gaussian_mean(lambda z: relu(z) ** 2) == pytest.approx(0.5, abs=1e-10)
    assert I.gaussian_mean(relu) == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1e-9)
    assert I.gaussian_mean(selu) == pytest.approx(0.0, abs=1e-8)
    assert I.gaussian_mean(lambda z: selu(z) ** 2) == pytest.approx(1.0, abs=1e-8)
    inside = I.gaussian_mean(np.ones_like, -2, 2)
    assert inside == pytest.approx(math.erf(2 / math.sqrt(2)), abs=1e-10)
    with pytest.raises(ValueError):
        I.gaussian_mean(np.ones_like, 1.0, 1.0)


def test_signal_spread_shapes_and_a_linear_glorot_stack():
    X = np.random.default_rng(0).standard_normal((64, 64))
    net = I.deep_stack(10, "linear", "Glorot uniform", rng=np.random.default_rng(1), width=64)
    z_std, delta_std = I.signal_spread(net, X, np.random.default_rng(2))
    assert z_std.shape == delta_std.shape == (10,)
    np.testing.assert_allclose(z_std, [Z.std() for Z in net.forward_pass(X).zs])
    assert 0.5 < z_std[-1] / z_std[0] < 2 and 0.5 < delta_std[0] / delta_std[-1] < 2


def test_signal_spread_is_deterministic_and_leaves_the_net_alone():
    X = np.random.default_rng(0).standard_normal((16, 8))
    net = I.deep_stack(3, "relu", "He normal", rng=np.random.default_rng(1), width=8)
    before = [W.copy() for W in net.weights]
    one = I.signal_spread(net, X, np.random.default_rng(3))
    two = I.signal_spread(net, X, np.random.default_rng(3))
    np.testing.assert_array_equal(one[1], two[1])
    for W0, W in zip(before, net.weights):
        np.testing.assert_array_equal(W0, W)


@pytest.mark.parametrize(
    ("activation", "init"),
    [
        ("tanh", "glorot_uniform"),
        ("sigmoid", "glorot_uniform"),
        ("relu", "he_normal"),
        ("gelu", "he_normal"),
        ("selu", "lecun_normal"),
        ("linear", "glorot_uniform"),
    ],
)
def test_recommended_initializer(activation, init):
    assert I.recommended_initializer(activation) == init


# ---------------------------------------------------------------- histograms
def test_histogram_outline_is_a_closed_step_line_scaled_to_its_peak():
    values = np.random.default_rng(0).standard_normal(1000)
    x, y = I.histogram_outline(values, I.EDGES, height=0.85)
    n_bins = I.EDGES.size - 1
    assert x.shape == y.shape == (2 * n_bins + 2,)
    assert y[0] == y[-1] == 0.0 and y.max() == pytest.approx(0.85)
    np.testing.assert_array_equal(x[::2], I.EDGES)


def test_histogram_outline_counts_far_values_in_the_outer_bins():
    _, y = I.histogram_outline(np.array([-1e9, -1e9, 1e9, 0.05]), I.EDGES)
    assert y[1] == pytest.approx(1.0)  # two values in the first bin: the peak
    assert y[-2] == pytest.approx(0.5)  # one value in the last bin
    _, y0 = I.histogram_outline(np.zeros(10), I.EDGES)
    assert np.all(np.isfinite(y0)) and y0.max() == 1.0


def test_shown_layers_spread_over_the_depth():
    assert list(I.shown_layers(50, 8)) == sorted(set(I.shown_layers(50, 8)))
    assert (
        I.shown_layers(50, 8)[0] == 1 and I.shown_layers(50, 8)[-1] == 50 and I.shown_layers(50, 8).size == 8
    )
    assert list(I.shown_layers(3, 8)) == [1, 2, 3]


# ---------------------------------------------------------------- signal_profile
def test_signal_profile_is_the_std_of_each_layers_activations():
    net = I.deep_stack(6, "relu", "He normal", rng=np.random.default_rng(4), width=16)
    X = np.random.default_rng(5).standard_normal((40, 16))
    weights, X_before = [W.copy() for W in net.weights], X.copy()
    profile = I.signal_profile(X, net.weights, activations.get("relu"))
    expected = [A.std() for A in net.forward_pass(X).activations]  # zero biases: the same stack
    np.testing.assert_allclose(profile, expected, rtol=1e-12)
    np.testing.assert_allclose(I.signal_profile(X, net.weights, "relu"), profile, rtol=0)
    assert all(np.array_equal(a, b) for a, b in zip(net.weights, weights)) and np.array_equal(X, X_before)
    with pytest.raises(TypeError, match="activation"):
        I.signal_profile(X, net.weights, 3.0)
