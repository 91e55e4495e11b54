"""Tests for ``course_lib.activations`` (elementwise entries; softmax is in test_softmax.py).

Everything parametrized over ``activations.names()`` runs for a newly registered entry too.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import activation_params, arrays, extended, finite, moderate

from course_lib import activations

NAMES = activations.names()
EPS = np.finfo(np.float64).eps
SELU_LAMBDA = 1.0507009873554805  # the issue's constants, typed in independently
SELU_ALPHA = 1.6732632423543772


# ---------------------------------------------------------------- helpers
def in_range(p: activations.Param, v: float) -> bool:
    """Whether v is an allowed value of p (written out here, independently of Param.check)."""
    return (v > p.low if p.low_open else v >= p.low) and v <= p.high


def spread_values(p: activations.Param) -> list[float]:
    """Allowed values of p across its range: the boundary (or just inside it), the default,
    small and large values and a negative one where allowed."""
    cands = [p.default, 0.5, 2.0, 5.0, -0.5]
    if math.isfinite(p.low):
        cands.append(p.low + 0.05 if p.low_open else p.low)
    return sorted({v for v in cands if in_range(p, v)})


def extreme_values(p: activations.Param) -> list[float]:
    """The most extreme allowed values of p: at (or 1e-12 inside) its lower end, ±1e6."""
    cands = [1e6, -1e6]
    if math.isfinite(p.low):
        cands.append(p.low + 1e-12 if p.low_open else p.low)
    return sorted({v for v in cands if in_range(p, v)})


def param_cases(values=spread_values):
    """(name, params) for every entry: its defaults, then each parameter moved across its range."""
    for name in NAMES:
        act = activations.get(name)
        yield pytest.param(name, {}, id=f"{name}-default")
        for p in act.params:
            for v in values(p):
                if v != p.default:
                    yield pytest.param(name, {p.name: v}, id=f"{name}-{p.name}={v:g}")


PARAM_CASES = list(param_cases())

# Points in [-12, 12]: a fine grid and random points. Beyond |z| ≈ 12 every registered function
# is either saturated (f' below the finite-difference noise floor) or in a Gaussian-like tail
# whose length scale (1/|z| for gelu, ~1/z² for gelu_tanh) is no longer ≫ h, so the O(h²)
# error of central differences exceeds 1e-7 there; the tails are checked by the limit tests.
GRID = np.concatenate([np.linspace(-12.0, 12.0, 481), np.random.default_rng(0).uniform(-12, 12, 200)])


def away_from(z: np.ndarray, points, margin: float = 1e-3) -> np.ndarray:
    """The entries of z further than ``margin`` (≫ h) from every point in ``points``."""
    pts = np.asarray(points, dtype=float)
    if pts.size == 0:
        return z
    return z[np.min(np.abs(z[:, None] - pts[None, :]), axis=1) > margin]


def fd_points(act: activations.Activation) -> np.ndarray:
    """GRID moved away from act's kinks and from 0, where the piecewise definitions switch (for
    non-default α, elu has a kink at 0; at α = 1 it is C¹ but not C², which already makes the
    central difference only O(h) accurate there)."""
    return away_from(GRID, (*act.kinks, 0.0))


def central_difference(f, z: np.ndarray):
    """(f(z+h) − f(z−h)) / (2h) per point, and the round-off noise floor of that estimate.

    Step: h = 1e-6·max(1, |z|). The error of the quotient is h²|f'''|/6 (truncation) plus
    ~eps·|f|/h (round-off); with h relative to the scale of z both stay ≲ 1e-10·max(|f|, |f'|)
    on GRID. We divide by the actual spacing (z+h) − (z−h), which is exact in floating point,
    not by 2h: z ± h is rounded, and that rounding would otherwise enter at the 1e-10 level.

    Floor: f(z ± h) are each computed to a few ulps, so the quotient is uncertain by about
    4·eps·(|f(z+h)| + |f(z−h)|)/spacing. Where f' is not well above that (f' ≈ 0 where f is
    flat, e.g. step, relu for z < 0, saturated tails such as σ'(12) ≈ 6e-6 next to σ ≈ 1),
    the quotient cannot resolve f' to a relative 1e-7, so only agreement within the floor can
    be asked for; everywhere else the relative error must be < 1e-7.
    """
    h = 1e-6 * np.maximum(1.0, np.abs(z))
    zp, zm = z + h, z - h
    fp, fm = np.asarray(f(zp)), np.asarray(f(zm))
    spacing = zp - zm
    return (fp - fm) / spacing, 4.0 * EPS * (np.abs(fp) + np.abs(fm)) / spacing


def assert_matches_fd(z, analytic, numeric, floor, what: str, rtol: float = 1e-7) -> None:
    """Relative error < rtol wherever |analytic − numeric| exceeds the finite-difference floor."""
    err = np.abs(analytic - numeric)
    rel = err / np.maximum(np.abs(analytic) + np.abs(numeric), np.finfo(float).tiny)
    bad = (rel > rtol) & (err > floor)
    if bad.any():
        i = int(np.argmax(np.where(bad, rel, 0.0)))
        pytest.fail(
            f"{what}: at z = {z[i]!r} analytic {analytic[i]!r}, central difference {numeric[i]!r}, "
            f"relative error {rel[i]:.3g} > {rtol:g} ({int(bad.sum())} of {z.size} points fail)"
        )


# ---------------------------------------------------------------- the registry
def test_registry_holds_every_activation_of_the_issue():
    expected = {
        "step", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "selu",
        "gelu", "gelu_tanh", "gelu_sigmoid", "swish", "lisht", "mish", "softplus",
        "hard_sigmoid", "softsign",
    }  # fmt: skip
    assert expected <= set(NAMES), f"missing activations: {sorted(expected - set(NAMES))}"
    assert len(NAMES) == len(set(NAMES))


def test_parameters_and_defaults_are_the_issues():
    params = {n: {p.name: p.default for p in activations.get(n).params} for n in NAMES}
    assert params["leaky_relu"] == {"alpha": 0.01}
    assert params["prelu"] == {"alpha": 0.25}
    assert params["elu"] == {"alpha": 1.0}
    assert params["swish"] == {"beta": 1.0}
    assert params["selu"] == {}, "selu's λ and α are fixed constants, not parameters"
    assert activations.get("selu").constants == {"lambda": SELU_LAMBDA, "alpha": SELU_ALPHA}


@pytest.mark.parametrize("name", NAMES)
def test_entry_is_complete(name):
    act = activations.get(name)
    assert act.name == name and activations.get(name) is act
    assert repr(act).startswith(f"Activation({name}")
    for text in (act.latex, act.dlatex, act.f_range_latex, act.df_range_latex, act.note):
        assert isinstance(text, str) and text.strip(), f"{name}: empty LaTeX/note field"
    lo, hi = act.f_range
    assert lo < hi
    for p in act.params:
        assert in_range(p, p.default), f"{name}: default {p.name}={p.default} outside its range"
        assert act.defaults[p.name] == p.default
    learnable = {p.name for p in act.params if p.learnable}
    assert learnable == set(act.dparams), f"{name}: learnable params {learnable} ≠ dparams"


@pytest.mark.parametrize("name", NAMES)
def test_smooth_means_no_kinks(name):
    act = activations.get(name)
    assert act.smooth == (len(act.kinks) == 0), f"{name}: smooth={act.smooth}, kinks={act.kinks}"


# ---------------------------------------------------------------- derivatives
@pytest.mark.parametrize(("name", "params"), PARAM_CASES)
def test_grad_matches_central_differences(name, params):
    act = activations.get(name)
    z = fd_points(act)
    numeric, floor = central_difference(lambda t: act(t, **params), z)
    assert_matches_fd(z, act.grad(z, **params), numeric, floor, f"{name}'({params})")


@pytest.mark.parametrize(
    ("name", "params"),
    [c for c in PARAM_CASES if activations.get(c.values[0]).dparams],
)
def test_grad_param_matches_central_differences_in_the_parameter(name, params):
    act = activations.get(name)
    z = fd_points(act)
    for pname in act.dparams:
        p0 = params.get(pname, act.defaults[pname])
        h = 1e-6 * max(1.0, abs(p0))
        fp = act(z, **{**params, pname: p0 + h})
        fm = act(z, **{**params, pname: p0 - h})
        spacing = (p0 + h) - (p0 - h)
        numeric = (fp - fm) / spacing
        floor = 4.0 * EPS * (np.abs(fp) + np.abs(fm)) / spacing
        analytic = act.grad_param(z, pname, **params)
        assert_matches_fd(z, analytic, numeric, floor, f"∂{name}/∂{pname} ({params})")


def test_prelu_grad_alpha_is_min_z_0():
    prelu = activations.get("prelu")
    z = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])
    np.testing.assert_array_equal(prelu.grad_param(z, "alpha", alpha=0.7), [-3.0, -0.5, 0, 0, 0])


@pytest.mark.parametrize("name", [n for n in NAMES if activations.get(n).kinks])
def test_grad_at_a_kink_is_the_left_derivative(name):
    """The docstring's convention: at a kink, grad returns the limit from below."""
    act = activations.get(name)
    for k in act.kinks:
        left, right = act.grad(k - 1e-9), act.grad(k + 1e-9)
        assert act.grad(k) == pytest.approx(left, rel=1e-8, abs=1e-12), f"{name}'({k})"
        jumps = abs(left - right) > 1e-3 or abs(act(k + 1e-9) - act(k - 1e-9)) > 1e-3
        assert jumps, f"{name}: listed kink at {k}, but neither f nor f' jumps there"


JUMP_GRID = np.arange(-1200, 1201) / 200.0  # spacing 0.005 on [-6, 6]: holds 0 and ±2.5 exactly


def jump_cases():
    """(name, params): defaults, and each parameter at a few values (α = 1 removes ELU's kink)."""
    for name in NAMES:
        act = activations.get(name)
        yield pytest.param(name, {}, id=f"{name}-default")
        for p in act.params:
            for v in {0.5, 1.0, 2.0} - {p.default}:
                if in_range(p, v):
                    yield pytest.param(name, {p.name: v}, id=f"{name}-{p.name}={v:g}")


@pytest.mark.parametrize(("name", "params"), list(jump_cases()))
def test_listed_jumps_are_exactly_where_f_or_its_derivative_jumps(name, params):
    """At every grid point c: f jumps if f(c − d) and f(c + d) differ by far more than its slope
    allows; f' jumps if central differences just left and just right of c differ. Both must
    happen exactly at the registry's listed points, and nowhere else on the grid."""
    act = activations.get(name)
    c, d, h = JUMP_GRID, 1e-4, 1e-6

    def f(t):
        return act(t, **params)

    def slope(t):
        return (f(t + h) - f(t - h)) / (2 * h)

    f_gap = np.abs(f(c + d) - f(c - d))
    df_gap = np.abs(slope(c + d) - slope(c - d))
    # smooth pieces: |f'| ≤ 2 and |f''| ≤ 5 on [-6, 6] for the parameters tried (Swish β = 2
    # has the largest f''), so without a jump f_gap ≤ 4e-4 and df_gap ≤ 1e-3 + rounding noise
    f_jumps = set(c[f_gap > 1e-2].tolist())
    df_jumps = set(c[df_gap > 1e-2].tolist())
    assert f_jumps == set(act.jumps(**params)), f"{name}({params}): f jumps at {sorted(f_jumps)}"
    listed = set(act.jumps(derivative=True, **params)) - set(act.f_jumps)
    assert df_jumps - f_jumps == listed, f"{name}({params}): f' jumps at {sorted(df_jumps)}"


def test_jumps_depend_on_the_parameters():
    get = activations.get
    assert get("elu").jumps(derivative=True) == () and get("elu").smooth
    assert get("elu").jumps(derivative=True, alpha=2.0) == (0.0,)
    assert get("leaky_relu").jumps(derivative=True, alpha=1.0) == ()  # α = 1 is the identity
    assert get("hard_sigmoid").jumps(derivative=True) == (-2.5, 2.5) and get("hard_sigmoid").jumps() == ()
    assert get("step").jumps() == (0.0,) == get("step").jumps(derivative=True)
    assert get("relu").jumps() == () and get("relu").kinks == (0.0,)
    with pytest.raises(ValueError, match="alpha"):
        get("elu").jumps(alpha=-1.0)


def test_kink_conventions_by_value():
    g = {n: activations.get(n).grad for n in NAMES}
    assert g["relu"](0.0) == 0.0
    assert g["leaky_relu"](0.0) == 0.01
    assert g["leaky_relu"](0.0, alpha=0.3) == 0.3
    assert g["prelu"](0.0) == 0.25
    assert g["step"](0.0) == 0.0
    assert g["hard_sigmoid"](-2.5) == 0.0
    assert g["hard_sigmoid"](2.5) == 0.2
    assert g["selu"](0.0) == pytest.approx(SELU_LAMBDA * SELU_ALPHA, rel=1e-15)
    assert g["elu"](0.0, alpha=2.0) == 2.0


@pytest.mark.parametrize("name", [n for n in NAMES if activations.get(n).smooth])
def test_smooth_entries_have_a_continuous_derivative(name):
    act = activations.get(name)
    z = np.linspace(-12.0, 12.0, 240001)  # spacing 1e-4
    jumps = np.abs(np.diff(act.grad(z)))
    # |f''| ≤ 2 for every smooth registered entry at default parameters (lisht and softsign
    # reach 2 at 0), so neighbouring derivatives differ by ≤ 2e-4; a jump stands out above that.
    assert jumps.max() < 5e-4, f"{name}: f' jumps by {jumps.max():.3g} near z = {z[jumps.argmax()]}"
    assert act.grad(1e-12) == pytest.approx(act.grad(-1e-12), abs=1e-9)


def test_explicit_derivative_values():
    """A few derivatives known in closed form at simple points (written out by hand)."""
    g = {n: activations.get(n).grad for n in NAMES}
    assert g["sigmoid"](0.0) == 0.25
    assert g["tanh"](0.0) == 1.0
    assert g["softsign"](1.0) == 0.25  # 1/(1+1)²
    assert g["gelu"](0.0) == 0.5  # Φ(0) + 0·φ(0)
    assert g["gelu_tanh"](0.0) == 0.5
    assert g["swish"](0.0) == 0.5  # σ(0) + 0
    assert g["mish"](0.0) == pytest.approx(math.tanh(math.log(2.0)), rel=1e-15)  # tanh(ln 2)
    assert g["softplus"](0.0) == 0.5
    assert g["lisht"](0.0) == 0.0
    assert g["elu"](-1.0) == pytest.approx(math.exp(-1.0), rel=1e-15)
    assert g["hard_sigmoid"](1.0) == 0.2
    assert g["hard_sigmoid"](3.0) == 0.0
    assert g["linear"](7.0) == 1.0


# ---------------------------------------------------------------- forward values
def test_explicit_forward_values():
    f = {n: activations.get(n) for n in NAMES}
    assert f["step"](0.0) == 1.0 and f["step"](-1e-300) == 0.0
    assert f["sigmoid"](0.0) == 0.5
    assert f["sigmoid"](2.0) == pytest.approx(1 / (1 + math.exp(-2.0)), rel=1e-15)
    assert f["relu"](-3.0) == 0.0 and f["relu"](3.0) == 3.0
    assert f["leaky_relu"](-2.0) == -0.02
    assert f["prelu"](-2.0) == -0.5 and f["prelu"](-2.0, alpha=-1.0) == 2.0
    assert f["elu"](-1.0) == pytest.approx(math.exp(-1.0) - 1.0, rel=1e-15)
    assert f["elu"](-1.0, alpha=2.0) == pytest.approx(2 * (math.exp(-1.0) - 1.0), rel=1e-15)
    selu_m1 = SELU_LAMBDA * SELU_ALPHA * (math.exp(-1.0) - 1.0)
    assert f["selu"](-1.0) == pytest.approx(selu_m1, rel=1e-15)
    assert f["selu"](2.0) == pytest.approx(SELU_LAMBDA * 2.0, rel=1e-15)
    assert f["gelu"](1.0) == pytest.approx(0.5 * (1 + math.erf(1 / math.sqrt(2))), rel=1e-15)
    u = math.sqrt(2 / math.pi) * (1.0 + 0.044715)
    assert f["gelu_tanh"](1.0) == pytest.approx(0.5 * (1 + math.tanh(u)), rel=1e-15)
    assert f["gelu_sigmoid"](1.0) == pytest.approx(1 / (1 + math.exp(-1.702)), rel=1e-15)
    assert f["swish"](2.0, beta=0.5) == pytest.approx(2 / (1 + math.exp(-1.0)), rel=1e-15)
    assert f["swish"](2.0, beta=0.0) == 1.0  # β = 0: z/2
    assert f["lisht"](-1.0) == pytest.approx(math.tanh(1.0), rel=1e-15)
    assert f["mish"](1.0) == pytest.approx(math.tanh(math.log1p(math.e)), rel=1e-15)
    assert f["softplus"](0.0) == pytest.approx(math.log(2.0), rel=1e-15)
    assert f["softplus"](-800.0) == 0.0 and f["softplus"](800.0) == 800.0
    assert f["hard_sigmoid"](1.0) == pytest.approx(0.7, rel=1e-15)
    assert f["hard_sigmoid"](-3.0) == 0.0 and f["hard_sigmoid"](3.0) == 1.0
    assert f["softsign"](3.0) == 0.75


def test_gelu_variants_are_close_to_exact_gelu():
    z = np.linspace(-6, 6, 1201)
    exact = activations.get("gelu")(z)
    assert np.max(np.abs(activations.get("gelu_tanh")(z) - exact)) < 1e-3
    assert np.max(np.abs(activations.get("gelu_sigmoid")(z) - exact)) < 2.5e-2


def test_scalar_in_scalar_out_and_float64():
    for name in NAMES:
        act = activations.get(name)
        for fn in (act, act.grad):
            out = fn(0.5)
            assert np.ndim(out) == 0 and isinstance(out, np.float64), f"{name}: {type(out)}"
            out = fn(np.array([1, -2], dtype=np.int32))
            assert out.dtype == np.float64
            assert fn([0.5, -1.0]).shape == (2,)


# ---------------------------------------------------------------- registry metadata is true
def parse_range(latex: str, act: activations.Activation):
    """A range in the registry's LaTeX: ('set', values) for \\{a, b\\}, or ('interval', lo,
    lo_open, hi, hi_open, approx); endpoints that are expressions (\\max(1,\\alpha)) are None."""
    values = {**{p.symbol: p.default for p in act.params if p.symbol}, r"\infty": math.inf}

    def number(text: str):
        t = text.replace(r"\approx", "").strip()
        sign = -1.0 if t.startswith("-") else 1.0
        t = t.lstrip("-").strip()
        if t in values:
            return sign * values[t]
        try:
            return sign * float(t)
        except ValueError:
            return None

    if r" \cup " in latex:  # e.g. elu's (0, \alpha] \cup \{1\}
        left, right = latex.split(r" \cup ")
        return "union", parse_range(left, act), parse_range(right, act)
    if latex.startswith(r"\{"):
        return "set", [number(t) for t in latex[2:-2].split(", ")]
    lo, hi = latex[1:-1].split(", ")
    return "interval", number(lo), latex[0] == "(", number(hi), latex[-1] == ")", "approx" in latex


WIDE = np.concatenate([np.linspace(-50, 50, 100001), [-1e12, -1e6, 1e6, 1e12]])


def within(values, spec, tol: float) -> np.ndarray:
    """Elementwise: does each value lie in the (interval or set) spec, up to tol?"""
    if spec[0] == "set":
        return np.isclose(values[:, None], np.array(spec[1])[None, :], rtol=0, atol=1e-12).any(axis=1)
    _, lo, _, hi, _, _ = spec
    return (values >= lo - tol) & (values <= hi + tol)


def check_range(values, spec, what: str, strict: bool, tol: float) -> None:
    if spec[0] == "union":  # each value lies in one of the parts
        ok = within(values, spec[1], tol) | within(values, spec[2], tol)
        assert ok.all(), f"{what}: values {values[~ok][:3]} outside the union"
        return
    if spec[0] == "set":
        allowed = [v for v in spec[1] if v is not None]
        if len(allowed) == len(spec[1]):
            ok = np.isclose(values[:, None], np.array(allowed)[None, :], rtol=0, atol=1e-12)
            assert ok.any(axis=1).all(), f"{what}: values outside {allowed}"
        return
    _, lo, lo_open, hi, hi_open, approx = spec
    tol = 5e-4 if approx else tol  # "≈ -0.129" is rounded to 3 decimals
    if lo is not None:
        assert values.min() >= lo - tol, f"{what}: min {values.min()!r} < {lo}"
        if strict and lo_open and not approx:
            assert values.min() > lo, f"{what}: attains the open end {lo}"
    if hi is not None:
        assert values.max() <= hi + tol, f"{what}: max {values.max()!r} > {hi}"
        if strict and hi_open and not approx:
            assert values.max() < hi, f"{what}: attains the open end {hi}"


def check_range_is_tight(fn, spec, what: str, tol: float) -> None:
    """Every finite endpoint (and every element of a set) is attained or approached by fn."""
    if spec[0] == "union":
        for part in spec[1:]:
            check_range_is_tight(fn, part, what, tol)
        return
    values = fn(WIDE)
    if spec[0] == "set":
        for v in spec[1]:
            if v is not None:
                assert np.isclose(values, v, rtol=0, atol=1e-12).any(), f"{what}: never {v}"
        return
    _, lo, _, hi, _, approx = spec
    tol = 5e-4 if approx else tol
    for end, pick in ((lo, np.argmin), (hi, np.argmax)):
        if end is None:
            continue
        i = int(pick(values))
        if math.isinf(end):
            assert values[i] * np.sign(end) > 1e3, f"{what}: does not grow towards {end}"
            continue
        # refine an interior extremum: the grid spacing 1e-3 alone leaves an error ~1e-7
        local = fn(np.linspace(WIDE[max(i - 1, 0)], WIDE[min(i + 1, WIDE.size - 1)], 20001))
        extreme = float(local.min() if pick is np.argmin else local.max())
        extreme = min(extreme, values[i]) if pick is np.argmin else max(extreme, values[i])
        assert abs(extreme - end) <= tol, f"{what}: approaches {extreme!r}, not {end}"


@pytest.mark.parametrize("name", NAMES)
def test_documented_output_range_holds_and_is_tight(name):
    act = activations.get(name)
    spec = parse_range(act.f_range_latex, act)
    if spec[0] == "interval":  # the numeric f_range is more precise than the LaTeX
        spec = ("interval", act.f_range[0], spec[2], act.f_range[1], spec[4], False)
    # The registry's constants (gelu's minimum −0.16997120748) are rounded to 11 decimals.
    check_range(act(WIDE), spec, f"{name}(z)", strict=False, tol=1e-10)
    check_range(act(np.linspace(-15, 15, 30001)), spec, f"{name}(z)", strict=True, tol=1e-10)
    check_range_is_tight(act, spec, f"{name}(z)", tol=1e-10)


@pytest.mark.parametrize("name", NAMES)
def test_documented_derivative_range_holds_and_is_tight(name):
    act = activations.get(name)
    spec = parse_range(act.df_range_latex, act)
    check_range(act.grad(WIDE), spec, f"{name}'(z)", strict=False, tol=1e-12)
    check_range(act.grad(np.linspace(-15, 15, 30001)), spec, f"{name}'(z)", strict=True, tol=1e-12)
    check_range_is_tight(act.grad, spec, f"{name}'(z)", tol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_zero_centred_flag(name):
    act = activations.get(name)
    values = act(np.linspace(-10, 10, 2001))
    is_zero_centred = act(0.0) == 0.0 and values.min() < 0 < values.max()
    assert act.zero_centred == is_zero_centred, f"{name}: zero_centred={act.zero_centred}"


@pytest.mark.parametrize("name", [n for n in NAMES if not activations.get(n).monotone])
def test_non_monotone_entries_really_decrease_somewhere(name):
    act = activations.get(name)
    z = np.linspace(-10, 10, 2001)
    settings = [{}] + [{p.name: v} for p in act.params for v in spread_values(p)]
    assert any(act.grad(z, **kw).min() < 0 for kw in settings), f"{name} looks monotone"


def test_prelu_is_monotone_at_its_default_and_not_for_a_negative_alpha():
    prelu = activations.get("prelu")
    z = np.linspace(-10, 10, 2001)
    assert prelu.monotone and prelu.defaults == {"alpha": 0.25}
    assert np.all(np.diff(prelu(z)) >= 0)
    assert np.any(np.diff(prelu(z, alpha=-0.5)) < 0)


# ---------------------------------------------------------------- property tests (Hypothesis)
# Tests parametrized over all entries draw fewer examples each (still ~450 per test in total).
per_entry = settings(max_examples=25)


@given(z=moderate)
def test_sigmoid_symmetry(z):
    s = activations.get("sigmoid")
    assert s(-z) == pytest.approx(1.0 - s(z), abs=1e-15)


@given(z=finite)
def test_tanh_and_softsign_are_odd_lisht_is_even(z):
    for name in ("tanh", "softsign"):
        assert activations.get(name)(-z) == -activations.get(name)(z)
    assert activations.get("lisht")(-z) == activations.get("lisht")(z)


@given(z=st.floats(-700, 700))
def test_f_of_z_minus_f_of_minus_z_is_z(z):
    """relu, softplus, gelu and swish (β > 0) all satisfy f(z) − f(−z) = z."""
    for name, kw in [("relu", {}), ("softplus", {}), ("gelu", {}), ("swish", {"beta": 1.3})]:
        act = activations.get(name)
        fz, fmz = act(z, **kw), act(-z, **kw)
        # the subtraction in the test itself cancels (softplus(±1e-100) = ln 2): allow its
        # round-off, a few ulps of the operands; and one smallest subnormal, the rounding of
        # f(±z) = ±z·½ (gelu, swish) for the smallest z: 5e-324·½ rounds to 0, on both sides
        tol = 4 * EPS * (abs(fz) + abs(fmz)) + np.finfo(np.float64).smallest_subnormal
        assert fz - fmz == pytest.approx(z, rel=1e-12, abs=tol), name


@given(z=moderate)
def test_textbook_identities(z):
    a = {n: activations.get(n) for n in NAMES}
    s = a["sigmoid"](z)
    # σ(1 − σ) is the inaccurate side (1 − σ cancels for z ≫ 0): allow its round-off, eps·σ
    assert a["sigmoid"].grad(z) == pytest.approx(s * (1 - s), rel=1e-12, abs=EPS)
    assert a["tanh"](z) == pytest.approx(2 * a["sigmoid"](2 * z) - 1, rel=1e-12, abs=1e-15)
    assert a["tanh"].grad(z) == pytest.approx(1 - math.tanh(z) ** 2, rel=1e-9, abs=1e-15)
    assert a["softplus"].grad(z) == pytest.approx(s, rel=1e-12, abs=1e-300)
    assert a["selu"](z) == pytest.approx(SELU_LAMBDA * a["elu"](z, alpha=SELU_ALPHA), rel=1e-15)
    assert a["gelu_sigmoid"](z) == pytest.approx(a["swish"](z, beta=1.702), rel=1e-15)
    assert a["swish"](z) == pytest.approx(z * s, rel=1e-12, abs=1e-300)  # SiLU at β = 1


@given(z=moderate)
def test_named_output_ranges(z):
    """The ranges the issue names explicitly, for moderate z (open ends are strict there)."""
    a = {n: activations.get(n) for n in NAMES}
    assert 0.0 < a["sigmoid"](z) < 1.0
    assert 0.0 < a["sigmoid"].grad(z) <= 0.25
    assert 0.0 < a["tanh"].grad(z) <= 1.0
    assert -1.0 < a["softsign"](z) < 1.0
    assert a["selu"](z) > -SELU_LAMBDA * SELU_ALPHA
    assert 0.0 < a["selu"].grad(z) <= SELU_LAMBDA * SELU_ALPHA
    assert 0.0 < a["elu"].grad(z, alpha=3.0) <= 3.0 and 0.0 < a["elu"].grad(z, alpha=0.5) <= 1.0
    assert a["relu"](z) >= 0.0 and a["softplus"](z) > 0.0


@pytest.mark.parametrize("name", NAMES)
@per_entry
@given(data=st.data())
def test_outputs_stay_in_the_documented_range(name, data):
    act = activations.get(name)
    spec = parse_range(act.f_range_latex, act)
    z = data.draw(arrays(moderate, min_dims=1))
    if spec[0] == "interval":
        spec = ("interval", act.f_range[0], spec[2], act.f_range[1], spec[4], False)
    check_range(act(z).ravel(), spec, f"{name}({z})", strict=True, tol=1e-10)
    z = data.draw(arrays(finite, min_dims=1))
    check_range(act(z).ravel(), spec, f"{name}({z})", strict=False, tol=1e-10)


@pytest.mark.parametrize("name", [n for n in NAMES if activations.get(n).monotone])
@per_entry
@given(data=st.data())
def test_monotone_entries_have_nonnegative_grad(name, data):
    """The flag describes f at its default parameters (like f_range). A learnable parameter may
    leave them in training (PReLU's α < 0 is not monotone): it is held at its default here."""
    act = activations.get(name)
    params = data.draw(activation_params(act))
    params.update({p.name: p.default for p in act.params if p.learnable})
    z = data.draw(arrays(finite, min_dims=1))
    assert (act.grad(z, **params) >= 0).all()


@pytest.mark.parametrize("name", NAMES)
@per_entry
@given(data=st.data())
def test_shape_preserved_and_input_untouched(name, data):
    act = activations.get(name)
    params = data.draw(activation_params(act))
    z = data.draw(arrays(extended))
    before = z.copy()
    fns = [act, act.grad, *(lambda t, p=p, **kw: act.grad_param(t, p, **kw) for p in act.dparams)]
    for fn in fns:
        out = np.asarray(fn(z, **params))
        assert out.shape == z.shape
        assert not np.shares_memory(out, z), f"{name} returned (a view of) its input"
        np.testing.assert_array_equal(z, before, err_msg=f"{name} modified its input")


# ---------------------------------------------------------------- numerics at extreme z
Z_ISSUE = [1e4, 1e3, 50.0, 1e-12, 0.0, -1e-12, -50.0, -1e3, -1e4]
Z_EXTREME = np.array([*Z_ISSUE, 1e300, -1e300, 5e-324, -5e-324])

# The limits at -inf and +inf of f and f' (default parameters), worked out by hand.
L, A = SELU_LAMBDA, SELU_ALPHA
INF = math.inf
LIMITS = {  # name: (f(-inf), f(inf), f'(-inf), f'(inf))
    "step": (0, 1, 0, 0),
    "linear": (-INF, INF, 1, 1),
    "sigmoid": (0, 1, 0, 0),
    "tanh": (-1, 1, 0, 0),
    "relu": (0, INF, 0, 1),
    "leaky_relu": (-INF, INF, 0.01, 1),
    "prelu": (-INF, INF, 0.25, 1),
    "elu": (-1, INF, 0, 1),
    "selu": (-L * A, INF, 0, L),
    "gelu": (0, INF, 0, 1),
    "gelu_tanh": (0, INF, 0, 1),
    "gelu_sigmoid": (0, INF, 0, 1),
    "swish": (0, INF, 0, 1),
    "lisht": (INF, INF, -1, 1),  # f' = tanh z + z sech² z
    "mish": (0, INF, 0, 1),
    "softplus": (0, INF, 0, 1),
    "hard_sigmoid": (0, 1, 0, 0),
    "softsign": (-1, 1, 0, 0),
}


def evaluate_strictly(fn, z, **params):
    """fn(z) with every floating-point warning (overflow, invalid, divide) an error."""
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        return np.asarray(fn(z, **params))


@pytest.mark.parametrize("name", NAMES)
def test_limits_at_infinity(name):
    assert name in LIMITS, f"add the limits of {name} and its derivative at ±inf to LIMITS"
    act = activations.get(name)
    f = evaluate_strictly(act, np.array([-np.inf, np.inf]))
    df = evaluate_strictly(act.grad, np.array([-np.inf, np.inf]))
    np.testing.assert_allclose([*f, *df], LIMITS[name], rtol=1e-15, err_msg=name)


@pytest.mark.parametrize(("name", "params"), list(param_cases(extreme_values)))
def test_no_warnings_and_finite_at_extreme_inputs(name, params):
    act = activations.get(name)
    fns = {"f": act, "f'": act.grad}
    fns.update({f"∂f/∂{p}": lambda z, p=p, **kw: act.grad_param(z, p, **kw) for p in act.dparams})
    for label, fn in fns.items():
        out = evaluate_strictly(fn, Z_EXTREME, **params)
        bad = ~np.isfinite(out)
        assert not bad.any(), f"{label} {name}({params}) not finite at z = {Z_EXTREME[bad]}"
        # ±inf: the limit. Where f(±1e300) is moderate, the tail has converged to it; where it
        # is huge, the limit is ±inf with the same sign.
        for sign in (-1.0, 1.0):
            at_inf = float(evaluate_strictly(fn, sign * np.inf, **params))
            far = float(evaluate_strictly(fn, sign * 1e300, **params))
            if abs(far) < 1e100:
                assert at_inf == pytest.approx(far, abs=1e-12), f"{label} {name} at {sign}inf"
            else:
                assert at_inf == math.copysign(math.inf, far), f"{label} {name} at {sign}inf"


@pytest.mark.parametrize("z", [0.0, 1e-300, 1e-16, 1e-12, -1e-12, 1e-8, -1e-6])
def test_peak_derivatives_never_exceed_their_bound_near_zero(z):
    """Rounding in e/(1+e)² near z = 0 once gave σ'(1e-12) = 0.25 + 1 ulp (found by Hypothesis)."""
    assert activations.get("sigmoid").grad(z) <= 0.25
    assert activations.get("tanh").grad(z) <= 1.0
