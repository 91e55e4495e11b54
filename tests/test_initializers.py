"""Tests for ``course_lib.initializers``, generated from the registry."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib import initializers

NAMES = initializers.names()
RANDOM = [n for n in NAMES if initializers.get(n).distribution != "constant"]
FAN_IN, FAN_OUT = 1000, 600  # 6e5 draws; not square, so 2/(fi+fo), 2/fi and 1/fi all differ

# Var(W) written out from the papers (a new entry needs its formula here).
EXPECTED_VARIANCE = {
    "zeros": lambda fi, fo: 0.0,
    "constant": lambda fi, fo: 0.0,
    "normal": lambda fi, fo, sigma=0.01: sigma**2,
    "uniform": lambda fi, fo, limit=0.05: limit**2 / 3,  # U[−L, L] has variance L²/3
    "glorot_normal": lambda fi, fo: 2 / (fi + fo),
    "glorot_uniform": lambda fi, fo: 2 / (fi + fo),
    "he_normal": lambda fi, fo: 2 / fi,
    "he_uniform": lambda fi, fo: 2 / fi,
    "lecun_normal": lambda fi, fo: 1 / fi,
    "lecun_uniform": lambda fi, fo: 1 / fi,
    # PyTorch nn.Linear: U(-√k, √k), k = 1/in_features (its docs), so Var = k/3
    "torch_linear": lambda fi, fo: (1 / math.sqrt(fi)) ** 2 / 3,
    # PyTorch kaiming_normal_(mode="fan_out"), a = 0: std = √2/√fan_out
    "kaiming_normal_fan_out": lambda fi, fo: 2 / fo,
}
NON_DEFAULT_PARAMS = {"normal": {"sigma": 0.5}, "uniform": {"limit": 2.0}, "constant": {"value": -1.5}}


def cases():
    """Every entry with its defaults, and those with parameters also with other values."""
    out = [pytest.param(n, {}, id=n) for n in NAMES]
    for n in NAMES:
        if initializers.get(n).params:
            params = NON_DEFAULT_PARAMS.get(n)
            assert params is not None, f"add non-default parameter values for {n}"
            out.append(pytest.param(n, params, id=f"{n}-{params}"))
    return out


def test_registry_holds_every_initializer_of_the_issue():
    expected = {"zeros", "constant", "normal", "uniform", "glorot_normal", "glorot_uniform",
                "he_normal", "he_uniform", "lecun_normal", "lecun_uniform"}  # fmt: skip
    assert expected <= set(NAMES), f"missing: {sorted(expected - set(NAMES))}"


@pytest.mark.parametrize("name", NAMES)
def test_variance_formula(name):
    assert name in EXPECTED_VARIANCE, f"add the variance formula of {name} to EXPECTED_VARIANCE"
    init = initializers.get(name)
    assert init.name == name and repr(init) == f"Initializer({name})"
    for fi, fo in [(300, 100), (1, 1), (7, 3), (3, 7)]:
        assert init.variance(fi, fo) == pytest.approx(EXPECTED_VARIANCE[name](fi, fo), rel=1e-15)


def test_named_formulas():
    """The three families, spelled out: Glorot 2/(fi+fo), He 2/fi, LeCun 1/fi."""
    v = {n: initializers.get(n).variance(300, 100) for n in NAMES}
    assert v["glorot_normal"] == v["glorot_uniform"] == pytest.approx(2 / 400)
    assert v["he_normal"] == v["he_uniform"] == pytest.approx(2 / 300)
    assert v["lecun_normal"] == v["lecun_uniform"] == pytest.approx(1 / 300)
    assert initializers.get("normal").variance(5, 5, sigma=0.5) == pytest.approx(0.25)
    assert initializers.get("uniform").variance(5, 5, limit=3.0) == pytest.approx(3.0)


@pytest.mark.parametrize(("name", "params"), cases())
def test_large_draw_has_the_target_variance_and_mean_zero(name, params):
    init = initializers.get(name)
    W = init(FAN_IN, FAN_OUT, np.random.default_rng(0), **params)
    assert W.shape == (FAN_IN, FAN_OUT) and W.dtype == np.float64
    target = init.variance(FAN_IN, FAN_OUT, **params)
    if init.distribution == "constant":
        value = params.get("value", init.params.get("value", 0.0))
        assert target == 0.0
        np.testing.assert_array_equal(W, value)
        return
    assert W.var() == pytest.approx(target, rel=0.03), f"{name}: Var {W.var():.4g} vs {target:.4g}"
    # mean: within 5 standard errors of 0
    assert abs(W.mean()) < 5 * math.sqrt(target / W.size), f"{name}: mean {W.mean():.3g}"
    limit = math.sqrt(3 * target)
    if init.distribution == "uniform":
        assert np.abs(W).max() <= limit, f"{name}: |W| exceeds √(3 Var) = {limit}"
        assert np.abs(W).max() > 0.999 * limit  # and fills the interval
        kurtosis = np.mean(W**4) / W.var() ** 2
        assert kurtosis == pytest.approx(1.8, abs=0.05)  # U[−L, L]: 9/5
    else:
        assert init.distribution == "normal"
        # A normal draw exceeds √3 σ with probability 2(1 − Φ(√3)) ≈ 8.33 %.
        assert np.mean(np.abs(W) > limit) == pytest.approx(0.0833, abs=0.003)
        kurtosis = np.mean(W**4) / W.var() ** 2
        assert kurtosis == pytest.approx(3.0, abs=0.05)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("fan_in", "fan_out"), [(1, 1), (3, 7), (7, 3), (np.int64(4), 2)])
def test_shape_is_fan_in_by_fan_out(name, fan_in, fan_out):
    W = initializers.get(name)(fan_in, fan_out, np.random.default_rng(1))
    assert W.shape == (fan_in, fan_out)


@pytest.mark.parametrize("name", RANDOM)
def test_same_seed_same_weights_only_the_explicit_rng_matters(name):
    init = initializers.get(name)
    W1 = init(20, 30, np.random.default_rng(123))
    np.random.seed(0)  # noqa: NPY002 -- on purpose: the legacy global state must play no part
    W2 = init(20, 30, np.random.default_rng(123))
    np.testing.assert_array_equal(W1, W2)
    assert not np.array_equal(W1, init(20, 30, np.random.default_rng(124)))
    rng = np.random.default_rng(5)
    assert not np.array_equal(init(20, 30, rng), init(20, 30, rng)), "the rng must advance"


@pytest.mark.parametrize("name", [n for n in NAMES if n not in RANDOM])
def test_constant_schemes_need_no_rng(name):
    np.testing.assert_array_equal(
        initializers.get(name)(2, 3, None), initializers.get(name)(2, 3, np.random.default_rng(0))
    )


# ---------------------------------------------------------------- framework defaults
def test_torch_linear_is_glorot_bengios_standard_initialization():
    """PyTorch's nn.Linear draws U(±1/√fan_in): the same limit as 'uniform' with limit 1/√n."""
    for fi, fo in [(64, 64), (300, 100), (3, 7)]:
        torch_like = initializers.get("torch_linear")(fi, fo, np.random.default_rng(0))
        standard = initializers.get("uniform")(fi, fo, np.random.default_rng(0), limit=1 / math.sqrt(fi))
        np.testing.assert_allclose(
            torch_like, standard, rtol=0, atol=1e-15
        )  # the same draws; limits differ by rounding
        assert np.abs(torch_like).max() <= 1 / math.sqrt(fi)


def test_kaiming_gain_and_variance_follow_pytorchs_formulas():
    assert initializers.kaiming_gain() == pytest.approx(math.sqrt(2))  # relu
    assert initializers.kaiming_gain(math.sqrt(5)) == pytest.approx(math.sqrt(1 / 3))
    assert initializers.kaiming_gain(0.01) == pytest.approx(math.sqrt(2 / 1.0001))
    # bound = gain·√(3/fan_in) with a = √5 is 1/√fan_in, nn.Linear's documented bound
    assert initializers.kaiming_gain(math.sqrt(5)) * math.sqrt(3 / 50) == pytest.approx(1 / math.sqrt(50))
    assert initializers.kaiming_variance(300, 100) == pytest.approx(2 / 300)
    assert initializers.kaiming_variance(300, 100) == pytest.approx(
        initializers.get("he_normal").variance(300, 100)
    )
    assert initializers.kaiming_variance(300, 100, mode="fan_out") == pytest.approx(2 / 100)
    with pytest.raises(ValueError, match="mode must be 'fan_in' or 'fan_out'"):
        initializers.kaiming_variance(3, 4, mode="fan_avg")


def test_framework_defaults_name_registry_entries():
    defaults = initializers.FRAMEWORK_DEFAULTS
    assert defaults["Keras Dense"] == "glorot_uniform"
    assert defaults["PyTorch nn.Linear"] == "torch_linear"
    assert defaults["PyTorch kaiming_normal_ (mode='fan_in')"] == "he_normal"
    assert all(name in initializers.REGISTRY for name in defaults.values())
