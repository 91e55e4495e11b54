"""Bad input, one table: every row is (call, exception type, regex the message must match).

Each message must name the offending argument and say what was expected (the regexes check
both), in the manner of the DLS checkers: which input failed, what was expected, what came.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from course_lib import activations, gradcheck, initializers, losses, nn

act = activations.get
init = initializers.get
RNG = np.random.default_rng(0)
Z = np.ones((4, 3))
X3 = np.ones((3, 2))


def lists_all(names) -> str:
    """A regex matching a message that mentions every one of ``names`` as a whole word."""
    return "".join(rf"(?=.*(?<![\w]){re.escape(n)}(?![\w]))" for n in names)


def net(**kw) -> nn.MLP:
    """A small network [2, 3, 3] (tanh, softmax unless told otherwise)."""
    options = {"hidden": "tanh", "output": "softmax", "init": "glorot_uniform", "rng": RNG, **kw}
    return nn.MLP([2, 3, 3], **options)


def prelu_cache():
    return nn.prelu_forward(Z, 0.2)[1]


def maxout_cache():
    return nn.maxout_forward(np.ones((5, 3)), np.ones((2, 3, 4)), np.ones((2, 4)))[1]


CASES = [
    # -- unknown names: the message lists the valid ones
    (
        "unknown activation",
        lambda: act("relux"),
        ValueError,
        r"unknown activation 'relux'.*valid names" + lists_all(activations.names()),
    ),
    (
        "unknown initializer",
        lambda: init("xavier"),
        ValueError,
        r"unknown initializer 'xavier'.*valid names" + lists_all(initializers.names()),
    ),
    (
        "unknown loss",
        lambda: losses.get("hinge"),
        ValueError,
        r"unknown loss 'hinge'.*valid names" + lists_all(losses.names()),
    ),
    (
        "unknown hidden activation of an MLP",
        lambda: net(hidden="swishy"),
        ValueError,
        r"unknown activation 'swishy'" + lists_all(activations.names()),
    ),
    (
        "unknown output activation of an MLP",
        lambda: net(output="softmaxx"),
        ValueError,
        r"unknown activation 'softmaxx'.*valid names",
    ),
    (
        "unknown initializer of an MLP",
        lambda: net(init="xavier"),
        ValueError,
        r"unknown initializer 'xavier'" + lists_all(initializers.names()),
    ),
    (
        "unknown loss of an MLP",
        lambda: net().gradients(X3, [0, 1, 2], loss="hinge"),
        ValueError,
        r"unknown loss 'hinge'" + lists_all(losses.names()),
    ),
    ("activation name not a string", lambda: act(3), TypeError, r"activation name must be a string, got int"),
    ("loss name not a string", lambda: losses.get(None), TypeError, r"loss must be a name \(string\)"),
    # -- parameters out of range, unexpected, or not numbers
    (
        "leaky_relu alpha < 0",
        lambda: act("leaky_relu")(1.0, alpha=-0.1),
        ValueError,
        r"leaky_relu: alpha must satisfy alpha >= 0, got -0\.1",
    ),
    (
        "elu alpha = 0",
        lambda: act("elu").grad(1.0, alpha=0.0),
        ValueError,
        r"elu: alpha must satisfy alpha > 0, got 0",
    ),
    (
        "swish beta < 0",
        lambda: act("swish")(1.0, beta=-1.0),
        ValueError,
        r"swish: beta must satisfy beta >= 0, got -1",
    ),
    (
        "MLP hidden alpha < 0",
        lambda: net(hidden="leaky_relu", hidden_params={"alpha": -1}),
        ValueError,
        r"leaky_relu: alpha must satisfy alpha >= 0",
    ),
    (
        "alpha not a number",
        lambda: act("elu")(1.0, alpha="big"),
        TypeError,
        r"elu: alpha must be a real number, got str",
    ),
    (
        "alpha NaN",
        lambda: act("elu")(1.0, alpha=float("nan")),
        ValueError,
        r"elu: alpha must be finite, got nan",
    ),
    (
        "relu takes no alpha",
        lambda: act("relu")(1.0, alpha=0.1),
        TypeError,
        r"relu got unexpected parameter\(s\) \['alpha'\]; its parameters: none",
    ),
    (
        "selu's constants are fixed",
        lambda: act("selu")(1.0, alpha=2.0),
        TypeError,
        r"selu got unexpected parameter\(s\) \['alpha'\]",
    ),
    (
        "activation layer, unexpected parameter",
        lambda: nn.activation_forward(Z, "tanh", beta=1.0),
        TypeError,
        r"tanh got unexpected parameter\(s\) \['beta'\]",
    ),
    (
        "no such learnable parameter",
        lambda: act("prelu").grad_param(1.0, "beta"),
        ValueError,
        r"prelu has no learnable parameter 'beta'; learnable: \['alpha'\]",
    ),
    (
        "initializer sigma < 0",
        lambda: init("normal")(3, 2, RNG, sigma=-1.0),
        ValueError,
        r"normal: sigma must be >= 0, got -1",
    ),
    (
        "initializer, unexpected parameter",
        lambda: init("he_normal")(3, 2, RNG, gain=2.0),
        TypeError,
        r"he_normal got unexpected parameter\(s\) \['gain'\]; its parameters: none",
    ),
    # -- shapes
    (
        "dense: X columns ≠ W rows",
        lambda: nn.dense_forward(np.ones((3, 2)), np.ones((3, 4)), np.ones(4)),
        ValueError,
        r"X has 2 columns but W has 3 rows.*\(m, n_in\).*\(n_in, n_out\)",
    ),
    (
        "dense: b shape",
        lambda: nn.dense_forward(np.ones((3, 2)), np.ones((2, 4)), np.ones(3)),
        ValueError,
        r"b must have shape \(n_out,\) = \(4,\), got \(3,\)",
    ),
    (
        "dense: X not 2-D",
        lambda: nn.dense_forward(np.ones(3), np.ones((3, 2)), np.ones(2)),
        ValueError,
        r"X must have shape \(m, n_in\), got shape \(3,\)",
    ),
    (
        "dense backward: dZ shape",
        lambda: nn.dense_backward(np.ones((3, 5)), nn.dense_forward(X3, np.ones((2, 4)), np.ones(4))[1]),
        ValueError,
        r"dZ must have shape \(m, n_out\) = \(3, 4\), got \(3, 5\)",
    ),
    (
        "MLP.forward: X columns",
        lambda: net().forward(np.ones((3, 3))),
        ValueError,
        r"X must have shape \(m, n_in\) = \(m, 2\), got \(3, 3\)",
    ),
    (
        "MLP.gradients: y shape",
        lambda: net(output="sigmoid").gradients(X3, np.ones((4, 3)), loss="mse"),
        ValueError,
        r"y must have shape \(m, n_out\) = \(3, 3\), got \(4, 3\)",
    ),
    (
        "MLP.gradients: number of labels",
        lambda: net().gradients(X3, [0, 1], loss="ce"),
        ValueError,
        r"y must have one label per example \(3\), got 2",
    ),
    (
        "MLP: ce needs softmax",
        lambda: net(output="sigmoid").gradients(X3, [0, 1, 2], loss="ce"),
        ValueError,
        r"loss 'ce' needs output='softmax'",
    ),
    (
        "loss: a and y shapes",
        lambda: losses.mse(np.ones(3), np.ones(4)),
        ValueError,
        r"a and y must have the same shape, got \(3,\) and \(4,\)",
    ),
    (
        "cross-entropy: number of labels",
        lambda: losses.cross_entropy(np.full((3, 3), 1 / 3), [0, 1]),
        ValueError,
        r"y must be integer labels of shape \(3,\) or one-hot rows of shape \(3, 3\), got shape \(2,\)",
    ),
    (
        "cross-entropy: one label for three rows",
        lambda: losses.cross_entropy(np.full((3, 3), 1 / 3), [1]),
        ValueError,
        r"y must be integer labels of shape \(3,\)",
    ),
    (
        "cross-entropy: p not 2-D",
        lambda: losses.cross_entropy([0.5, 0.5], [1]),
        ValueError,
        r"p must have shape \(m, n_classes\), got \(2,\)",
    ),
    (
        "activation backward: dA shape",
        lambda: nn.activation_backward(np.ones(3), nn.activation_forward(Z, "relu")[1]),
        ValueError,
        r"dA must have the shape of Z \(4, 3\), got \(3,\)",
    ),
    (
        "prelu: alpha shape",
        lambda: nn.prelu_forward(Z, np.ones(2)),
        ValueError,
        r"alpha must be a scalar or have shape \(3,\), got \(2,\)",
    ),
    (
        "prelu backward: dA shape (would broadcast)",
        lambda: nn.prelu_backward(np.ones(3), prelu_cache()),
        ValueError,
        r"dA must have the shape of Z \(4, 3\)",
    ),
    (
        "prelu backward: dA shape",
        lambda: nn.prelu_backward(np.ones((2, 3)), prelu_cache()),
        ValueError,
        r"dA must have the shape of Z \(4, 3\)",
    ),
    (
        "maxout: W not 3-D",
        lambda: nn.maxout_forward(X3, np.ones((2, 3)), np.ones((2, 3))),
        ValueError,
        r"W must have shape \(k, n_in, n_out\)",
    ),
    (
        "maxout: b shape",
        lambda: nn.maxout_forward(np.ones((5, 3)), np.ones((2, 3, 4)), np.ones(4)),
        ValueError,
        r"b must have shape \(k, n_out\) = \(2, 4\), got \(4,\)",
    ),
    (
        "maxout backward: dout shape",
        lambda: nn.maxout_backward(np.ones((5, 3)), maxout_cache()),
        ValueError,
        r"dout must have .*shape.*\(5, 4\)",
    ),
    (
        "softmax VJP: dout shape",
        lambda: activations.softmax_vjp(Z, np.ones((4, 2))),
        ValueError,
        r"dout must have the shape of z \(4, 3\), got \(4, 2\)",
    ),
    (
        "softmax Jacobian of a batch",
        lambda: activations.softmax_jacobian(Z),
        ValueError,
        r"z must be one vector of logits \(1-D\), got shape \(4, 3\)",
    ),
    (
        "softmax of a scalar",
        lambda: activations.softmax(3.0),
        ValueError,
        r"z must have at least one axis of logits",
    ),
    (
        "relative_error shapes",
        lambda: gradcheck.relative_error([1.0, 2.0], [1.0]),
        ValueError,
        r"analytic and numeric must have the same shape, got \(2,\) and \(1,\)",
    ),
    (
        "check_gradients names",
        lambda: gradcheck.check_gradients({"W": 1.0}, {"b": 1.0}),
        ValueError,
        r"analytic and numeric must name the same parameters",
    ),
    ("MLP sizes not a list", lambda: nn.MLP(3, rng=RNG), ValueError, r"sizes must be a list of layer widths"),
    # -- not numbers
    (
        "string",
        lambda: act("sigmoid")("abc"),
        TypeError,
        r"z must be a real number or an array of real numbers, got str",
    ),
    (
        "None",
        lambda: act("tanh").grad(None),
        TypeError,
        r"z must be a real number or an array of real numbers, got NoneType",
    ),
    (
        "object array",
        lambda: act("relu")(np.array([1.0, "a"], dtype=object)),
        TypeError,
        r"z must contain real numbers, got dtype object",
    ),
    (
        "complex",
        lambda: act("sigmoid")(np.array([1 + 2j])),
        TypeError,
        r"z must contain real numbers, got complex numbers",
    ),
    (
        "ragged list",
        lambda: act("sigmoid")([[1.0, 2.0], [3.0]]),
        TypeError,
        r"z must be a real number or a rectangular array",
    ),
    (
        "strings as X",
        lambda: nn.dense_forward([["a"]], np.ones((1, 2)), np.ones(2)),
        TypeError,
        r"X must contain real numbers, got dtype <U1",
    ),
    (
        "None as X",
        lambda: net().forward(None),
        TypeError,
        r"X must be a real number or an array of real numbers",
    ),
    (
        "string as a",
        lambda: losses.mse("x", [1.0]),
        TypeError,
        r"a must be a real number or an array of real numbers",
    ),
    (
        "complex logits",
        lambda: activations.softmax([1j, 2.0]),
        TypeError,
        r"z must contain real numbers, got complex",
    ),
    (
        "complex gradient",
        lambda: gradcheck.relative_error([1j], [1.0]),
        TypeError,
        r"analytic must contain real numbers, got complex numbers",
    ),
    (
        "eta not a number",
        lambda: net().step(net().gradients(X3, [0, 1, 2], loss="ce"), eta="fast"),
        TypeError,
        r"eta must be a real number, got str",
    ),
    (
        "probabilities outside [0, 1]",
        lambda: losses.binary_cross_entropy([1.5], [1.0]),
        ValueError,
        r"a must hold probabilities in \[0, 1\]",
    ),
    (
        "targets outside [0, 1]",
        lambda: losses.binary_cross_entropy([0.5], [2.0]),
        ValueError,
        r"y must hold targets in \[0, 1\]",
    ),
    (
        "logits with NaN",
        lambda: activations.softmax([np.nan, 1.0]),
        ValueError,
        r"z \(logits\) must not contain NaN or \+inf",
    ),
    (
        "logits all -inf",
        lambda: activations.softmax_vjp([[-np.inf, -np.inf]], [[1.0, 2.0]]),
        ValueError,
        r"z \(logits\): every entry along the softmax axis is -inf",
    ),
    # -- empty arrays
    (
        "empty z",
        lambda: act("sigmoid")([]),
        ValueError,
        r"z is empty \(shape \(0,\)\); expected at least one value",
    ),
    ("empty logits", lambda: activations.softmax(np.empty((0, 3))), ValueError, r"z is empty"),
    ("empty a", lambda: losses.binary_cross_entropy([], []), ValueError, r"a is empty"),
    ("empty X", lambda: net().forward(np.empty((0, 2))), ValueError, r"X is empty \(shape \(0, 2\)\)"),
    (
        "empty X (dense)",
        lambda: nn.dense_forward(np.empty((0, 2)), np.ones((2, 1)), np.ones(1)),
        ValueError,
        r"X is empty",
    ),
    ("empty losses", lambda: losses.cost([]), ValueError, r"losses is empty"),
    # -- random generators
    (
        "rng None",
        lambda: init("he_normal")(3, 2, None),
        TypeError,
        r"rng must be a numpy Generator, e\.g\. np\.random\.default_rng\(0\); got NoneType",
    ),
    (
        "rng RandomState",
        lambda: init("glorot_uniform")(3, 2, np.random.RandomState(0)),
        TypeError,
        r"rng must be a numpy Generator.*got RandomState",
    ),
    (
        "rng a seed",
        lambda: init("lecun_normal")(3, 2, 42),
        TypeError,
        r"rng must be a numpy Generator.*got int",
    ),
    (
        "MLP without rng",
        lambda: nn.MLP([2, 1], init="he_normal"),
        TypeError,
        r"rng must be a numpy Generator",
    ),
    # -- fan_in, fan_out, sizes, epochs
    (
        "fan_in = 0",
        lambda: init("he_normal")(0, 2, RNG),
        ValueError,
        r"fan_in must be a positive integer, got 0",
    ),
    (
        "fan_in < 0",
        lambda: init("glorot_normal")(-3, 2, RNG),
        ValueError,
        r"fan_in must be a positive integer, got -3",
    ),
    (
        "fan_in not an integer",
        lambda: init("he_uniform")(2.5, 2, RNG),
        TypeError,
        r"fan_in must be a positive integer, got float",
    ),
    (
        "fan_out = 0",
        lambda: init("zeros")(3, 0, RNG),
        ValueError,
        r"fan_out must be a positive integer, got 0",
    ),
    (
        "variance with fan_in = 0",
        lambda: init("lecun_uniform").variance(0, 2),
        ValueError,
        r"fan_in must be a positive integer",
    ),
    (
        "layer width 0",
        lambda: nn.MLP([2, 0, 1], rng=RNG),
        ValueError,
        r"sizes\[1\] must be a positive integer, got 0",
    ),
    (
        "epochs = 0",
        lambda: net().fit(X3, [0, 1, 2], loss="ce", epochs=0),
        ValueError,
        r"epochs must be a positive integer, got 0",
    ),
    # -- temperature
    (
        "T = 0",
        lambda: activations.softmax([1.0, 2.0], T=0),
        ValueError,
        r"T \(temperature\) must be > 0, got 0",
    ),
    (
        "T < 0",
        lambda: activations.softmax_jacobian([1.0, 2.0], T=-1.0),
        ValueError,
        r"T \(temperature\) must be > 0, got -1",
    ),
    (
        "T < 0 (VJP)",
        lambda: activations.softmax_vjp([1.0, 2.0], [1.0, 0.0], T=-2.0),
        ValueError,
        r"T \(temperature\) must be > 0",
    ),
    (
        "T not a number",
        lambda: activations.softmax([1.0], T="hot"),
        TypeError,
        r"T must be a real number, got str",
    ),
    # -- finite-difference step
    (
        "h = 0",
        lambda: gradcheck.numerical_derivative(np.sin, 1.0, h=0),
        ValueError,
        r"h \(the finite-difference step\) must be > 0, got 0",
    ),
    (
        "h < 0",
        lambda: gradcheck.numerical_gradient(np.sum, [1.0], h=-1e-5),
        ValueError,
        r"h \(the finite-difference step\) must be > 0, got -1e-05",
    ),
    (
        "h = 0 (MLP check)",
        lambda: gradcheck.check_mlp_gradients(net(), X3, [0, 1, 2], loss="ce", h=0.0),
        ValueError,
        r"h \(the finite-difference step\) must be > 0",
    ),
    # -- labels
    (
        "label ≥ n_classes",
        lambda: losses.one_hot([0, 3], 3),
        ValueError,
        r"labels must lie in 0\.\.2, got 0\.\.3",
    ),
    ("label < 0", lambda: losses.one_hot([-1, 0], 3), ValueError, r"labels must lie in 0\.\.2, got -1\.\.0"),
    (
        "label not an integer",
        lambda: losses.one_hot([0.5], 2),
        TypeError,
        r"labels must be integers 0\.\.1, got dtype float64",
    ),
    (
        "labels not 1-D",
        lambda: losses.one_hot([[0]], 2),
        ValueError,
        r"labels must be 1-D \(one integer per example\)",
    ),
    (
        "cross-entropy label out of range",
        lambda: losses.cross_entropy(np.full((3, 3), 1 / 3), [0, 5, 1]),
        ValueError,
        r"labels must lie in 0\.\.2, got 0\.\.5",
    ),
    (
        "softmax cross-entropy label out of range",
        lambda: losses.softmax_cross_entropy(np.ones((2, 3)), [0, 3]),
        ValueError,
        r"labels must lie in 0\.\.2",
    ),
    (
        "MLP label out of range",
        lambda: net().gradients(X3, [0, 5, 1], loss="ce"),
        ValueError,
        r"labels must lie in 0\.\.2, got 0\.\.5",
    ),
]


@pytest.mark.parametrize(("call", "error", "pattern"), [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_bad_input_raises_a_message_naming_the_argument(call, error, pattern):
    with pytest.raises(error, match=re.compile(pattern, re.DOTALL)):
        call()
