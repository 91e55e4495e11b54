"""Checkers of 11 (build your own network): the references pass and agree with course_lib.nn, every
planted mistake gets its hint, and the special cases (caches, in-place edits, forbidden library
calls, the last smaller mini-batch) get specific feedback."""

import numpy as np
import pytest

from course_lib import datasets, gradcheck, losses, nn
from course_lib.exercises import capstone as ec
from course_lib.exercises._core import REGISTRY, Feedback
from course_lib.topics import capstone as ref

NAMES = sorted(name for name, ex in REGISTRY.items() if ex.notebook == "11")
MISTAKES = [(name, m) for name in NAMES for m in REGISTRY[name].mistakes]


def test_ten_exercises_with_at_least_two_mistakes_each():
    assert len(NAMES) == 10
    assert all(len(REGISTRY[name].mistakes) >= 2 for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_reference_passes(name, capsys):
    REGISTRY[name].check(REGISTRY[name].reference)
    assert capsys.readouterr().out.startswith(f"✓ {name}:")


@pytest.mark.parametrize("name", NAMES)
def test_stub_is_not_attempted(name, capsys):
    def stub(*args, **kwargs):
        raise NotImplementedError()

    REGISTRY[name].check(stub)
    assert "not attempted yet" in capsys.readouterr().out


@pytest.mark.parametrize(("name", "mistake"), MISTAKES, ids=[f"{n}-{m.name}" for n, m in MISTAKES])
def test_mistake_gets_its_hint(name, mistake):
    with np.errstate(all="ignore"), pytest.raises(Feedback) as info:
        REGISTRY[name].check(mistake.impl)
    message = str(info.value)
    assert mistake.hint in message and "expected" in message and "returned" in message, message
    assert len(message.splitlines()) <= 6, message


# ---------------------------------------------------------------- the references agree with nn
def test_reference_pieces_agree_with_nn():
    rng = np.random.default_rng(0)
    X, W, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
    Z, cache = ref.dense_forward(X, W, b)
    np.testing.assert_allclose(Z, nn.dense_forward(X, W, b)[0])
    dZ = rng.normal(size=Z.shape)
    for mine, lib in zip(ref.dense_backward(dZ, cache), nn.dense_backward(dZ, nn.dense_forward(X, W, b)[1])):
        np.testing.assert_allclose(mine, lib)
    for name in ("relu", "leaky_relu", "elu", "selu", "swish", "mish"):
        A, act_cache = ref.activation_forward(Z, name)
        lib_A, lib_cache = nn.activation_forward(Z, name)
        np.testing.assert_allclose(A, lib_A)
        np.testing.assert_allclose(
            ref.activation_backward(dZ, act_cache), nn.activation_backward(dZ, lib_cache)
        )
    for output, Y in (
        ("sigmoid", (Z[:, :1] > 0).astype(float)),
        ("softmax", losses.one_hot(np.arange(5) % 4, 4)),
    ):
        Zo = Z[:, :1] if output == "sigmoid" else Z
        A, J, cache = ref.output_forward(Zo, Y, output)
        lib_A, lib_J, lib_cache = nn.output_forward(Zo, Y, output, ref.LOSS_OF[output])
        np.testing.assert_allclose(A, lib_A)
        assert np.isclose(J, lib_J, rtol=1e-10)
        np.testing.assert_allclose(ref.output_backward(cache), nn.output_backward(lib_cache))


def test_reference_backprop_passes_a_gradient_check():
    X, y = datasets.spirals(10, np.random.default_rng(3), n_classes=3)
    Y = losses.one_hot(y, 3)
    params = ref.init_params([2, 4, 3, 3], np.random.default_rng(4))
    Z, caches = ref.network_forward(X, params, "tanh")
    grads = ref.network_backward(ref.output_backward(ref.output_forward(Z, Y, "softmax")[2]), caches)
    for layer, (W, _) in enumerate(params):

        def J(v, layer=layer):
            new = list(params)
            new[layer] = (v, params[layer][1])
            return ref.output_forward(ref.network_forward(X, new, "tanh")[0], Y, "softmax")[1]

        assert np.max(gradcheck.relative_error(grads[layer][0], ref.numerical_gradient(J, W))) < 1e-7


def test_reference_loop_takes_the_steps_of_nn_on_one_full_batch():
    X, y = datasets.spirals(12, np.random.default_rng(5))
    net = nn.MLP([2, 6, 1], hidden="tanh", output="sigmoid", rng=np.random.default_rng(6))
    params = [(W.copy(), b.copy()) for W, b in zip(net.weights, net.biases)]
    new, costs = ref.train_minibatch(
        params, X, y[:, None].astype(float), "tanh", "sigmoid", 0.5, 4, 12, np.random.default_rng(7)
    )
    lib_costs = net.fit(X, y, loss="bce", eta=0.5, epochs=4)
    np.testing.assert_allclose(costs, lib_costs, rtol=1e-9)
    for (W, b), W_lib, b_lib in zip(new, net.weights, net.biases):
        np.testing.assert_allclose(W, W_lib, rtol=1e-9)
        np.testing.assert_allclose(b, b_lib, rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------- special cases
def _reused(piece):
    """A reference piece held in a closure, so a test variant can build on it: the checkers block the
    library functions a student's code names (a global, or an attribute of an imported module)."""

    def reused(*args, **kwargs):
        return piece(*args, **kwargs)

    return reused


PIECES = [
    ("my_dense_forward", "dense_forward"),
    ("my_dense_backward", "dense_backward"),
    ("my_activation_forward", "activation_forward"),
    ("my_activation_backward", "activation_backward"),
    ("my_output_forward", "output_forward"),
    ("my_output_backward", "output_backward"),
    ("my_network_forward", "network_forward"),
    ("my_network_backward", "network_backward"),
    ("my_numerical_gradient", "numerical_gradient"),
    ("my_train_minibatch", "train_minibatch"),
]


@pytest.mark.parametrize(("name", "piece"), PIECES, ids=[p for _, p in PIECES])
def test_calling_the_notebooks_capstone_module_is_feedback(name, piece):
    # the notebook's first cell imports course_lib.topics.capstone as `capstone`, whose pieces are
    # the reference solutions: `return capstone.dense_forward(X, W, b)` passed all ten checks
    def shortcut(*args, **kwargs):
        return getattr(ref, piece)(*args, **kwargs)

    with pytest.raises(Feedback, match=rf"called the library's `capstone\.{piece}`"):
        REGISTRY[name].check(shortcut)


def test_calling_the_library_is_feedback():
    with pytest.raises(Feedback, match=r"nn\.dense_forward"):
        ec.check_my_dense_forward(lambda X, W, b: nn.dense_forward(X, W, b))
    with pytest.raises(Feedback, match=r"nn\.network_backward"):
        ec.check_my_network_backward(lambda dZ, caches: nn.network_backward(dZ, caches)[0])
    with pytest.raises(Feedback, match=r"gradcheck\.numerical_gradient"):
        ec.check_my_numerical_gradient(lambda f, x, h=1e-5: gradcheck.numerical_gradient(f, x, h))
    with pytest.raises(Feedback, match=r"losses\.softmax_cross_entropy"):
        ec.check_my_output_forward(
            lambda Z, Y, out: (
                1 / (1 + np.exp(-Z)),
                losses.softmax_cross_entropy(Z, Y).mean(),
                (Z, Y),
            )
        )


def test_output_forward_may_use_the_registry_softmax(capsys):
    from course_lib import activations

    def student(Z, Y, output):
        if output == "sigmoid":
            A = np.clip(1 / (1 + np.exp(-Z)), 1e-12, 1 - 1e-12)
            return A, -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)), (A, Y)
        A = activations.softmax(Z)
        return A, -np.sum(Y * np.log(np.clip(A, 1e-12, 1))) / len(Z), (A, Y)

    ec.check_my_output_forward(student)
    assert "✓" in capsys.readouterr().out


def test_a_wrong_cache_is_named():
    with pytest.raises(Feedback, match=r"cache from .*, expected \(array \(4, 2\), array \(2, 2\)\)"):
        ec.check_my_dense_forward(lambda X, W, b: (X @ W + b, X))
    with pytest.raises(
        Feedback, match=r"returned \('relu', array \(3, 4\)\), expected \(array \(3, 4\), 'relu'\)"
    ):
        ec.check_my_activation_forward(lambda Z, name: (np.maximum(Z, 0.0), (name, Z)))


def test_a_list_cache_and_list_results_are_accepted(capsys):
    ec.check_my_dense_forward(lambda X, W, b: [X @ W + b, [X, W]])
    backward = _reused(ref.network_backward)
    ec.check_my_network_backward(lambda dZ, caches: [list(p) for p in backward(dZ, caches)])
    assert capsys.readouterr().out.count("✓") == 2


def test_training_loop_that_edits_params_in_place_is_caught():
    train = _reused(ref.train_minibatch)

    def in_place(params, X, Y, hidden, output, eta, epochs, batch_size, rng):
        new, costs = train(params, X, Y, hidden, output, eta, epochs, batch_size, rng)
        for (W, _), (W2, _) in zip(params, new):
            W[...] = W2
        return new, costs

    with pytest.raises(Feedback, match="changed its input `params`"):
        ec.check_my_train_minibatch(in_place)


def test_training_cases_have_a_smaller_last_batch():
    for case in ec.TRAIN_CASES:
        X, bs = case.args[1], case.args[7]
        assert X.shape[0] % bs != 0


def test_mine_or_library_uses_the_student_function_once_written():
    def stub(x):
        raise NotImplementedError()

    f = ref.mine_or_library(stub, lambda x: 2 * x)
    assert f(3) == 6 and f.used == {"the library's"}
    g = ref.mine_or_library(lambda x: x + 1, lambda x: 2 * x)
    assert g(3) == 4 and g.used == {"your"}
    h = ref.mine_or_library(lambda x: 1 / 0, lambda x: 2 * x)
    with pytest.raises(ZeroDivisionError):  # a wrong piece shows as it is
        h(3)


# ---------------------------------------------------------------- found by trying the exercises as a student
def _student_output_forward(*, mean=True, half=False):
    def output_forward(Z, Y, output):
        A = 1 / (1 + np.exp(-Z))
        Ac = np.clip(A, 1e-12, 1 - 1e-12)
        per = -(Y * np.log(Ac) + (0 if half else (1 - Y) * np.log(1 - Ac)))
        return A, per.sum() / (len(Z) if mean else 1), (A, Y)

    return output_forward


def test_a_summed_bce_gets_the_mean_hint():
    # the planted mistakes zeroed the y = 0 terms of the BCE too, so a real sum got no hint
    with pytest.raises(Feedback, match=r"J from .*'sigmoid'") as info:
        ec.check_my_output_forward(_student_output_forward(mean=False))
    assert ec.OUTPUT_FORWARD_MISTAKES[0].hint in str(info.value)


def test_half_a_bce_gets_only_its_own_hint():
    # ... and every planted mistake computed half a BCE: "softmax not shifted" was offered with it
    with pytest.raises(Feedback) as info:
        ec.check_my_output_forward(_student_output_forward(half=True))
    assert "second one counts the examples with y = 0" in str(info.value)
    assert "Or:" not in str(info.value)


def test_a_training_loop_that_shuffles_x_but_not_y_gets_its_hint():
    forward, backward = _reused(ref.network_forward), _reused(ref.network_backward)
    out_forward, out_backward = _reused(ref.output_forward), _reused(ref.output_backward)

    def x_only(params, X, Y, hidden, output, eta, epochs, batch_size, rng):
        params = [(W.copy(), b.copy()) for W, b in params]
        costs, m = [], len(X)
        for _ in range(epochs):
            order = rng.permutation(m)
            for start in range(0, m, batch_size):
                idx = order[start : start + batch_size]
                Z, caches = forward(X[idx], params, hidden)
                _, J, cache = out_forward(Z, Y[start : start + batch_size], output)  # Y not shuffled
                grads = backward(out_backward(cache), caches)
                params = [(W - eta * dW, b - eta * db) for (W, b), (dW, db) in zip(params, grads)]
                costs.append(J)
        return params, np.array(costs)

    with pytest.raises(Feedback, match="the costs from") as info:
        ec.check_my_train_minibatch(x_only)
    assert "original order" in str(info.value)
