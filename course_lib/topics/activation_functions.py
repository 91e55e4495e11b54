r"""05 — Activation functions: what notebook 05 computes about the activation registry.

Everything here is generated from :data:`course_lib.activations.REGISTRY`, so a newly registered
activation shows up in the table, the explorer and the cost chart without edits:

* :data:`DISPLAY_NAMES` and :func:`display_name` give each registry entry a readable name;
* :func:`mathtext` turns the registry's LaTeX into what matplotlib's mathtext can draw
  (``cases`` environments become one line, ``\tfrac`` becomes ``\frac``), :func:`markdown_math`
  into a Markdown table cell;
* :func:`property_table` is the comparison table as Markdown (no pandas);
* :func:`resolve_params` clamps slider values into an activation's allowed parameter range;
* :func:`saturation_mask` marks where f' is flat (the gradient vanishes);
* :func:`mean_under_normal` is E[f(Z)] for Z ~ N(0, 1), by quadrature;
* :func:`one_sided_slopes` and :func:`kinks` find the kinks of f (left and right derivative differ);
* :func:`curve_pieces` and :func:`jump_marks` cut f or f' at the registry's jumps, so a plot draws a
  gap there (with the one-sided values marked), not a vertical line;
* :func:`positive_and_centred_inputs`, :func:`sgd_path`, :func:`same_direction_fraction` and
  :func:`path_length`: stochastic gradient descent on a unit with two weights, fed all-positive
  inputs (a sigmoid layer's outputs) or the same inputs centred (why zero-centred outputs matter);
* :func:`measure_cost` times f and f' (milliseconds per million evaluations).

The plots of the topic are in :mod:`course_lib.plotting.activation_functions`, the activation
explorer in :mod:`course_lib.widgets.activation_functions`.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterable, Mapping

import numpy as np
from scipy import integrate

from course_lib import activations

__all__ = [
    "DISPLAY_NAMES",
    "curve_pieces",
    "display_name",
    "jump_marks",
    "kinks",
    "markdown_math",
    "mathtext",
    "mean_under_normal",
    "measure_cost",
    "one_sided_slopes",
    "path_length",
    "positive_and_centred_inputs",
    "property_table",
    "resolve_params",
    "same_direction_fraction",
    "saturation_mask",
    "sgd_path",
]

DISPLAY_NAMES: Mapping[str, str] = {
    "step": "binary step",
    "linear": "linear (identity)",
    "sigmoid": "sigmoid σ",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "Leaky ReLU",
    "prelu": "PReLU",
    "elu": "ELU",
    "selu": "SELU",
    "gelu": "GELU (exact)",
    "gelu_tanh": "GELU (tanh approx.)",
    "gelu_sigmoid": "GELU (sigmoid approx.)",
    "swish": "Swish",
    "lisht": "LiSHT",
    "mish": "Mish",
    "softplus": "softplus",
    "hard_sigmoid": "hard sigmoid",
    "softsign": "softsign",
}


def display_name(name: str) -> str:
    """A readable name for a registry entry ('leaky_relu' -> 'Leaky ReLU')."""
    return DISPLAY_NAMES.get(name, name)


# ---------------------------------------------------------------- LaTeX for matplotlib and Markdown
_CASES = re.compile(r"\\begin\{cases\}(.*?)\\end\{cases\}", re.DOTALL)


def _one_line_cases(match: re.Match) -> str:
    rows = [row.strip() for row in match.group(1).split(r"\\") if row.strip()]
    parts = []
    for row in rows:
        value, _, condition = row.partition("&")
        parts.append(rf"{value.strip()}\ \mathrm{{if}}\ {condition.strip()}")
    body = r",\ \ ".join(parts)
    before = match.string[: match.start()].rstrip()
    if before and not before.endswith("="):  # a factor in front (SELU's λ) multiplies every case
        return rf"\,[\,{body}\,]"
    return body


def mathtext(latex: str) -> str:
    r"""The registry's LaTeX in a form matplotlib's mathtext parses (put it between ``$...$``).

    ``\begin{cases}a & c\\ b & d\end{cases}`` becomes ``a if c,  b if d``; ``\tfrac`` becomes
    ``\frac``, ``\ge``/``\le`` become ``\geq``/``\leq``,
    ``\sqrt2`` becomes ``\sqrt{2}``. MathJax renders the result too.
    """
    out = _CASES.sub(_one_line_cases, latex)
    out = out.replace(r"\tfrac12", r"\frac{1}{2}").replace(r"\tfrac", r"\frac")
    out = re.sub(r"\\sqrt(\d)", r"\\sqrt{\1}", out)  # mathtext wants braces: \sqrt{2}
    out = re.sub(r"\\ge(?![a-zA-Z])", r"\\geq", out)  # mathtext knows \geq and \leq only
    return re.sub(r"\\le(?![a-zA-Z])", r"\\leq", out)


def markdown_math(latex: str) -> str:
    r"""``$...$`` for a Markdown table cell: one line, and no ``|`` (it would split the cell)."""
    return "$" + mathtext(latex).replace("|", r"\vert ") + "$"


# ---------------------------------------------------------------- numbers from the registry
def resolve_params(name: str, values: Mapping[str, float] | None = None) -> dict[str, float]:
    """The activation's parameters: ``values`` where given (clamped into the allowed range), else defaults.

    Values that do not belong to the activation are ignored, so one set of slider values can be
    passed to every entry.
    """
    act = activations.get(name)
    values = values or {}
    out = {}
    for p in act.params:
        v = float(values.get(p.name, p.default))
        low = p.low + 1e-6 if p.low_open else p.low
        out[p.name] = min(max(v, low), p.high)
    return out


def saturation_mask(df, frac: float = 0.05) -> np.ndarray:
    r"""True where |f'(z)| < frac · max |f'| (a flat, 'saturated' region); all True if f' ≡ 0."""
    d = np.abs(np.asarray(df, dtype=np.float64))
    peak = d.max()
    if peak == 0:
        return np.ones(d.shape, dtype=bool)
    return d < frac * peak


def mean_under_normal(name: str, **params) -> float:
    r"""E[f(Z)] = \int f(z)\,\varphi(z)\,dz for Z ~ N(0, 1), by adaptive quadrature (split at 0)."""
    act = activations.get(name)
    kw = act.resolve(params)

    def integrand(t: float) -> float:
        return float(act.f(np.float64(t), **kw)) * math.exp(-0.5 * t * t) / math.sqrt(2.0 * math.pi)

    left = integrate.quad(integrand, -math.inf, 0.0, epsabs=1e-12)[0]
    right = integrate.quad(integrand, 0.0, math.inf, epsabs=1e-12)[0]
    return left + right


def one_sided_slopes(name: str, at: float, h: float = 1e-6, **params) -> tuple[float, float]:
    r"""(left, right) derivative of f at ``at`` by one-sided differences that avoid f(at) itself.

    left = (f(c−h) − f(c−2h))/h and right = (f(c+2h) − f(c+h))/h, so a jump in f (the step
    function) does not show up as a huge slope. A kink is where the two differ.
    """
    act = activations.get(name)
    c = float(at)
    f = act(np.array([c - 2 * h, c - h, c + h, c + 2 * h]), **params)
    return float((f[1] - f[0]) / h), float((f[3] - f[2]) / h)


def kinks(name: str, tol: float = 1e-3, **params) -> list[tuple[float, float, float]]:
    """[(z, left slope, right slope)] at the candidate points 0 and the registry's kinks."""
    act = activations.get(name)
    out = []
    for c in sorted({0.0, *act.kinks}):
        left, right = one_sided_slopes(name, c, **params)
        if abs(left - right) > tol:
            out.append((c, left, right))
    return out


def _function(name: str, derivative: bool):
    act = activations.get(name)
    return act.grad if derivative else act


def jump_marks(
    name: str, z_min: float, z_max: float, *, derivative: bool = False, **params
) -> list[tuple[float, float, float, float]]:
    """[(c, left limit, value at c, right limit)] for each jump of f (or f') with z_min < c < z_max.

    The jumps come from the registry (:meth:`~course_lib.activations.Activation.jumps`); the
    one-sided limits are the values at the neighbouring floats just left and right of c (every
    registered function is piecewise smooth, so that is the limit to full float64 precision).
    """
    fn = _function(name, derivative)
    out = []
    for c in activations.get(name).jumps(derivative=derivative, **params):
        if z_min < c < z_max:
            near = np.array([np.nextafter(c, -math.inf), c, np.nextafter(c, math.inf)])
            left, value, right = (float(v) for v in fn(near, **params))
            out.append((c, left, value, right))
    return out


def curve_pieces(name: str, z, *, derivative: bool = False, **params) -> list[tuple[np.ndarray, np.ndarray]]:
    """f (or f') on the increasing grid ``z``, cut into pieces at its jumps: [(z_piece, y_piece)].

    A piece left of a jump at c ends at (c, left limit); the next starts at (c, right limit).
    Drawn one line per piece, the curve has a gap at every jump instead of a vertical segment.
    """
    z = np.asarray(z, dtype=np.float64)
    if z.ndim != 1 or z.size < 2 or np.any(np.diff(z) <= 0):
        raise ValueError("z must be a 1-D increasing grid of at least two points")
    if not derivative:  # put f's corners (where f' jumps) on the grid, so they are drawn sharp
        corners = [c for c in activations.get(name).jumps(derivative=True, **params) if z[0] < c < z[-1]]
        z = np.union1d(z, corners)
    fn = _function(name, derivative)
    y = np.asarray(fn(z, **params), dtype=np.float64)
    marks = jump_marks(name, z[0], z[-1], derivative=derivative, **params)
    pieces, start_z, start_y, lo = [], [], [], z[0] - 1.0
    for c, left, _, right in marks:
        inside = (z > lo) & (z < c)
        pieces.append((np.r_[start_z, z[inside], c], np.r_[start_y, y[inside], left]))
        start_z, start_y, lo = [c], [right], c
    inside = z > lo
    pieces.append((np.r_[start_z, z[inside]], np.r_[start_y, y[inside]]))
    return pieces


def _yes(flag: bool) -> str:
    return "✓" if flag else "✗"


def property_table(names: Iterable[str] | None = None, digits: int = 3) -> str:
    r"""The comparison table as Markdown: formula, ranges, E[f(Z)] and properties, one row per entry.

    "zero-centred" is the registry's flag: f(0) = 0 and f takes both signs. The next column, the
    mean output E[f(Z)] for Z ~ N(0, 1), says how far from zero its outputs sit on average.
    """
    names = list(activations.names() if names is None else names)
    header = (
        "| activation | $f(z)$ | range of $f$ | range of $f'$ | zero-centred* | $E[f(Z)]$, $Z\\sim N(0,1)$ "
        "| monotone | smooth ($C^1$) |\n| --- | --- | --- | --- | :-: | --: | :-: | :-: |"
    )
    rows = []
    for name in names:
        act = activations.get(name)
        mean = mean_under_normal(name)
        mean = 0.0 if abs(mean) < 0.5 * 10**-digits else mean  # no "-0.000"
        rows.append(
            f"| {display_name(name)} | {markdown_math(act.latex)} | {markdown_math(act.f_range_latex)} "
            f"| {markdown_math(act.df_range_latex)} | {_yes(act.zero_centred)} | {mean:.{digits}f} "
            f"| {_yes(act.monotone)} | {_yes(act.smooth)} |"
        )
    return "\n".join([header, *rows])


def measure_cost(
    names: Iterable[str] | None = None, n: int = 100_000, repeats: int = 3
) -> dict[str, tuple[float, float]]:
    """Milliseconds per million evaluations of f and of f', {name: (f_ms, df_ms)}.

    Each repeat times every activation once (interleaved, so a burst of load on a shared machine
    hits all of them alike); the minimum over repeats is kept. The raw functions are timed on a
    float64 array of ``n`` values in [−6, 6], without the input checks of ``act(z)``.
    """
    names = list(activations.names() if names is None else names)
    z = np.linspace(-6.0, 6.0, n)
    best = {name: [math.inf, math.inf] for name in names}
    for _ in range(repeats):
        for name in names:
            act = activations.get(name)
            kw = act.defaults
            for i, fn in enumerate((act.f, act.df)):
                start = time.perf_counter()
                fn(z, **kw)
                best[name][i] = min(best[name][i], time.perf_counter() - start)
    scale = 1e3 * 1e6 / n  # seconds per n evaluations -> milliseconds per million
    return {name: (f * scale, df * scale) for name, (f, df) in best.items()}


# ---------------------------------------------------------------- why zero-centred outputs matter
def positive_and_centred_inputs(rng: np.random.Generator, m: int = 70) -> tuple[np.ndarray, np.ndarray]:
    r"""(X, X − ½), each (m, 2): X = σ(G), G ~ N(0, 1), the outputs of a sigmoid layer (all in (0, 1)),
    and the same outputs centred, σ(G) − ½ = ½\tanh(G/2) (the same spread, mean 0)."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a np.random.Generator, e.g. np.random.default_rng(0)")
    x = activations.sigmoid(rng.normal(size=(m, 2)))
    return x, x - 0.5


def sgd_path(X, w_target, eta: float = 1.0, w_start=(0.0, 0.0)) -> np.ndarray:
    r"""The weights after each step of SGD on one linear unit, one example per step: an (m + 1, n) array.

    Example x (a row of X) has target y = x·w_target; the loss ½(x·w − y)² has the gradient
    ∂L/∂w_i = δ·x_i with δ = x·w − y: every weight moves by −η δ x_i.
    """
    X = np.asarray(X, dtype=np.float64)
    w_target = np.asarray(w_target, dtype=np.float64)
    w = np.array(w_start, dtype=np.float64)
    if X.ndim != 2 or w_target.shape != (X.shape[1],) or w.shape != w_target.shape:
        raise ValueError(
            f"X must be (m, n) and w_target, w_start (n,); got {X.shape}, {w_target.shape}, {w.shape}"
        )
    path = [w.copy()]
    for x in X:
        delta = x @ w - x @ w_target
        w = w - eta * delta * x
        path.append(w)
    return np.array(path)


def same_direction_fraction(path) -> float:
    """The fraction of steps in which the first two weights move the same way (both up or both down)."""
    steps = np.diff(np.asarray(path, dtype=np.float64), axis=0)
    return float(np.mean(steps[:, 0] * steps[:, 1] > 0))


def path_length(path) -> float:
    """The distance travelled along the path: the sum of the step lengths."""
    return float(np.linalg.norm(np.diff(np.asarray(path, dtype=np.float64), axis=0), axis=1).sum())
