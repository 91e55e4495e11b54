"""course_lib.topics.backprop: the two-path network, the two-layer net with its planted bug, choosing h."""

import numpy as np
import pytest

from course_lib import nn
from course_lib.gradcheck import numerical_gradient, relative_error
from course_lib.topics import backprop as bp

WEIGHTS = ["w1", "w2", "w3", "w4", "w5"]


def two_path_settings():
    rng = np.random.default_rng(1)
    yield dict(bp.TWO_PATH_DEFAULTS)
    for _ in range(5):
        yield {"x": rng.uniform(-2, 2), **dict(zip(WEIGHTS, rng.uniform(-3, 3, 5))), "y": rng.uniform(0, 1)}


@pytest.mark.parametrize("p", list(two_path_settings()))
def test_two_path_gradients_match_central_differences_and_the_mlp(p):
    v = bp.two_path_network(**p)
    args = np.array([p["x"], *(p[w] for w in WEIGHTS)])
    numeric = numerical_gradient(lambda a: bp.two_path_network(*a, y=p["y"])["e"], args)
    analytic = np.array([v["de_dx"], *(v["de_d" + w] for w in WEIGHTS)])
    assert np.all(relative_error(analytic, numeric) < 1e-6) or np.allclose(analytic, numeric, atol=1e-10)
    assert np.isclose(v["path_h2"] + v["path_h3"], v["de_dw1"], rtol=1e-12, atol=1e-15)

    net = nn.MLP([1, 1, 2, 1], hidden="sigmoid", output="sigmoid", init="zeros")
    net.weights = [np.array([[p["w1"]]]), np.array([[p["w2"], p["w3"]]]), np.array([[p["w4"]], [p["w5"]]])]
    grads = net.gradients(np.array([[p["x"]]]), np.array([[p["y"]]]), loss="mse")
    flat = np.concatenate([dW.ravel() for dW, _ in grads])
    assert np.allclose(flat, analytic[1:], rtol=1e-10, atol=1e-15)
    assert np.isclose(net.loss(np.array([[p["x"]]]), np.array([[p["y"]]]), "mse"), v["e"])


def test_two_path_defaults_have_paths_of_opposite_sign():
    """The notebook's point: one path alone is not the gradient (here it is not even close)."""
    v = bp.two_path_network(**bp.TWO_PATH_DEFAULTS)
    assert v["path_h2"] > 0 > v["path_h3"]
    assert relative_error(v["path_h2"], v["de_dw1"]) > 0.2


def test_two_path_network_rejects_bad_input():
    with pytest.raises(TypeError):
        bp.two_path_network("a", 1, 1, 1, 1, 1)
    with pytest.raises(ValueError):
        bp.two_path_network(np.nan, 1, 1, 1, 1, 1)


@pytest.mark.parametrize("size", [(6, 3, 4), (1, 2, 1), (9, 4, 5)])
def test_two_layer_backward_matches_mlp_and_central_differences(size):
    m, n_in, n_hidden = size
    params, X, y = bp.two_layer_problem(np.random.default_rng(m), m=m, n_in=n_in, n_hidden=n_hidden)
    grads = bp.two_layer_backward(params, X, y)
    net = nn.MLP([n_in, n_hidden, 1], hidden="tanh", output="sigmoid", init="zeros")
    net.weights, net.biases = [params["W1"], params["W2"]], [params["b1"], params["b2"]]
    (dW1, db1), (dW2, db2) = net.gradients(X, y, "bce")
    for key, lib in zip(bp.PARAM_NAMES, (dW1, db1, dW2, db2)):
        assert grads[key].shape == params[key].shape
        assert np.allclose(grads[key], lib, rtol=1e-10, atol=1e-14)
    assert np.isclose(bp.two_layer_loss(params, X, y), net.loss(X, y, "bce"))
    report = bp.gradient_check_report(bp.two_layer_loss, bp.two_layer_backward, params, X, y)
    assert max(report.values()) < 1e-6


def test_buggy_backward_is_wrong_exactly_in_layer_one():
    params, X, y = bp.two_layer_problem(np.random.default_rng(0))
    good = bp.two_layer_backward(params, X, y)
    bad = bp.buggy_two_layer_backward(params, X, y)
    assert np.allclose(bad["W2"], good["W2"]) and np.allclose(bad["b2"], good["b2"])
    assert not np.allclose(bad["W1"], good["W1"]) and not np.allclose(bad["b1"], good["b1"])
    report = bp.gradient_check_report(bp.two_layer_loss, bp.buggy_two_layer_backward, params, X, y)
    assert report["W1"] > 1e-2 and report["b1"] > 1e-2 and report["W2"] < 1e-8 and report["b2"] < 1e-8


def test_gradient_check_report_leaves_params_alone():
    params, X, y = bp.two_layer_problem(np.random.default_rng(3))
    before = {k: v.copy() for k, v in params.items()}
    bp.gradient_check_report(bp.two_layer_loss, bp.two_layer_backward, params, X, y)
    assert all(np.array_equal(before[k], params[k]) for k in params)


def test_two_layer_problem_needs_a_generator():
    with pytest.raises(TypeError, match="Generator"):
        bp.two_layer_problem(0)


def test_finite_difference_errors_show_the_two_regimes():
    tanh = np.tanh
    x = np.linspace(-2, 2, 101)
    hs = np.logspace(-1, -12, 45)
    central, one_sided = bp.finite_difference_errors(tanh, x, 1 - np.tanh(x) ** 2, hs)
    assert central.shape == one_sided.shape == hs.shape
    assert 1e-6 <= hs[central.argmin()] <= 3e-5 and 1e-9 <= hs[one_sided.argmin()] <= 1e-7
    big = (hs >= 1e-4) & (hs <= 1e-2)
    assert np.polyfit(np.log10(hs[big]), np.log10(central[big]), 1)[0] == pytest.approx(2, abs=0.05)
    assert np.polyfit(np.log10(hs[big]), np.log10(one_sided[big]), 1)[0] == pytest.approx(1, abs=0.05)


@pytest.mark.parametrize("p", list(two_path_settings()))
def test_central_dw1_agrees_with_the_backpropagated_gradient(p):
    assert np.isclose(bp.central_dw1(p), bp.two_path_network(**p)["de_dw1"], rtol=1e-6, atol=1e-10)
