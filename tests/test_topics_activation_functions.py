"""Tests for ``course_lib.topics.activation_functions`` (what notebook 05 computes from the registry)."""

import math
import re

import numpy as np
import pytest
from matplotlib.mathtext import MathTextParser

from course_lib import activations
from course_lib.topics import activation_functions as T

NAMES = activations.names()
PARSER = MathTextParser("path")


@pytest.mark.parametrize("name", NAMES)
def test_every_registry_formula_parses_as_mathtext(name):
    act = activations.get(name)
    for latex in (act.latex, act.dlatex, act.f_range_latex, act.df_range_latex):
        PARSER.parse(f"${T.mathtext(latex)}$")  # raises ValueError if matplotlib cannot draw it


def test_cases_become_one_line_and_a_factor_in_front_multiplies_every_case():
    out = T.mathtext(r"f(z)=\begin{cases}z & z\ge 0\\ \alpha z & z<0\end{cases}")
    assert out == r"f(z)=z\ \mathrm{if}\ z\geq 0,\ \ \alpha z\ \mathrm{if}\ z<0"
    selu = T.mathtext(activations.get("selu").latex)
    assert selu.startswith(r"f(z)=\lambda\,[") and selu.endswith(r"\,]")


def test_mathtext_leaves_left_and_sqrt_braces_alone():
    assert T.mathtext(r"\left(\sqrt{2}\right)\le") == r"\left(\sqrt{2}\right)\leq"
    assert T.mathtext(r"\sqrt2") == r"\sqrt{2}"


def test_markdown_math_has_no_pipe_and_is_one_line():
    cell = T.markdown_math(activations.get("softsign").latex)
    assert "|" not in cell and "\n" not in cell and cell.startswith("$") and cell.endswith("$")


def test_property_table_has_one_row_per_activation_and_eight_columns():
    table = T.property_table()
    lines = table.splitlines()
    assert len(lines) == 2 + len(NAMES)
    for line, name in zip(lines[2:], NAMES):
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip("|"))]
        assert len(cells) == 8, line
        assert cells[0] == T.display_name(name)
        act = activations.get(name)
        assert cells[4] == ("✓" if act.zero_centred else "✗")
        assert cells[6] == ("✓" if act.monotone else "✗")
        assert cells[7] == ("✓" if act.smooth else "✗")
    assert "-0.000" not in table


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("relu", 1 / math.sqrt(2 * math.pi)),
        ("gelu", 1 / (2 * math.sqrt(math.pi))),
        ("elu", 0.160521),
        ("step", 0.5),
        ("tanh", 0.0),
        ("selu", 0.0),
        ("linear", 0.0),
    ],
)
def test_mean_under_normal(name, expected):
    assert T.mean_under_normal(name) == pytest.approx(expected, abs=1e-6)


def test_mean_under_normal_takes_parameters():
    # E[max(z, αz)] = (1 − α)/√(2π) for Leaky ReLU
    assert T.mean_under_normal("leaky_relu", alpha=0.5) == pytest.approx(0.5 / math.sqrt(2 * math.pi))


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("relu", {}, [(0.0, 0.0, 1.0)]),
        ("elu", {"alpha": 1.0}, []),
        ("elu", {"alpha": 2.0}, [(0.0, 2.0, 1.0)]),
        ("leaky_relu", {"alpha": 1.0}, []),
        ("hard_sigmoid", {}, [(-2.5, 0.0, 0.2), (2.5, 0.2, 0.0)]),
        ("step", {}, []),  # a jump in f, but no kink: f' = 0 on both sides
        ("swish", {"beta": 10.0}, []),
    ],
)
def test_kinks(name, params, expected):
    found = T.kinks(name, **params)
    assert len(found) == len(expected)
    for (c, left, right), (c0, l0, r0) in zip(found, expected):
        assert c == c0
        assert left == pytest.approx(l0, abs=1e-4) and right == pytest.approx(r0, abs=1e-4)


def test_saturation_mask():
    assert T.saturation_mask(np.zeros(5)).all()  # f' ≡ 0: flat everywhere
    mask = T.saturation_mask(np.array([0.0, 0.01, 0.5, 1.0]))
    assert mask.tolist() == [True, True, False, False]
    z = np.linspace(-5, 5, 401)
    assert not T.saturation_mask(activations.get("linear").grad(z)).any()


def test_resolve_params_clamps_into_the_allowed_range_and_ignores_other_names():
    assert T.resolve_params("elu", {"alpha": 0.0, "beta": 3.0})["alpha"] > 0  # α > 0 for ELU
    assert T.resolve_params("leaky_relu", {"alpha": -1.0}) == {"alpha": 0.0}
    assert T.resolve_params("swish", {"alpha": 2.0}) == {"beta": 1.0}
    assert T.resolve_params("relu", {"alpha": 2.0}) == {}


def test_measure_cost_returns_positive_milliseconds_for_f_and_grad():
    costs = T.measure_cost(["relu", "sigmoid"], n=1000, repeats=1)
    assert set(costs) == {"relu", "sigmoid"}
    assert all(t > 0 and math.isfinite(t) for pair in costs.values() for t in pair)


def test_jump_marks_give_the_one_sided_limits_and_the_value_from_the_registry():
    assert T.jump_marks("elu", -5, 5, derivative=True, alpha=2.0) == [(0.0, 2.0, 2.0, 1.0)]
    assert T.jump_marks("elu", -5, 5, derivative=True) == []  # α = 1: no jump
    assert T.jump_marks("step", -5, 5) == [(0.0, 0.0, 1.0, 1.0)]
    assert T.jump_marks("hard_sigmoid", -5, 5, derivative=True) == [
        (-2.5, 0.0, 0.0, 0.2),
        (2.5, 0.2, 0.2, 0.0),
    ]
    assert T.jump_marks("hard_sigmoid", -2, 2, derivative=True) == []  # outside the window


def test_curve_pieces_end_at_the_one_sided_limits():
    z = np.linspace(-1, 1, 5)
    (left_z, left_y), (right_z, right_y) = T.curve_pieces("relu", z, derivative=True)
    assert left_z.tolist() == [-1.0, -0.5, 0.0] and left_y.tolist() == [0.0, 0.0, 0.0]
    assert right_z.tolist() == [0.0, 0.5, 1.0] and right_y.tolist() == [1.0, 1.0, 1.0]
    ((whole_z, whole_y),) = T.curve_pieces("relu", z)  # f itself is continuous: one piece
    assert np.array_equal(whole_y, activations.get("relu")(whole_z))
    before = z.copy()
    T.curve_pieces("step", z)
    assert np.array_equal(z, before)
    with pytest.raises(ValueError, match="increasing"):
        T.curve_pieces("relu", z[::-1])


# ---------------------------------------------------------------- why zero-centred outputs matter
def test_positive_inputs_are_sigmoid_outputs_and_the_centred_ones_the_same_shifted():
    X, Xc = T.positive_and_centred_inputs(np.random.default_rng(3), m=500)
    assert X.shape == Xc.shape == (500, 2)
    assert (X > 0).all() and (X < 1).all()
    np.testing.assert_allclose(Xc, X - 0.5, rtol=0, atol=0)
    assert abs(Xc.mean()) < 0.02 and X.mean() > 0.45  # mean ½ against mean ≈ 0
    again, _ = T.positive_and_centred_inputs(np.random.default_rng(3), m=500)
    assert np.array_equal(X, again)  # reproducible from the generator
    with pytest.raises(TypeError, match="Generator"):
        T.positive_and_centred_inputs(3)


def test_sgd_path_is_the_delta_rule_by_hand():
    X = np.array([[1.0, 2.0], [0.5, -1.0]])
    path = T.sgd_path(X, (1.0, -1.0), eta=0.1)
    # step 1: w = 0, y = 1·1 + 2·(−1) = −1, δ = 0 − (−1) = 1, w ← −0.1·(1, 2)
    np.testing.assert_allclose(path[1], [-0.1, -0.2], rtol=0, atol=1e-15)
    # step 2: x·w = −0.05 + 0.2 = 0.15, y = 0.5 + 1 = 1.5, δ = −1.35, w ← w + 0.135·(0.5, −1)
    np.testing.assert_allclose(path[2], [-0.1 + 0.0675, -0.2 - 0.135], rtol=0, atol=1e-15)
    assert path.shape == (3, 2) and np.array_equal(path[0], [0.0, 0.0])
    before = X.copy()
    T.sgd_path(X, (1.0, -1.0))
    assert np.array_equal(X, before)
    with pytest.raises(ValueError, match="w_target"):
        T.sgd_path(X, (1.0, 2.0, 3.0))


def test_the_gradient_of_every_weight_has_the_sign_of_delta_when_inputs_are_positive():
    """The lesson: positive inputs move both weights the same way on every step; centred ones do not."""
    X, Xc = T.positive_and_centred_inputs(np.random.default_rng(0), m=200)
    w_target = (1.0, -1.0)
    positive, centred = T.sgd_path(X, w_target), T.sgd_path(Xc, w_target)
    assert T.same_direction_fraction(positive) == 1.0
    assert 0.3 < T.same_direction_fraction(centred) < 0.7  # about half, as for random signs
    assert T.path_length(positive) > 2 * T.path_length(centred)  # the zig-zag is longer
    for path in (positive, centred):  # both reach the best weights in the end
        assert np.linalg.norm(path[-1] - w_target) < 0.01


def test_same_direction_fraction_and_path_length():
    path = np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 3.0], [0.0, 2.0], [3.0, -2.0]])
    assert T.same_direction_fraction(path) == 0.5  # (+,+) yes, (0,+) no, (−,−) yes, (+,−) no
    assert T.path_length(path) == pytest.approx(np.sqrt(2) + 2 + np.sqrt(2) + 5)
