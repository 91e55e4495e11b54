"""07 — topic-specific behaviour of the checkers for layer_grad_norms and first_last_ratio.

(The generic tests in test_exercises.py already feed every planted mistake to its checker.)
"""

import numpy as np
import pytest

from course_lib import activations, gradcheck, nn
from course_lib.exercises import Feedback, check_first_last_ratio, check_layer_grad_norms, vanishing
from course_lib.exercises.vanishing import check_fixed_sigmoid_backward, check_smallest_gradient_prediction
from course_lib.topics import vanishing as topic
from course_lib.topics.vanishing import sigmoid_backward


def _reused(piece):
    """A reference held in a closure, so a test variant can build on it: the checker blocks the
    library functions a student's code names (a global, or an attribute of an imported module)."""

    def reused(*args, **kwargs):
        return piece(*args, **kwargs)

    return reused


right_backward = _reused(sigmoid_backward)


def test_a_list_of_norms_gets_told_to_return_an_array():
    def as_list(grads):
        return [float(np.linalg.norm(dW)) for dW, _ in grads]

    with pytest.raises(Feedback, match=r"np\.array"):
        check_layer_grad_norms(as_list)


def test_a_single_number_that_is_not_the_flattened_norm_gets_the_per_layer_hint():
    with pytest.raises(Feedback, match="one norm per layer") as info:
        check_layer_grad_norms(lambda grads: 1.0)
    assert "over all layers together" not in str(info.value)


def test_float32_and_in_place_work_pass(capsys):
    def careful(grads):
        out = np.empty(len(grads), dtype=np.float32)
        for i, (dW, _db) in enumerate(grads):
            dW *= 1.0  # modifies the checker's copy only
            out[i] = np.sqrt(np.sum(dW.astype(np.float64) ** 2))
        return out.astype(np.float64)

    check_layer_grad_norms(careful)
    assert capsys.readouterr().out.startswith("✓ layer_grad_norms:")


def test_destroying_the_input_does_not_corrupt_later_cases():
    def destructive(grads):
        norms = np.array([np.linalg.norm(dW) for dW, _ in grads])
        for dW, db in grads:
            dW[...] = 0.0
            db[...] = 0.0
        return norms

    check_layer_grad_norms(destructive)  # every case is checked against untouched gradients


def test_wrong_shape_is_reported():
    with pytest.raises(Feedback, match="shape"):
        check_layer_grad_norms(lambda grads: np.array([np.linalg.norm(dW) for dW, _ in grads])[:, None])


def test_ratio_accepts_a_one_element_array(capsys):
    check_first_last_ratio(lambda norms: np.array([norms[0] / norms[-1]]))
    assert capsys.readouterr().out.startswith("✓ first_last_ratio:")


def test_ratio_feedback_names_the_input():
    with pytest.raises(Feedback, match=r"first_last_ratio\(norms=\[") as info:
        check_first_last_ratio(lambda norms: norms[-1] / norms[0])
    assert "last / first" in str(info.value)


# ---------------------------------------------------------------- debug: fixed_sigmoid_backward
def test_the_reference_backward_matches_the_library_and_central_differences():
    for case in vanishing.FIX_CASES:
        weights, biases, X, y = case.args
        net = nn.MLP([weights[0].shape[0], *(W.shape[1] for W in weights)], hidden="sigmoid", init="zeros")
        net.weights, net.biases = [W.copy() for W in weights], [b.copy() for b in biases]
        numeric = gradcheck.mlp_numerical_gradients(net, X, y)
        for layer, ((dW, db), (lW, lb)) in enumerate(
            zip(sigmoid_backward(weights, biases, X, y), net.inspect(X, y).grads), 1
        ):
            assert np.allclose(dW, lW, rtol=1e-10, atol=1e-14) and np.allclose(db, lb, rtol=1e-10, atol=1e-14)
            assert np.allclose(dW, numeric[f"W{layer}"], rtol=1e-5, atol=1e-9)


def test_the_planted_bug_leaves_the_last_layer_right_and_breaks_every_other():
    weights, biases, X, y = vanishing.FIX_CASES[0].args
    right = sigmoid_backward(weights, biases, X, y)
    buggy = vanishing.buggy_sigmoid_backward(weights, biases, X, y)
    assert np.allclose(buggy[-1][0], right[-1][0])
    assert all(not np.allclose(b[0], r[0], rtol=1e-3) for b, r in zip(buggy[:-1], right[:-1]))


def test_every_fix_mistake_differs_from_the_right_answer_and_from_the_others_on_the_first_case():
    weights, biases, X, y = vanishing.FIX_CASES[0].args
    right = sigmoid_backward(weights, biases, X, y)
    outputs = [m.impl(weights, biases, X, y) for m in vanishing.FIX_MISTAKES]
    for out in outputs:
        assert not vanishing._same(out, right)
    for a in range(len(outputs)):
        for b in range(a + 1, len(outputs)):
            assert not vanishing._same(outputs[a], outputs[b])


def test_calling_the_library_backward_is_refused():
    def shortcut(weights, biases, X, y):
        net = nn.MLP([weights[0].shape[0], *(W.shape[1] for W in weights)], hidden="sigmoid", init="zeros")
        net.weights, net.biases = weights, biases
        return list(net.inspect(X, y).grads)

    with pytest.raises(Feedback, match=r"called the library's `nn\.MLP`"):
        check_fixed_sigmoid_backward(shortcut)


def test_a_backward_that_changes_the_weights_is_told():
    def in_place(weights, biases, X, y):
        grads = right_backward(weights, biases, X, y)
        weights[0] -= 0.1 * grads[0][0]
        return grads

    with pytest.raises(Feedback, match="changed its input `weights`"):
        check_fixed_sigmoid_backward(in_place)


def test_a_wrong_layer_count_and_an_unknown_error_get_feedback_without_a_hint():
    with pytest.raises(Feedback, match="expected a list of 4 pairs"):
        check_fixed_sigmoid_backward(lambda w, b, X, y: right_backward(w, b, X, y)[1:])

    def doubled_last(weights, biases, X, y):
        grads = right_backward(weights, biases, X, y)
        grads[-1] = (2 * grads[-1][0], grads[-1][1])
        return grads

    with pytest.raises(Feedback, match="the last layer, where backprop starts") as info:
        check_fixed_sigmoid_backward(doubled_last)
    assert "Hint" not in str(info.value)


def test_the_feedback_names_the_first_wrong_layer_from_the_top(capsys):
    with pytest.raises(Feedback, match=r"returned dW_3 .*layer 4 is right"):
        check_fixed_sigmoid_backward(vanishing.buggy_sigmoid_backward)
    check_fixed_sigmoid_backward(
        lambda w, b, X, y: tuple((dW.astype(np.float32), db) for dW, db in right_backward(w, b, X, y))
    )
    assert capsys.readouterr().out.startswith("✓ fixed_sigmoid_backward")


# ---------------------------------------------------------------- predict, then run: which layer is smallest
@pytest.mark.parametrize("option", vanishing.SMALLEST_OPTIONS)
def test_every_option_completes_the_prediction(option, capsys):
    check_smallest_gradient_prediction(lambda: option)
    out = capsys.readouterr().out
    assert out.startswith(f"✓ smallest_gradient_prediction: you predicted {option!r}"), out
    if option == "the first layer":
        assert "and the run shows it" in out
    else:
        assert "the run shows 'the first layer'" in out
    assert "σ′ ≤ 0.25" in out and len(out.splitlines()) <= 6


def test_the_default_norms_are_the_notebooks_20_layer_network():
    norms = np.array(vanishing._notebook_grad_norms())
    assert norms.size == 20 and norms[0] / norms[-1] < 1e-10
    assert vanishing.smallest_gradient_truth(norms) == "the first layer"


@pytest.mark.parametrize(
    ("norms", "truth"),
    [
        (np.array([1e-9, 1e-5, 1e-1]), "the first layer"),
        (np.array([0.5, 1e-6, 0.3, 0.8]), "a middle layer"),
        (np.array([50.0, 4.0, 2.0, 1e-3]), "the last layer"),
        (np.array([0.4, 0.2, 0.9, 1.1]), "all about the same"),
        ([0.3, 0.3], "all about the same"),
    ],
)
def test_the_truth_follows_the_norms_passed_in(norms, truth, capsys):
    check_smallest_gradient_prediction(lambda: truth, norms)
    assert "and the run shows it" in capsys.readouterr().out
    other = next(o for o in vanishing.SMALLEST_OPTIONS if o != truth)
    check_smallest_gradient_prediction(lambda: other, norms)
    assert f"the run shows {truth!r}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (20, "not a number you computed"),
        (np.int64(1), "not its number in the list"),
        (np.float64(3.77e-14), "not a number you computed"),
        ("The first layer (next to the input)", "copy it exactly"),
        ("  A middle layer. ", "copy it exactly"),
        ("the input layer", "written exactly as in the list"),
        (["the first layer"], "pick one option"),
        (True, "not yes/no"),
    ],
)
def test_a_prediction_that_is_not_an_option_is_told_how_to_write_it(answer, hint):
    with pytest.raises(Feedback, match="expected one of") as info:
        check_smallest_gradient_prediction(lambda: answer)
    assert hint in str(info.value)
    assert len(str(info.value).splitlines()) <= 6


BAD_NORMS = [np.array([0.1]), np.zeros(3), np.ones((2, 2)), "grad_norms", [1.0, np.nan]]


@pytest.mark.parametrize("norms", BAD_NORMS)
def test_bad_norms_get_feedback(norms):
    with pytest.raises(Feedback, match="expected the positive norms"):
        check_smallest_gradient_prediction(lambda: "the first layer", norms)


def test_the_prediction_stub_prints_the_notice(capsys):
    def my_prediction():
        raise NotImplementedError()

    assert check_smallest_gradient_prediction(my_prediction, np.array([1e-9, 1.0])) is None
    assert "not attempted yet" in capsys.readouterr().out


# ---------------------------------------------------------------- per-layer statistics of the forward signal
def test_first_statistics_case_tells_every_mistake_apart():
    import itertools

    args = vanishing._statistics_cases()[0].args  # the cases are built on each check
    right = vanishing.layer_statistics(*args)
    values = {m.name: m.impl(*args) for m in vanishing.STATISTICS_MISTAKES}
    for name, value in values.items():
        assert value.shape == right.shape, name
        assert not np.allclose(value, right, rtol=1e-6), f"{name} equals the right answer"
    for (a, va), (b, vb) in itertools.combinations(values.items(), 2):
        assert not np.allclose(va, vb, rtol=1e-6), f"{a} and {b} give the same value"
    assert 0 < right[:, 2].max() < 1  # some entries saturated, so the saturated column is tested


def _row_by_row(weights, biases, X):
    sigmoid = vanishing._sigmoid
    out = np.zeros((len(weights) - 1, 3))
    A = X.copy()
    for layer in range(len(weights) - 1):
        A = sigmoid(A @ weights[layer] + biases[layer])
        out[layer, 0] = np.mean(A)
        out[layer, 1] = np.mean(np.sqrt(np.mean((A - A.mean(axis=0)) ** 2, axis=0)))
        out[layer, 2] = np.count_nonzero(np.abs(A - 0.5) > 0.45) / A.size
    return out


def test_another_correct_way_passes(capsys):
    from course_lib.exercises import check_layer_statistics

    check_layer_statistics(_row_by_row)
    assert capsys.readouterr().out.startswith("✓ layer_statistics")


def test_statistics_inputs_must_stay_and_the_library_is_forbidden():
    from course_lib.exercises import check_layer_statistics
    from course_lib.topics.vanishing import activation_spread

    def edits_a_bias(weights, biases, X):
        result = _row_by_row(weights, biases, X)
        biases[0] += 1.0
        return result

    with pytest.raises(Feedback, match="changed its input `biases`"):
        check_layer_statistics(edits_a_bias)

    def spread_from_the_library(weights, biases, X):
        result = _row_by_row(weights, biases, X)
        net = nn.MLP([len(X[0]), 1], init="zeros")
        result[:, 1] = activation_spread(net, X)[: len(result)]
        return result

    with pytest.raises(Feedback, match=r"called the library's `nn\.MLP`"):
        check_layer_statistics(spread_from_the_library)

    def one_sided_saturation(weights, biases, X):  # a plausible slip without a planted hint
        sigmoid, A, rows = vanishing._sigmoid, X, []
        for W, b in zip(weights[:-1], biases[:-1]):
            A = sigmoid(A @ W + b)
            rows.append([A.mean(), A.std(axis=0).mean(), np.mean(A > 0.95)])
        return np.array(rows)

    with pytest.raises(Feedback, match=r"returned \[\[.*expected \[\["):
        check_layer_statistics(one_sided_saturation)


# ---------------------------------------------------------------- found by trying the exercises as a student
def test_a_rounded_ratio_fails_on_a_profile_as_steep_as_the_notebooks():
    # round(r, 3) passed on 0.005, 100 and 2; the notebook's own ratio is ~1e-13
    with pytest.raises(Feedback, match=r"returned 0, expected 2\.3e-12"):
        check_first_last_ratio(lambda norms: round(float(norms[0] / norms[-1]), 3))


def test_sigma_prime_one_layer_up_gets_its_hint():
    sigmoid = activations.get("sigmoid")

    def one_up(weights, biases, X, y):  # the "fix" that moves the derivative to zs[layer]
        A, inputs, zs = X, [], []
        for W, b in zip(weights, biases):
            inputs.append(A)
            zs.append(A @ W + b)
            A = sigmoid(zs[-1])
        dZ = (A - y.reshape(-1, 1)) / len(X)
        grads = []
        for layer in range(len(weights) - 1, -1, -1):
            grads.append((inputs[layer].T @ dZ, dZ.sum(axis=0)))
            if layer > 0:
                dZ = (dZ @ weights[layer].T) * sigmoid.grad(zs[layer])
        return grads[::-1]

    with pytest.raises(Feedback, match="dW_3") as info:
        check_fixed_sigmoid_backward(one_up)
    assert "the layer above" in str(info.value)


def test_a_sample_std_spread_gets_its_hint():
    sigmoid = activations.get("sigmoid")

    def sample_std(weights, biases, X):
        A, rows = X, []
        for W, b in zip(weights[:-1], biases[:-1]):
            A = sigmoid(A @ W + b)
            rows.append([A.mean(), A.std(axis=0, ddof=1).mean(), np.mean((A < 0.05) | (A > 0.95))])
        return np.array(rows)

    with pytest.raises(Feedback, match="ddof=1"):
        vanishing.check_layer_statistics(sample_std)


@pytest.mark.parametrize("shortcut", ["sigmoid_backward", "deep_gradients"])
def test_the_reference_backward_pass_is_refused(shortcut):
    # `return sigmoid_backward(weights, biases, X, y)` (the reference itself) passed the debug exercise,
    # and so did deep_gradients, which the notebook's first cell imports
    def fixed(weights, biases, X, y):
        if shortcut == "sigmoid_backward":
            return topic.sigmoid_backward(weights, biases, X, y)
        params = [{"W": W, "b": b} for W, b in zip(weights, biases)]
        return [(g["W"], g["b"]) for g in topic.deep_gradients(X, y, params, "sigmoid")[1]]

    with pytest.raises(Feedback, match=rf"called the library's `{shortcut}`"):
        check_fixed_sigmoid_backward(fixed)
