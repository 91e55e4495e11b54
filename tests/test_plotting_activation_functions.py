"""Tests for ``course_lib.plotting.activation_functions`` (the pure plot functions of notebook 05)."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes

from course_lib import activations
from course_lib.plotting import activation_functions as P


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("derivative", [False, True])
def test_plot_activation_draws_the_registry_function(derivative):
    _, ax = plt.subplots()
    z = np.linspace(-3, 3, 61)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = P.plot_activation("swish", params={"beta": 2.0}, z=z, ax=ax, derivative=derivative, shade=True)
    assert out is ax and isinstance(out, Axes)
    swish = activations.get("swish")
    expected = swish.grad(z, beta=2.0) if derivative else swish(z, beta=2.0)
    assert np.array_equal(ax.lines[0].get_ydata(), expected)


def test_plot_activation_makes_its_own_axes():
    assert isinstance(P.plot_activation("relu"), Axes)


def test_plot_cost_bars_sorted_cheapest_on_top():
    costs = {"a": (3.0, 1.0), "b": (1.0, 2.0), "c": (2.0, 2.0)}
    ax = P.plot_cost_bars(costs)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["a", "c", "b"]  # bottom to top: most expensive first
    assert len(ax.patches) == 6


# ---------------------------------------------------------------- jumps are drawn as jumps
JUMP_CASES = [  # (name, params, derivative): every kind of jump the registry lists
    ("relu", {}, True),
    ("leaky_relu", {}, True),
    ("prelu", {}, True),
    ("elu", {"alpha": 2.0}, True),
    ("elu", {"alpha": 0.5}, True),
    ("selu", {}, True),
    ("hard_sigmoid", {}, True),
    ("step", {}, False),
]


def drawn_segments(ax):
    """(x0, y0, x1, y1) of every straight segment of every curve drawn in data coordinates
    (markers-only lines and the axis lines axhline/axvline skipped)."""
    out = []
    for line in ax.lines:
        if line.get_linestyle() in ("None", "none", " ", "") or line.get_transform() is not ax.transData:
            continue
        xy = np.asarray(line.get_xydata(), dtype=float)
        out += [(*a, *b) for a, b in zip(xy[:-1], xy[1:])]
    return out


def marked_points(ax):
    """Every (x, y) drawn as a marker."""
    pts = []
    for line in ax.lines:
        if line.get_marker() not in (None, "None", "none", ""):
            pts += [tuple(p) for p in np.asarray(line.get_xydata(), dtype=float)]
    return pts


def assert_gap_and_marks(ax, name, params, derivative, z_min, z_max):
    act = activations.get(name)
    fn = act.grad if derivative else act
    jumps = [c for c in act.jumps(derivative=derivative, **params) if z_min < c < z_max]
    assert jumps, f"{name}: no jump to test"
    segments = drawn_segments(ax)
    assert segments, "nothing drawn"
    for c in jumps:
        crossing = [s for s in segments if min(s[0], s[2]) < c < max(s[0], s[2]) or s[0] == s[2] == c]
        assert not crossing, f"{name}: a line segment crosses the jump at z = {c}: {crossing[:2]}"
        left, right = fn(c - 1e-9, **params), fn(c + 1e-9, **params)
        if act.jumps(**params) or derivative:  # f jumps, or f' does: the two limits differ
            assert abs(left - right) > 1e-3
        marks = marked_points(ax)
        for limit in (left, right, fn(c, **params)):
            assert any(np.isclose(x, c) and np.isclose(y, limit, atol=1e-6) for x, y in marks), (
                f"{name}: the value {limit} at z = {c} is not marked"
            )


@pytest.mark.parametrize(("name", "params", "derivative"), JUMP_CASES)
def test_plot_activation_leaves_a_gap_at_a_jump_and_marks_both_sides(name, params, derivative):
    _, ax = plt.subplots()
    P.plot_activation(name, params=params, derivative=derivative, ax=ax)
    assert_gap_and_marks(ax, name, params, derivative, -5.0, 5.0)
    labels = [line.get_label() for line in ax.lines if not line.get_label().startswith("_")]
    assert len(labels) == 1, f"one legend entry per curve, got {labels}"


def test_plot_activation_draws_continuous_curves_in_one_piece_with_exact_corners():
    _, ax = plt.subplots()
    P.plot_activation("hard_sigmoid", z=np.linspace(-6, 6, 13), ax=ax)  # the grid misses ±2.5
    assert {-2.5, 2.5} <= set(ax.lines[0].get_xdata().tolist())  # the corners are on the curve
    _, ax = plt.subplots()
    P.plot_activation("elu", derivative=True, ax=ax)  # α = 1: f' is continuous
    curves = [line for line in ax.lines if len(line.get_xdata()) > 2]  # not the axhline
    assert len(curves) == 1 and not marked_points(ax)


@pytest.mark.parametrize(("name", "params", "derivative"), JUMP_CASES)
def test_the_activation_explorer_leaves_a_gap_at_a_jump(name, params, derivative):
    from course_lib.widgets import activation_explorer

    params = {**activations.get(name).defaults, **params}
    live = activation_explorer(name=name, alpha=params.get("alpha", 1.0))
    live.render()
    ax = live.fig.axes[1 if derivative else 0]
    assert_gap_and_marks(ax, name, params, derivative, -5.0, 5.0)
    plt.close(live.fig)


def test_plot_weight_paths_draws_each_path_start_and_target():
    paths = {"a": np.array([[0.0, 0.0], [0.5, 0.5]]), "b": np.array([[0.0, 0.0], [0.5, -0.5], [1.0, -1.0]])}
    ax = P.plot_weight_paths(paths, (1.0, -1.0))
    assert np.array_equal(ax.lines[0].get_xydata(), paths["a"])
    assert np.array_equal(ax.lines[1].get_xydata(), paths["b"])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "start", "best weights"]


def test_the_zero_centred_explorer_shows_the_zigzag_only_for_positive_inputs():
    from course_lib.widgets import activation_functions as widgets

    live = widgets.zero_centred_explorer(mean=0.5)
    live.render()
    status = live.caption
    assert "100% of the steps" in status.value  # σ(g) > 0: every step moves both weights alike
    live.controls["mean"].value = 0.0
    live.render()
    assert "100%" not in status.value
    path = live.fig.axes[0].lines[0].get_xydata()
    assert np.array_equal(path[0], [0.0, 0.0]) and np.linalg.norm(path[-1] - [1.0, -1.0]) < 0.1
    plt.close(live.fig)
