r"""Checkers for 08 — weight initialization: ``he_normal`` and ``glorot_uniform``, the ReLU variance
(derived), and the signal profile of a deep stack (``signal_profile``, checked on fixed stacks).

The weights are random, so the checks are statistical, on a large draw W of shape
(fan_in, fan_out) = (400, 600): 240 000 values estimate the variance to about 0.3 %, so a
tolerance of 3 % accepts every correct implementation (also Keras' truncated normal) and tells
each planted mistake apart (their variances differ from the target by 25 % or more). Before the
statistics: the shape, and that the function draws from the ``rng`` it is given (same seed →
same W, different seed → different W).
"""

from __future__ import annotations

import math

import numpy as np

from course_lib import activations, initializers, nn
from course_lib.exercises._core import (
    Case,
    Feedback,
    Mistake,
    call,
    define,
    describe,
    exercise,
    expect_array,
    hinted,
    matching_hints,
    mistake_values,
)
from course_lib.topics.initialization import init_spec, signal_profile

__all__ = ["check_glorot_uniform", "check_he_normal", "check_relu_weight_variance", "check_signal_profile"]

FAN_IN, FAN_OUT = 400, 600  # unequal, so fan_in, fan_out and their mean give different variances
SEEDS = (8, 9)
RTOL = 0.03  # relative tolerance on the variance


def _he_normal(fan_in, fan_out, rng):
    """W ~ N(0, 2/fan_in), shape (fan_in, fan_out)."""
    return rng.normal(0.0, math.sqrt(2.0 / fan_in), size=(fan_in, fan_out))


def _glorot_uniform(fan_in, fan_out, rng):
    """W ~ U[-L, L] with L = √(6/(fan_in + fan_out)), shape (fan_in, fan_out)."""
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


# ---------------------------------------------------------------- planted mistakes
GLOBAL_HINT = (
    "your function drew from NumPy's global random state (np.random.normal(...), np.random.seed(...)) "
    "instead of the rng it is given: draw with rng.normal(...) / rng.uniform(...), so results are "
    "reproducible and np.random is left alone."
)
UNSEEDED_HINT = (
    "your function does not use the rng it is given (two calls with the same seed gave different W; "
    "np.random.default_rng() inside?): draw from the rng passed in, rng.normal(...) / rng.uniform(...)."
)
OWN_SEED_HINT = (
    "your function gives the same W for different generators: it seems to make its own "
    "(np.random.default_rng(0) inside?). Draw from the rng passed in."
)
TRANSPOSED_HINT = (
    "W has shape (fan_in, fan_out): one row per input, one column per unit, so that Z = X @ W "
    "works for X of shape (m, fan_in)."
)


def _transposed(draw):
    return lambda fan_in, fan_out, rng: draw(fan_out, fan_in, rng)


def _global_normal(fan_in, fan_out, rng):
    return np.random.normal(0.0, math.sqrt(2.0 / fan_in), size=(fan_in, fan_out))  # noqa: NPY002


def _own_seed_normal(fan_in, fan_out, rng):
    return np.random.default_rng(0).normal(0.0, math.sqrt(2.0 / fan_in), size=(fan_in, fan_out))


def _global_uniform(fan_in, fan_out, rng):
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    return np.random.uniform(-limit, limit, size=(fan_in, fan_out))  # noqa: NPY002


def _normal_with_std(std_fn):
    return lambda fan_in, fan_out, rng: rng.normal(0.0, std_fn(fan_in, fan_out), size=(fan_in, fan_out))


def _uniform_with_limit(limit_fn):
    def draw(fan_in, fan_out, rng):
        limit = limit_fn(fan_in, fan_out)
        return rng.uniform(-limit, limit, size=(fan_in, fan_out))

    return draw


HE_MISTAKES = (
    Mistake(
        "variance as std",
        _normal_with_std(lambda fi, fo: 2.0 / fi),
        "you used 2/fan_in as the standard deviation; 2/fan_in is the variance, so σ = √(2/fan_in) "
        "(rng.normal takes σ, not σ²).",
    ),
    Mistake(
        "LeCun variance",
        _normal_with_std(lambda fi, fo: math.sqrt(1.0 / fi)),
        "your variance is 1/fan_in: that is LeCun's initialization. He's is twice as large, 2/fan_in, "
        "to make up for ReLU zeroing half of its inputs.",
    ),
    Mistake(
        "Glorot variance",
        _normal_with_std(lambda fi, fo: math.sqrt(2.0 / (fi + fo))),
        "your variance is 2/(fan_in + fan_out): that is Glorot (Xavier) normal. He normal uses only "
        "the fan-in: Var(W) = 2/fan_in.",
    ),
    Mistake(
        "fan_out",
        _normal_with_std(lambda fi, fo: math.sqrt(2.0 / fo)),
        "your variance is 2/fan_out; He normal divides by the fan-in, the number of inputs of each "
        "unit: Var(W) = 2/fan_in.",
    ),
    Mistake(
        "uniform",
        _uniform_with_limit(lambda fi, fo: math.sqrt(6.0 / fi)),
        "your values never go beyond ±√(6/fan_in): that is He *uniform*. He normal draws from a "
        "normal distribution, rng.normal(0, √(2/fan_in), size=...).",
    ),
    Mistake("transposed", _transposed(_he_normal), TRANSPOSED_HINT),
    Mistake("global np.random", _global_normal, GLOBAL_HINT),
    Mistake("own seed", _own_seed_normal, OWN_SEED_HINT),
)

GLOROT_MISTAKES = (
    Mistake(
        "sigma as limit",
        _uniform_with_limit(lambda fi, fo: math.sqrt(2.0 / (fi + fo))),
        "your limit is √(2/(fan_in + fan_out)) = √(1/fan_avg), which is the standard deviation σ. "
        "U[−L, L] has variance L²/3, so the limit is L = √3·σ = √(6/(fan_in + fan_out)).",
    ),
    Mistake(
        "He uniform",
        _uniform_with_limit(lambda fi, fo: math.sqrt(6.0 / fi)),
        "your limit is √(6/fan_in): that is He uniform. Glorot uses both fans: L = √(6/(fan_in + fan_out)).",
    ),
    Mistake(
        "LeCun uniform",
        _uniform_with_limit(lambda fi, fo: math.sqrt(3.0 / fi)),
        "your limit is √(3/fan_in): that is LeCun uniform (variance 1/fan_in). Glorot's is "
        "L = √(6/(fan_in + fan_out)).",
    ),
    Mistake(
        "standard",
        _uniform_with_limit(lambda fi, fo: 1.0 / math.sqrt(fi)),
        "your limit is 1/√fan_in, the 'standard' initialization Glorot & Bengio improved on. "
        "Glorot uniform: L = √(6/(fan_in + fan_out)).",
    ),
    Mistake(
        "no square root",
        _uniform_with_limit(lambda fi, fo: 6.0 / (fi + fo)),
        "your limit is 6/(fan_in + fan_out): take the square root, L = √(6/(fan_in + fan_out)).",
    ),
    Mistake(
        "one-sided",
        lambda fi, fo, rng: rng.uniform(0.0, math.sqrt(6.0 / (fi + fo)), size=(fi, fo)),
        "your weights are all positive (mean ≈ L/2): draw from U[−L, L], "
        "rng.uniform(-limit, limit, size=...).",
    ),
    Mistake(
        "normal",
        _normal_with_std(lambda fi, fo: math.sqrt(2.0 / (fi + fo))),
        "your variance is right but some values lie beyond ±L: that is Glorot *normal*. "
        "Glorot uniform draws from rng.uniform(-limit, limit, size=...).",
    ),
    Mistake("transposed", _transposed(_glorot_uniform), TRANSPOSED_HINT),
    Mistake("global np.random", _global_uniform, GLOBAL_HINT),
)


# ---------------------------------------------------------------- the shared checks
def _signature(name, fan_in, fan_out, seed):
    return f"{name}({fan_in}, {fan_out}, rng=np.random.default_rng({seed}))"


# The exercise asks for the draw itself: the library's initializers are not to be called.
FORBIDDEN = {
    initializers.get: "initializers.get",
    initializers.kaiming_variance: "initializers.kaiming_variance",
}


def _draw(fn, name, fan_in, fan_out, seed):
    """Call the student's fn; return W as a float array of shape (fan_in, fan_out), or Feedback."""
    what = _signature(name, fan_in, fan_out, seed)
    before = np.random.get_state()  # noqa: NPY002 (the legacy global state a student must not touch)
    got = call(fn, fan_in, fan_out, np.random.default_rng(seed), forbid=FORBIDDEN)
    after = np.random.get_state()  # noqa: NPY002
    if not all(np.array_equal(a, b) for a, b in zip(before, after)):
        np.random.set_state(before)  # noqa: NPY002 (put back what the student's function changed)
        raise Feedback(
            f"{what} returned, but it changed np.random's global state; expected it to use only the rng "
            f"given. Hint: {GLOBAL_HINT}"
        )
    if got is not None and np.shape(got) == (fan_out, fan_in) and fan_in != fan_out:
        raise Feedback(
            f"{what} returned shape {np.shape(got)}, expected ({fan_in}, {fan_out}). Hint: {TRANSPOSED_HINT}"
        )
    W = expect_array(got, (fan_in, fan_out), what)
    if not np.all(np.isfinite(W)):
        raise Feedback(f"{what} returned NaN or inf values, expected finite weights.")
    return W


def _check_rng_use(fn, name, W):
    """Same seed → the same W; another seed → another W."""
    again = _draw(fn, name, FAN_IN, FAN_OUT, SEEDS[0])
    what = _signature(name, FAN_IN, FAN_OUT, SEEDS[0])
    if not np.array_equal(W, again):
        raise Feedback(
            f"{what} returned different weights on two calls with the same seed; expected the same W "
            f"both times. Hint: {UNSEEDED_HINT}"
        )
    other = _draw(fn, name, FAN_IN, FAN_OUT, SEEDS[1])
    if np.array_equal(W, other):
        raise Feedback(
            f"{what} and {_signature(name, FAN_IN, FAN_OUT, SEEDS[1])} returned the same weights; "
            f"expected different draws for different seeds. Hint: {OWN_SEED_HINT}"
        )


def _matching(mistakes, stat, measured, rtol):
    """Hints of the mistakes whose ``stat`` (on their own draw, same seed) is within rtol of ``measured``."""
    drawn = mistake_values(mistakes, FAN_IN, FAN_OUT, np.random.default_rng(SEEDS[0]))
    stats = [(m, stat(W)) for m, W in drawn if np.shape(W) == (FAN_IN, FAN_OUT)]
    return matching_hints(measured, stats, same=lambda got, value: math.isclose(got, value, rel_tol=rtol))


def _by_name(mistakes, name) -> Mistake:
    return next(m for m in mistakes if m.name == name)


def _check_statistics(W, name, target_var, mistakes, what_var):
    """Mean ≈ 0 (within 6 standard errors) and variance within RTOL of ``target_var``."""
    what = _signature(name, FAN_IN, FAN_OUT, SEEDS[0])
    sigma = math.sqrt(target_var)
    mean, var = float(W.mean()), float(W.var())
    if abs(mean) > 6 * sigma / math.sqrt(W.size):
        raise hinted(
            f"{what} returned weights with mean {mean:.4g}, expected a mean ≈ 0 (the weights must be "
            "symmetric around 0).",
            _matching(mistakes, lambda V: float(np.mean(V)), mean, 0.05),
        )
    if not math.isclose(var, target_var, rel_tol=RTOL):
        raise hinted(
            f"{what} returned weights with variance {var:.4g}, expected {what_var} = {target_var:.4g} "
            f"(within {RTOL:.0%}).",
            _matching(mistakes, lambda V: float(np.var(V)), var, RTOL),
        )
    return mean, var


# ---------------------------------------------------------------- he_normal
@exercise("he_normal", notebook="08", reference=_he_normal, mistakes=HE_MISTAKES)
def check_he_normal(he_normal) -> str:
    """Shape, use of rng, mean 0, variance 2/fan_in, and normal (not uniform) tails."""
    W = _draw(he_normal, "he_normal", FAN_IN, FAN_OUT, SEEDS[0])
    _check_rng_use(he_normal, "he_normal", W)
    target = 2.0 / FAN_IN
    mean, var = _check_statistics(W, "he_normal", target, HE_MISTAKES, "2/fan_in")
    # a normal puts 8.3 % of its mass beyond √3·σ (a uniform of the same variance: none)
    beyond = float(np.mean(np.abs(W) > math.sqrt(3 * target)))
    if not 0.07 < beyond < 0.10:
        raise hinted(
            f"{_signature('he_normal', FAN_IN, FAN_OUT, SEEDS[0])} returned weights of which "
            f"{beyond:.1%} lie beyond ±√3·σ = ±{math.sqrt(3 * target):.4f}, expected about 8.3 % for a "
            "normal distribution.",
            [_by_name(HE_MISTAKES, "uniform").hint] if beyond == 0.0 else [],
        )
    W_small = _draw(he_normal, "he_normal", 3, 5, SEEDS[0])
    assert W_small.shape == (3, 5)
    return (
        f"W of shape (fan_in, fan_out) from the rng given; on a 400 × 600 draw mean {mean:.1e}, "
        f"variance {var:.5f} vs 2/fan_in = {target:.5f}, normal tails ({beyond:.1%} beyond √3·σ)."
    )


# ---------------------------------------------------------------- glorot_uniform
@exercise("glorot_uniform", notebook="08", reference=_glorot_uniform, mistakes=GLOROT_MISTAKES)
def check_glorot_uniform(glorot_uniform) -> str:
    """Shape, use of rng, mean 0, variance 2/(fan_in + fan_out), bounds ±L and a flat shape."""
    name = "glorot_uniform"
    W = _draw(glorot_uniform, name, FAN_IN, FAN_OUT, SEEDS[0])
    _check_rng_use(glorot_uniform, name, W)
    target = 2.0 / (FAN_IN + FAN_OUT)
    limit = math.sqrt(6.0 / (FAN_IN + FAN_OUT))
    mean, var = _check_statistics(W, name, target, GLOROT_MISTAKES, "2/(fan_in + fan_out)")
    what = _signature(name, FAN_IN, FAN_OUT, SEEDS[0])
    largest = float(np.abs(W).max())
    if largest > limit * (1 + 1e-6):  # float32 arithmetic is fine
        raise hinted(
            f"{what} returned a weight of size {largest:.4f}, expected every |w| ≤ L = "
            f"√(6/(fan_in + fan_out)) = {limit:.4f}.",
            [_by_name(GLOROT_MISTAKES, "normal").hint],
        )
    middle = float(np.mean(np.abs(W) < limit / 2))
    if not 0.48 < middle < 0.52:
        raise Feedback(
            f"{what} returned weights of which {middle:.1%} lie in the middle half [−L/2, L/2], "
            "expected 50 % for a uniform distribution. Hint: draw with rng.uniform(-limit, limit, size=...)."
        )
    W_small = _draw(glorot_uniform, name, 3, 5, SEEDS[0])
    small_limit = math.sqrt(6.0 / 8)
    if np.abs(W_small).max() > small_limit * (1 + 1e-6):
        raise Feedback(
            f"{_signature(name, 3, 5, SEEDS[0])} returned {describe(np.abs(W_small).max())} as its "
            f"largest |w|, expected every |w| ≤ √(6/8) = {small_limit:.4f}."
        )
    return (
        f"W of shape (fan_in, fan_out) from the rng given; on a 400 × 600 draw every |w| ≤ "
        f"L = {limit:.5f}, mean {mean:.1e}, variance {var:.6f} vs 2/(fan_in + fan_out) = {target:.6f}, "
        f"{middle:.1%} in the middle half (uniform: 50 %)."
    )


# ---------------------------------------------------------------- derive: Var(W) for ReLU
def _relu_weight_variance(n_in, n_out):
    """He et al. (2015): Var(W) = 2/n_in keeps E[z²] of a ReLU network constant from layer to layer."""
    return 2.0 / n_in


VARIANCE_MISTAKES = (
    Mistake(
        "LeCun 1/n_in",
        lambda n_in, n_out: 1.0 / n_in,
        "n_in·Var(w) = 1 keeps the signal of a unit whose a ≈ z (tanh near 0); ReLU sets half of its "
        "inputs to 0, so E[a²] is only ½·Var(z): the weights must make up for that factor.",
    ),
    Mistake(
        "Glorot 2/(n_in + n_out)",
        lambda n_in, n_out: 2.0 / (n_in + n_out),
        "you mixed in n_out (Glorot's compromise between forward and backward); the forward signal of "
        "one unit depends only on how many inputs it adds up.",
    ),
    Mistake(
        "fan-out",
        lambda n_in, n_out: 2.0 / n_out,
        "you divided by n_out; in z = Σ w_i a_i the sum runs over the n_in inputs of one unit.",
    ),
    Mistake(
        "standard deviation",
        lambda n_in, n_out: math.sqrt(2.0 / n_in),
        "you returned a standard deviation (a square root); the exercise asks for the variance Var(w).",
    ),
    Mistake(
        "1/√n_in",
        lambda n_in, n_out: 1.0 / math.sqrt(n_in),
        "1/√n_in has the units of a standard deviation, not of a variance; solve n_in·Var(w)·E[a²] = Var(z) "
        "for Var(w), with E[a²] of a ReLU.",
    ),
    Mistake(
        "½ on the wrong side",
        lambda n_in, n_out: 1.0 / (2.0 * n_in),
        "E[relu(z)²] = ½·Var(z) makes the signal smaller at every layer, so the weights must be larger "
        "than 1/n_in to make up for it, not smaller.",
    ),
)

# (300, 100) first: there every planted mistake gives its own value; then small, square, wide, tall layers
_VARIANCE_CASES = ((300, 100), (1, 1), (2, 7), (64, 64), (100, 2000), (784, 256), (4096, 10), (3, 1000))
_SIM_WIDTH, _SIM_DEPTH, _SIM_SEED = 256, 20, 2


def relu_signal_growth(
    variance: float, width: int = _SIM_WIDTH, depth: int = _SIM_DEPTH, seed: int = _SIM_SEED
):
    """E[z_L²] / E[z_1²] for ``depth`` ReLU layers of ``width`` units with W ~ N(0, variance), no biases."""
    gen = np.random.default_rng(seed)
    A = gen.standard_normal((width, width))
    moments = []
    for _ in range(depth):
        Z = A @ gen.normal(0.0, math.sqrt(variance), size=(width, width))
        moments.append(float(np.mean(Z**2)))
        A = np.maximum(Z, 0.0)
    return moments[-1] / moments[0]


# the simulation the ✓ line reports: a right answer is 2/n_in (to 1e-9), so it is run once, with that
_HE_GROWTH, _LECUN_GROWTH = relu_signal_growth(2.0 / _SIM_WIDTH), relu_signal_growth(1.0 / _SIM_WIDTH)

check_relu_weight_variance = define(
    "relu_weight_variance",
    notebook="08",
    reference=_relu_weight_variance,
    # (300, 100) first: there every planted mistake gives its own value; then small, square, wide and
    # tall layers, and sizes given as NumPy integers (as a network's shapes are)
    cases=[
        *(Case((n_in, n_out)) for n_in, n_out in _VARIANCE_CASES),
        Case(
            (np.int64(_SIM_WIDTH), np.int64(_SIM_WIDTH)),
            label=f"n_in=np.int64({_SIM_WIDTH}), n_out=np.int64({_SIM_WIDTH})",
        ),
    ],
    mistakes=VARIANCE_MISTAKES,
    forbid={
        initializers.get: "initializers.get",
        initializers.kaiming_variance: "initializers.kaiming_variance",
    },
    rtol=1e-9,
    atol=0.0,
    verified=(
        "your Var(w) matches at 8 layer sizes from 1 × 1 to 4096 × 10; with it, E[z²] of 20 ReLU layers "
        f"of width {_SIM_WIDTH} changes only by a factor {_HE_GROWTH:.2f} from layer 1 to 20 "
        f"(with 1/n_in: {_LECUN_GROWTH:.1e})."
    ),
    doc="The formula at eight layer sizes (1 × 1 to 4096 × 10) and with NumPy integer sizes.",
)


# ---------------------------------------------------------------- implement: the signal profile of a stack
def _profile_with(
    record: str = "A", first: bool = False, axis: int | None = None, restart: bool = False, ddof: int = 0
):
    """signal_profile with one slip: record the std of ``record`` ("A", "Z" or "var": Var(A)),
    apply f to X ``first`` (f before the product), average the std of each column (``axis=0``),
    or ``restart`` every layer from X."""

    def profile(X, weights, activation):
        X = np.asarray(X, dtype=np.float64)
        A, out = X, []
        for W in weights:
            Z = (activation(A) if first else X if restart else A) @ W
            A = Z if first else activation(Z)
            value = Z if record == "Z" else A
            if record == "var":
                out.append(value.var())
            else:
                out.append(value.std(ddof=ddof) if axis is None else value.std(axis=axis).mean())
        return np.array(out)

    return profile


PROFILE_MISTAKES = (
    Mistake(
        "std of Z",
        _profile_with(record="Z"),
        "you measured the pre-activations Z_l = A_(l-1) W_l; the profile is the std of each layer's "
        "output A_l, after the activation.",
    ),
    Mistake(
        "activation before the product",
        _profile_with(first=True),
        "you applied the activation to the layer's input, before multiplying by W: X enters the first "
        "layer as it is, and f comes after the product.",
    ),
    Mistake(
        "std per column, averaged",
        _profile_with(axis=0),
        "you took the std of each unit (column) and averaged them; the profile is one std over all the "
        "entries of A_l together.",
    ),
    Mistake(
        "every layer from X",
        _profile_with(restart=True),
        "each of your layers starts from X again: layer l's input is the previous layer's output "
        "A_(l-1), so keep A from one layer to the next.",
    ),
    Mistake(
        "sample std (ddof=1)",
        _profile_with(ddof=1),
        "you divided by N − 1 (ddof=1, the sample std); the profile is np.std over all entries with its "
        "default ddof=0, dividing by N.",
    ),
    Mistake(
        "variance",
        _profile_with(record="var"),
        "you returned variances; the profile is the standard deviation of A_l (the square root).",
    ),
)


def _stack(activation: str, init: str, depth: int, width: int, m: int, seed: int, n_in: int | None = None):
    """X ~ N(0, 1) of shape (m, n_in) and the weights of ``depth`` layers (the first n_in → width)."""
    gen = np.random.default_rng(seed)
    n_in = width if n_in is None else n_in
    name, params = init_spec(init, width)
    draw = initializers.get(name)
    sizes = [n_in] + [width] * depth
    weights = [draw(a, b, gen, **params) for a, b in zip(sizes[:-1], sizes[1:])]
    return gen.standard_normal((m, n_in)), weights, activations.get(activation)


PROFILE_CASES = [
    Case(
        _stack("relu", "standard U[±1/√n]", 5, 8, 12, 81),
        label="12 examples, 5 ReLU layers of width 8, standard U[±1/√n]",
    ),
    Case(
        _stack("tanh", "Glorot uniform", 6, 16, 20, 82),
        label="20 examples, 6 tanh layers of width 16, Glorot uniform",
    ),
    Case(
        _stack("relu", "He normal", 8, 16, 20, 83), label="20 examples, 8 ReLU layers of width 16, He normal"
    ),
    Case(
        _stack("tanh", "Glorot uniform", 3, 10, 7, 84, n_in=4),
        label="X of shape (7, 4), tanh layers 4 → 10 → 10 → 10",
    ),
]

check_signal_profile = define(
    "signal_profile",
    notebook="08",
    reference=signal_profile,
    cases=PROFILE_CASES,
    mistakes=PROFILE_MISTAKES,
    unchanged=True,
    forbid={signal_profile: "signal_profile", nn.MLP: "nn.MLP", nn.network_forward: "nn.network_forward"},
    verified=(
        "std(A_l) of every layer, fed forward from X: checked on ReLU stacks (standard U[±1/√n]: the signal "
        "shrinks; He: it stays), tanh stacks with Glorot, and a first layer that changes the width; "
        "inputs unchanged."
    ),
    doc="Check the profile on four fixed stacks (ReLU and tanh, three initializers); inputs unchanged.",
)
