"""08 — topic-specific behaviour of the he_normal and glorot_uniform checkers.

(The generic tests in test_exercises.py already feed every planted mistake to its checker.)
"""

import math

import numpy as np
import pytest

from course_lib import initializers
from course_lib.exercises import Feedback, check_glorot_uniform, check_he_normal
from course_lib.exercises import initialization as init_ex
from course_lib.exercises.initialization import check_relu_weight_variance
from course_lib.topics.initialization import signal_profile


def _passes(check, fn, capsys):
    check(fn)
    out = capsys.readouterr().out
    assert out.startswith("✓"), out


def test_the_library_initializers_pass(capsys):
    _passes(check_he_normal, initializers.get("he_normal"), capsys)
    _passes(check_glorot_uniform, initializers.get("glorot_uniform"), capsys)


def test_keras_truncated_normal_passes_he_normal(capsys):
    """Keras draws from a normal cut at ±2σ' with σ' = σ/0.879626: same variance, slightly different tails."""

    def truncated(fan_in, fan_out, rng):
        sigma = math.sqrt(2 / fan_in) / 0.8796256610342398
        W = rng.normal(0.0, sigma, size=(fan_in, fan_out))
        bad = np.abs(W) > 2 * sigma
        while bad.any():
            W[bad] = rng.normal(0.0, sigma, size=bad.sum())
            bad = np.abs(W) > 2 * sigma
        return W

    _passes(check_he_normal, truncated, capsys)


def test_standard_normal_times_sigma_and_float32_pass(capsys):
    _passes(
        check_he_normal,
        lambda fi, fo, rng: (rng.standard_normal((fi, fo)) * np.sqrt(2 / fi)).astype(np.float32),
        capsys,
    )

    def float32_uniform(fi, fo, rng):
        limit = np.float32(np.sqrt(6 / (fi + fo)))
        return rng.uniform(-1.0, 1.0, size=(fi, fo)).astype(np.float32) * limit

    _passes(check_glorot_uniform, float32_uniform, capsys)


def test_a_fixed_shape_is_reported_as_a_shape_problem():
    with pytest.raises(Feedback, match=r"shape \(10, 10\), expected \(400, 600\)"):
        check_he_normal(lambda fi, fo, rng: rng.normal(0.0, 0.07, size=(10, 10)))


def test_a_list_gets_told_to_return_an_array():
    with pytest.raises(Feedback, match="NumPy array"):
        check_glorot_uniform(lambda fi, fo, rng: rng.uniform(-0.07, 0.07, size=(fi, fo)).tolist())


def test_nan_weights_are_feedback():
    with pytest.raises(Feedback, match="NaN"):
        check_he_normal(lambda fi, fo, rng: np.full((fi, fo), np.nan))


def test_an_unknown_wrong_variance_gets_no_hint():
    with pytest.raises(Feedback, match="variance") as info:
        check_he_normal(lambda fi, fo, rng: rng.normal(0.0, 0.5, size=(fi, fo)))
    assert "Hint" not in str(info.value)


def test_the_feedback_names_the_call():
    with pytest.raises(Feedback, match=r"glorot_uniform\(400, 600, rng=np\.random\.default_rng\(8\)\)"):
        check_glorot_uniform(lambda fi, fo, rng: rng.uniform(-1.0, 1.0, size=(fi, fo)))


def test_a_small_draw_beyond_the_limit_is_caught():
    """Right on the large draw, wrong on a 3 × 5 one (a limit that ignores small layers)."""

    def capped(fi, fo, rng):
        limit = 1.5 if fi * fo < 100 else math.sqrt(6 / (fi + fo))
        return rng.uniform(-limit, limit, size=(fi, fo))

    with pytest.raises(Feedback, match=r"√\(6/8\)"):
        check_glorot_uniform(capped)


# ---------------------------------------------------------------- derive: relu_weight_variance
def test_the_reference_is_the_library_he_variance():
    for n_in, n_out in init_ex._VARIANCE_CASES:
        assert init_ex._relu_weight_variance(n_in, n_out) == initializers.get("he_normal").variance(
            n_in, n_out
        )


def test_the_first_case_tells_every_variance_mistake_apart():
    n_in, n_out = init_ex._VARIANCE_CASES[0]
    values = [m.impl(n_in, n_out) for m in init_ex.VARIANCE_MISTAKES] + [2 / n_in]
    assert len({round(v, 12) for v in values}) == len(values)


@pytest.mark.parametrize(
    "impl",
    [
        lambda n_in, n_out: 2 / n_in,
        lambda n_in, n_out: 1 / (n_in / 2),
        lambda n_in, n_out: np.float64(2.0) / n_in,
        lambda n_in, n_out: np.array([2.0 / n_in]),
        lambda n_in, n_out: (np.sqrt(2 / n_in)) ** 2,
    ],
)
def test_other_ways_of_writing_2_over_n_in_pass(impl, capsys):
    check_relu_weight_variance(impl)
    out = capsys.readouterr().out
    assert out.startswith("✓ relu_weight_variance:") and "1.20" in out and "2.3e-06" in out, out


def test_the_simulation_shows_why():
    assert 0.5 < init_ex.relu_signal_growth(2 / 256) < 2
    assert init_ex.relu_signal_growth(1 / 256) < 1e-5  # halved at each of 19 layers
    assert init_ex.relu_signal_growth(4 / 256) > 1e5


def test_the_library_shortcut_is_refused():
    with pytest.raises(Feedback, match=r"called the library's `initializers\.get`"):
        check_relu_weight_variance(lambda n_in, n_out: initializers.get("he_normal").variance(n_in, n_out))


def test_a_formula_right_only_for_square_layers_fails_on_another_size():
    with pytest.raises(Feedback, match=r"relu_weight_variance\(n_in=300, n_out=100\)") as info:
        check_relu_weight_variance(lambda n_in, n_out: 4 / (n_in + n_out) if n_in != n_out else 2 / n_in)
    assert "Hint" not in str(info.value)


def test_a_string_or_a_constant_is_feedback():
    with pytest.raises(Feedback, match="str"):
        check_relu_weight_variance(lambda n_in, n_out: "2/n_in")
    with pytest.raises(Feedback, match="expected"):
        check_relu_weight_variance(lambda n_in, n_out: 2 / 256)


# ---------------------------------------------------------------- the signal profile of a stack
def test_first_profile_case_tells_every_mistake_apart():
    import itertools

    args = init_ex.PROFILE_CASES[0].args
    right = init_ex.signal_profile(*args)
    values = {m.name: m.impl(*args) for m in init_ex.PROFILE_MISTAKES}
    for name, value in values.items():
        assert value.shape == right.shape and not np.allclose(value, right, rtol=1e-6), name
    for (a, va), (b, vb) in itertools.combinations(values.items(), 2):
        assert not np.allclose(va, vb, rtol=1e-6), f"{a} and {b} give the same value"
    assert right[-1] < right[0] / 20  # standard U[±1/√n] with ReLU: the signal shrinks


def _with_a_preallocated_array(X, weights, activation):
    stds = np.zeros(len(weights))
    A = np.array(X, dtype=float)
    for layer, W in enumerate(weights):
        A = activation(np.dot(A, W))
        stds[layer] = np.sqrt(np.mean((A - A.mean()) ** 2))
    return stds


def test_another_correct_profile_passes(capsys):
    from course_lib.exercises import check_signal_profile

    check_signal_profile(_with_a_preallocated_array)
    assert capsys.readouterr().out.startswith("✓ signal_profile")


def test_profile_changing_x_and_calling_the_library_are_caught():
    from course_lib.exercises import check_signal_profile

    def scales_x_in_place(X, weights, activation):
        out = _with_a_preallocated_array(X, weights, activation)
        X /= X.std()  # "normalize the input first": writes into the caller's X
        return out

    with pytest.raises(Feedback, match="changed its input `X`"):
        check_signal_profile(scales_x_in_place)

    def library(X, weights, activation):  # a global name, as in a notebook
        return signal_profile(X, weights, activation)

    with pytest.raises(Feedback, match="called the library's `signal_profile`"):
        check_signal_profile(library)


# ---------------------------------------------------------------- false passes found by trying the exercises
@pytest.mark.parametrize(
    "check, name", [(check_he_normal, "he_normal"), (check_glorot_uniform, "glorot_uniform")]
)
def test_calling_the_library_initializer_is_refused(check, name):
    def shortcut(fan_in, fan_out, rng):
        return initializers.get(name)(fan_in, fan_out, rng)

    with pytest.raises(Feedback, match=r"called the library's `initializers\.get`"):
        check(shortcut)


def test_seeding_the_global_state_from_the_rng_is_refused_and_undone():
    # reproducible and drawn "from rng", yet it reseeds np.random for the whole notebook (it passed)
    def reseeds(fan_in, fan_out, rng):
        limit = math.sqrt(6 / (fan_in + fan_out))
        np.random.seed(int(rng.integers(1000)))  # noqa: NPY002
        return np.random.uniform(-limit, limit, size=(fan_in, fan_out))  # noqa: NPY002

    before = np.random.get_state()  # noqa: NPY002
    with pytest.raises(Feedback, match="global state") as info:
        check_glorot_uniform(reseeds)
    assert init_ex.GLOBAL_HINT in str(info.value)
    after = np.random.get_state()  # noqa: NPY002
    assert all(np.array_equal(a, b) for a, b in zip(before, after))


def test_an_unseeded_generator_inside_gets_its_own_hint():
    def unseeded(fan_in, fan_out, rng):
        return np.random.default_rng().normal(0.0, math.sqrt(2 / fan_in), size=(fan_in, fan_out))

    with pytest.raises(Feedback, match="different weights on two calls") as info:
        check_he_normal(unseeded)
    assert init_ex.UNSEEDED_HINT in str(info.value)


def test_the_library_variance_is_refused():
    with pytest.raises(Feedback, match=r"called the library's `initializers\.kaiming_variance`"):
        check_relu_weight_variance(lambda n_in, n_out: initializers.kaiming_variance(n_in, n_out))


def test_a_sample_std_profile_gets_its_hint():
    def sample_std(X, weights, activation):
        A, out = X, []
        for W in weights:
            A = activation(A @ W)
            out.append(A.std(ddof=1))
        return np.array(out)

    with pytest.raises(Feedback, match="ddof=1"):
        init_ex.check_signal_profile(sample_std)
