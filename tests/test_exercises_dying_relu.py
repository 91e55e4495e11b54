"""09 — topic-specific behaviour of the checker for dead_fraction.

(The generic tests in test_exercises.py already feed every planted mistake to its checker.)
"""

import numpy as np
import pytest

from course_lib import nn
from course_lib.exercises import Feedback, check_dead_fraction
from course_lib.topics import dying_relu as topic
from course_lib.topics.dying_relu import dead_fractions


def test_a_per_unit_array_gets_told_to_average(capsys):
    with pytest.raises(Feedback, match=r"np\.mean") as info:
        check_dead_fraction(lambda Z: np.all(Z <= 0, axis=0).astype(float))
    assert "expected one number, 0.4" in str(info.value)


def test_booleans_get_told_to_convert():
    with pytest.raises(Feedback, match="booleans"):
        check_dead_fraction(lambda Z: np.bool_(np.all(Z <= 0, axis=0).mean() > 0.3))


def test_a_list_gets_told_to_return_a_number():
    with pytest.raises(Feedback, match="NumPy array or number"):
        check_dead_fraction(lambda Z: [float(np.mean(np.all(Z <= 0, axis=0)))])


def test_other_correct_forms_pass(capsys):
    def by_counting(Z):
        _, n = Z.shape
        dead = 0
        for j in range(n):
            if max(Z[:, j]) <= 0:
                dead += 1
        return dead / n

    def destructive(Z):
        out = 1 - np.mean(np.any(Z > 0, axis=0))
        Z[...] = 1.0  # modifies the checker's copy only
        return out

    for solution in (by_counting, destructive, lambda Z: np.float32(np.mean(np.max(Z, axis=0) <= 0))):
        check_dead_fraction(solution)
        assert capsys.readouterr().out.startswith("✓ dead_fraction:")


def test_feedback_names_the_input():
    with pytest.raises(Feedback, match=r"dead_fraction\(Z of shape \(6, 5\), with exact zeros\)"):
        check_dead_fraction(lambda Z: 0.5)


# ---------------------------------------------------------------- prelu_alpha_grad
def test_prelu_alpha_grad_reference_matches_the_library_and_central_differences():
    from course_lib import nn
    from course_lib.exercises.dying_relu import _alpha_cases
    from course_lib.topics.dying_relu import prelu_alpha_grad

    for _, dA, Z in _alpha_cases():
        library = nn.prelu_backward(dA, nn.prelu_forward(Z, 0.25)[1])[1]
        assert np.isclose(prelu_alpha_grad(dA, Z), library, rtol=1e-12, atol=1e-15)
        h = 1e-5  # J(α) = Σ dA ⊙ prelu(Z, α) has ∂J/∂α = Σ dA ⊙ min(0, Z)
        J = [np.sum(dA * nn.prelu_forward(Z, 0.25 + s)[0]) for s in (h, -h)]
        assert np.isclose((J[0] - J[1]) / (2 * h), library, rtol=1e-7, atol=1e-9)


def test_prelu_alpha_grad_that_calls_the_library_is_feedback():
    from course_lib.exercises.dying_relu import check_prelu_alpha_grad

    with pytest.raises(Feedback, match=r"called the library's `nn\.prelu_backward`"):
        check_prelu_alpha_grad(lambda dA, Z: float(nn.prelu_backward(dA, (Z, np.asarray(0.25)))[1]))


def test_prelu_alpha_grad_other_correct_forms_pass(capsys):
    from course_lib.exercises.dying_relu import check_prelu_alpha_grad

    def masked(dA, Z):
        neg = Z < 0
        return np.sum(dA[neg] * Z[neg])

    def in_place_on_a_copy(dA, Z):
        Z = Z.copy()
        Z[Z > 0] = 0.0
        return (dA * Z).sum()

    for solution in (masked, in_place_on_a_copy, lambda dA, Z: np.einsum("ij,ij->", dA, np.minimum(Z, 0))):
        check_prelu_alpha_grad(solution)
        assert capsys.readouterr().out.startswith("✓ prelu_alpha_grad:")


def test_prelu_alpha_grad_that_clips_Z_in_place_is_feedback():
    from course_lib.exercises.dying_relu import check_prelu_alpha_grad

    def clips(dA, Z):
        Z[Z > 0] = 0.0
        return float(np.sum(dA * Z))

    with pytest.raises(Feedback, match="changed its input `Z`"):
        check_prelu_alpha_grad(clips)


# ---------------------------------------------------------------- elu_grad_from_output
def test_elu_grad_from_output_inverting_to_z_also_passes(capsys):
    from course_lib.exercises.dying_relu import check_elu_grad_from_output

    check_elu_grad_from_output(lambda a, alpha: alpha * np.exp(np.log1p(a / alpha)))
    assert capsys.readouterr().out.startswith("✓ elu_grad_from_output:")


def test_elu_grad_from_output_with_z_in_the_formula_is_not_possible_and_a_constant_fails():
    from course_lib.exercises.dying_relu import check_elu_grad_from_output

    with pytest.raises(Feedback, match="expected"):
        check_elu_grad_from_output(lambda a, alpha: np.full_like(a, alpha))  # α e^z at z = 0 only


def test_a_per_unit_boolean_array_gets_told_to_average():
    with pytest.raises(Feedback, match=r"shape \(5,\), expected one number, 0\.4") as info:
        check_dead_fraction(lambda Z: np.all(Z <= 0, axis=0))
    assert "np.mean" in str(info.value)


def test_prelu_alpha_grad_per_unit_sums_get_their_hint():
    from course_lib.exercises import check_prelu_alpha_grad

    with pytest.raises(Feedback, match=r"shape \(4,\), expected one number") as info:
        check_prelu_alpha_grad(lambda dA, Z: np.sum(dA * np.minimum(Z, 0.0), axis=0))
    assert "add up over the units too" in str(info.value)


# ---------------------------------------------------------------- dead units in every hidden layer
def test_first_per_layer_case_tells_every_mistake_apart():
    import itertools

    from course_lib.exercises import dying_relu as ex

    args = ex._per_layer_cases()[0].args
    right = ex.dead_units_per_layer(*args)
    values = {m.name: m.impl(*args) for m in ex.PER_LAYER_MISTAKES}
    for name, value in values.items():
        assert value.shape != right.shape or not np.allclose(value, right), f"{name} equals the right answer"
    for (a, va), (b, vb) in itertools.combinations(values.items(), 2):
        assert va.shape != vb.shape or not np.allclose(va, vb), f"{a} and {b} give the same value"
    weights, biases, X = args
    assert np.all(X @ weights[0][:, 0] + biases[0][0] == 0)  # the unit stuck at exactly z = 0


def _with_masks(weights, biases, X):
    A, out = X, []
    for W, b in zip(weights[:-1], biases[:-1]):
        Z = A @ W + b
        alive = (Z > 0).any(axis=0)
        out.append(1.0 - alive.sum() / alive.size)
        A = Z * (Z > 0)
    return np.array(out)


def test_another_correct_per_layer_count_passes(capsys):
    from course_lib.exercises import check_dead_units_per_layer

    check_dead_units_per_layer(_with_masks)
    assert capsys.readouterr().out.startswith("✓ dead_units_per_layer")


def test_per_layer_count_in_place_relu_and_the_library_are_caught():
    from course_lib.exercises import check_dead_units_per_layer

    def relu_of_x_in_place(weights, biases, X):
        X[X < 0] = 0.0  # writes into the caller's X
        return _with_masks(weights, biases, X)

    with pytest.raises(Feedback, match="changed its input `X`"):
        check_dead_units_per_layer(relu_of_x_in_place)

    def library(weights, biases, X):
        net = nn.MLP([len(X[0]), *(len(b) for b in biases)], hidden="relu", init="zeros")
        net.weights, net.biases = weights, biases
        return dead_fractions(net, X)

    with pytest.raises(Feedback, match=r"called the library's `(nn\.MLP|dead_fractions)`"):
        check_dead_units_per_layer(library)


# ---------------------------------------------------------------- found by trying the exercises as a student
@pytest.mark.parametrize(
    "shortcut",
    [
        lambda Z: topic.dead_units(Z).mean(),
        lambda Z: topic.dead_fraction(Z),
        lambda Z: 1 - np.mean(topic.unit_activity(Z) > 0),
    ],
    ids=["dead_units(Z).mean()", "dead_fraction(Z)", "unit_activity"],
)
def test_dead_fraction_refuses_the_library_shortcuts(shortcut):
    # the notebook's first cell imports dead_units: `dead_units(Z).mean()` passed
    with pytest.raises(Feedback, match="called the library's"):
        check_dead_fraction(shortcut)


def test_dividing_by_the_number_of_examples_gets_its_hint():
    with pytest.raises(Feedback, match="number of examples"):
        check_dead_fraction(lambda Z: np.sum(np.all(Z <= 0, axis=0)) / Z.shape[0])


def test_the_librarys_elu_derivative_at_the_recovered_z_is_a_shortcut():
    import numpy as np

    from course_lib import activations
    from course_lib.exercises import Feedback, check_elu_grad_from_output

    elu = activations.get("elu")

    def elu_grad_from_output(a, alpha):
        return elu.grad(np.log(a / alpha + 1), alpha=alpha)

    with pytest.raises(Feedback, match=r"called the library's `elu\.grad`"):
        check_elu_grad_from_output(elu_grad_from_output)
