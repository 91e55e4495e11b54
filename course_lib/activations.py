r"""Activation functions: one registry entry per activation, holding everything about it.

Each :class:`Activation` holds the forward function, its derivative, both in LaTeX, its
parameters (defaults and allowed ranges), output ranges and properties. Everything else in
the course (tests, tables, widgets, the MLP) is generated from :data:`REGISTRY`.

>>> from course_lib import activations
>>> act = activations.get("elu")
>>> act(0.5), act.grad(-1.0, alpha=1.0)

**Where f or f' jumps.** Each entry lists where f itself jumps (``f_jumps``: the step function
at 0) and where f' jumps (``df_jumps(**params)``: ``relu`` and ``selu`` at 0, ``leaky_relu``,
``prelu`` and ``elu`` at 0 unless α = 1, ``hard_sigmoid`` at ±2.5); :meth:`Activation.jumps`
gives them for any parameters, so plots can draw a gap there instead of a vertical line.

**Derivative convention at kinks.** Where a function has a kink (``relu``, ``leaky_relu`` and
``prelu`` at 0, ``elu`` at 0 when α ≠ 1, ``hard_sigmoid`` at ±2.5, ``step`` at 0), ``grad``
returns the *left* derivative, the limit from below: relu'(0) = 0, leaky_relu'(0) = α,
prelu'(0) = α, elu'(0) = α, selu'(0) = λα, hard_sigmoid'(−2.5) = 0, hard_sigmoid'(2.5) = 0.2.
This is what PyTorch does for ReLU, Leaky ReLU and ELU. The step function has derivative 0
everywhere it has one; ``grad`` returns 0 at z = 0 too.

All functions are elementwise, work on any shape, return a new float64 array (a NumPy scalar
for scalar input), never modify their input and never emit a ``RuntimeWarning``, also at
±1e4 or ±inf: they use numerically stable forms (sigmoid and tanh' through e^{-|z|},
``logaddexp`` for softplus, products z·g(z) taken as 0 where g(z) = 0).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from scipy.special import ndtr

from course_lib._validate import as_float_array, as_real, scalar_or_array

__all__ = [
    "REGISTRY",
    "SELU_ALPHA",
    "SELU_LAMBDA",
    "Activation",
    "Param",
    "get",
    "names",
    "sigmoid",
    "softmax",
    "softmax_jacobian",
    "softmax_vjp",
]

SELU_LAMBDA = 1.0507009873554805  # fixed constants from Klambauer et al. (2017), not learned
SELU_ALPHA = 1.6732632423543772
GELU_TANH_C = 0.044715  # the notes print 0.04475: a typo
SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
GELU_SIGMOID_K = 1.702
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


# ---------------------------------------------------------------- numerically stable pieces
def _times(z: np.ndarray, g: np.ndarray) -> np.ndarray:
    """z·g, taken as 0 wherever g == 0 (so -inf·0 is the limit 0, not NaN)."""
    return np.multiply(z, g, out=np.zeros(np.broadcast(z, g).shape), where=(g != 0))


def _sigmoid(z):
    r"""\sigma(z) = 1/(1+e^{-z}), via e^{-|z|} so nothing overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _dsigmoid(z):
    r"""\sigma'(z) = \sigma(z)(1-\sigma(z)) = e^{-|z|}/(1+e^{-|z|})^2 (accurate in the tails)."""
    e = np.exp(-np.abs(z))
    return np.minimum(e / (1.0 + e) ** 2, 0.25)  # rounding near z = 0 could give 0.25 + 1 ulp


def _sech2(z):
    r"""\operatorname{sech}^2 z = 1 - \tanh^2 z = 4e^{-2|z|}/(1+e^{-2|z|})^2."""
    e = np.exp(-2.0 * np.abs(z))
    return np.minimum(4.0 * e / (1.0 + e) ** 2, 1.0)  # rounding near z = 0 could give 1 + 1 ulp


def _softplus(z):
    return np.logaddexp(0.0, z)


# ---------------------------------------------------------------- the functions
def _step(z):
    return np.heaviside(z, 1.0)


def _dstep(z):
    return np.zeros_like(z)


def _linear(z):
    return z.copy()


def _dlinear(z):
    return np.ones_like(z)


def _dtanh(z):
    return _sech2(z)


def _relu(z):
    return np.maximum(z, 0.0)


def _drelu(z):
    return np.where(z > 0, 1.0, 0.0)


def _leaky(z, alpha):
    if alpha == 0:
        return np.maximum(z, 0.0)
    return np.where(z >= 0, z, alpha * z)


def _dleaky(z, alpha):
    return np.where(z > 0, 1.0, alpha)


def _dprelu_dalpha(z, alpha):
    return np.minimum(z, 0.0)


def _elu(z, alpha):
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))


def _delu(z, alpha):
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))


def _selu(z):
    return SELU_LAMBDA * _elu(z, SELU_ALPHA)


def _dselu(z):
    return SELU_LAMBDA * _delu(z, SELU_ALPHA)


def _gelu(z):
    return _times(z, ndtr(z))


def _dgelu(z):
    zc = np.clip(z, -40.0, 40.0)  # φ(z) = 0 in float64 beyond; avoids z² overflow for |z| > 1e154
    return ndtr(z) + _times(z, _INV_SQRT_2PI * np.exp(-0.5 * zc * zc))


def _gelu_tanh_inner(z):
    zc = np.clip(z, -50.0, 50.0)  # tanh is exactly ±1 long before; avoids z³ overflow
    return SQRT_2_OVER_PI * (zc + GELU_TANH_C * zc**3), zc


def _gelu_tanh(z):
    u, _ = _gelu_tanh_inner(z)
    return _times(z, _sigmoid(2.0 * u))  # ½(1 + tanh u) = σ(2u): no cancellation for z ≪ 0


def _dgelu_tanh(z):
    u, zc = _gelu_tanh_inner(z)
    du = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_TANH_C * zc**2)
    return _sigmoid(2.0 * u) + 0.5 * _times(z, _sech2(u) * du)


def _swish(z, beta):
    if beta == 0:
        return 0.5 * z
    return _times(z, _sigmoid(beta * z))


def _dswish(z, beta):
    if beta == 0:
        return np.full_like(z, 0.5)
    return _sigmoid(beta * z) + beta * _times(z, _dsigmoid(beta * z))


def _gelu_sigmoid(z):
    return _swish(z, GELU_SIGMOID_K)


def _dgelu_sigmoid(z):
    return _dswish(z, GELU_SIGMOID_K)


def _lisht(z):
    return _times(z, np.tanh(z))


def _dlisht(z):
    return np.tanh(z) + _times(z, _sech2(z))


def _mish(z):
    return _times(z, np.tanh(_softplus(z)))


def _dmish(z):
    sp = _softplus(z)
    return np.tanh(sp) + _times(z, _sech2(sp) * _sigmoid(z))


def _hard_sigmoid(z):
    return np.clip(0.2 * z + 0.5, 0.0, 1.0)


def _dhard_sigmoid(z):
    return np.where((z > -2.5) & (z <= 2.5), 0.2, 0.0)


def _softsign(z):
    out = np.array(np.sign(z))  # the limit ±1 at ±inf (an array also for 0-d z)
    finite = np.isfinite(z)
    np.divide(z, 1.0 + np.abs(z), out=out, where=finite)
    return out


def _dsoftsign(z):
    return (1.0 / (1.0 + np.abs(z))) ** 2  # square after dividing: no overflow for |z| > 1e154


# ---------------------------------------------------------------- where f' jumps
def _nowhere(**params) -> tuple[float, ...]:
    return ()


def _at_zero(**params) -> tuple[float, ...]:
    return (0.0,)


def _at_zero_unless_alpha_is_1(alpha) -> tuple[float, ...]:
    """Slope α on the left of 0, 1 on the right: a jump in f' unless α = 1."""
    return () if alpha == 1.0 else (0.0,)


def _at_hard_sigmoid_corners(**params) -> tuple[float, ...]:
    return (-2.5, 2.5)  # where 0.2z + 0.5 reaches 0 and 1


# ---------------------------------------------------------------- the registry
@dataclass(frozen=True)
class Param:
    """A tunable parameter of an activation: name, default and allowed range."""

    name: str
    default: float
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False  # True: the value must be strictly greater than ``low``
    symbol: str = ""
    learnable: bool = False

    def check(self, value, owner: str) -> float:
        """Return ``value`` as float if it lies in the allowed range, else raise ValueError."""
        v = as_real(value, f"{owner}: {self.name}")
        too_low = v <= self.low if self.low_open else v < self.low
        if too_low or v > self.high:
            raise ValueError(f"{owner}: {self.name} must satisfy {self.allowed()}, got {v}")
        return v

    def allowed(self) -> str:
        """The allowed range in words, e.g. ``alpha > 0``."""
        parts = []
        if self.low > -math.inf:
            parts.append(f"{self.name} {'>' if self.low_open else '>='} {self.low:g}")
        if self.high < math.inf:
            parts.append(f"{self.name} <= {self.high:g}")
        return " and ".join(parts) or f"{self.name} finite"


@dataclass(frozen=True, kw_only=True)
class Activation:
    r"""One activation: ``act(z, **params)`` is f(z), ``act.grad(z, **params)`` is f'(z)."""

    name: str
    f: Callable[..., np.ndarray]  # raw forward on a float64 array; no checks (use __call__)
    df: Callable[..., np.ndarray]  # raw derivative d f / d z
    latex: str
    dlatex: str
    f_range: tuple[float, float]  # (inf, sup) of f over the reals, for the default parameters
    f_range_latex: str
    df_range_latex: str
    zero_centred: bool  # f(0) = 0 and f takes both signs (a shape property; not "mean output 0")
    monotone: bool  # non-decreasing, for the default parameters (like f_range)
    smooth: bool  # continuously differentiable everywhere
    params: tuple[Param, ...] = ()
    constants: Mapping[str, float] = field(default_factory=dict)
    f_jumps: tuple[float, ...] = ()  # points where f itself jumps (for every parameter value)
    df_jumps: Callable[..., tuple[float, ...]] = _nowhere  # df_jumps(**params): where f' jumps
    dparams: Mapping[str, Callable[..., np.ndarray]] = field(default_factory=dict)
    note: str = ""

    # -- parameters
    def resolve(self, params: Mapping[str, object]) -> dict[str, float]:
        """Check parameter names and ranges; fill in defaults."""
        known = {p.name: p for p in self.params}
        unknown = set(params) - set(known)
        if unknown:
            takes = ", ".join(f"{p.name} (default {p.default:g})" for p in self.params) or "none"
            raise TypeError(
                f"{self.name} got unexpected parameter(s) {sorted(unknown)}; its parameters: {takes}"
            )
        return {n: p.check(params.get(n, p.default), self.name) for n, p in known.items()}

    @property
    def defaults(self) -> dict[str, float]:
        return {p.name: p.default for p in self.params}

    # -- where f or f' is discontinuous
    def jumps(self, *, derivative: bool = False, **params) -> tuple[float, ...]:
        """The points where f (or f' with ``derivative=True``) jumps, for these parameters, sorted.

        Where f jumps, f' has no value at all, so those points are listed for f' too.
        """
        kw = self.resolve(params)
        points = set(self.f_jumps)
        if derivative:
            points |= set(self.df_jumps(**kw))
        return tuple(sorted(points))

    @property
    def kinks(self) -> tuple[float, ...]:
        """Where f is not differentiable (f or f' jumps), for the default parameters."""
        return self.jumps(derivative=True)

    # -- evaluation
    def __call__(self, z, **params):
        """f(z), elementwise."""
        kw = self.resolve(params)
        return scalar_or_array(self.f(as_float_array(z, "z"), **kw))

    def grad(self, z, **params):
        """df/dz, elementwise (left derivative at kinks)."""
        kw = self.resolve(params)
        return scalar_or_array(np.asarray(self.df(as_float_array(z, "z"), **kw), dtype=np.float64))

    def grad_param(self, z, param: str, **params):
        """df/d(param), elementwise, for learnable parameters (PReLU's alpha)."""
        if param not in self.dparams:
            raise ValueError(
                f"{self.name} has no learnable parameter {param!r}; "
                f"learnable: {sorted(self.dparams) or 'none'}"
            )
        kw = self.resolve(params)
        return scalar_or_array(self.dparams[param](as_float_array(z, "z"), **kw))

    def __repr__(self) -> str:
        ps = ", ".join(f"{p.name}={p.default:g}" for p in self.params)
        return f"Activation({self.name}{', ' + ps if ps else ''})"


_ALPHA_LEAKY = Param("alpha", 0.01, low=0.0, symbol=r"\alpha")
_ALPHA_PRELU = Param("alpha", 0.25, symbol=r"\alpha", learnable=True)
_ALPHA_ELU = Param("alpha", 1.0, low=0.0, low_open=True, symbol=r"\alpha")
_BETA_SWISH = Param("beta", 1.0, low=0.0, symbol=r"\beta")

_INF = math.inf
_ENTRIES = [
    Activation(
        name="step",
        f=_step,
        df=_dstep,
        latex=r"f(z)=\begin{cases}1 & z\ge 0\\ 0 & z<0\end{cases}",
        dlatex=r"f'(z)=0 \quad (z\ne 0)",
        f_range=(0.0, 1.0),
        f_range_latex=r"\{0, 1\}",
        df_range_latex=r"\{0\}",
        zero_centred=False,
        monotone=True,
        smooth=False,
        f_jumps=(0.0,),
        note="Gradient 0 almost everywhere: gradient descent cannot learn through it.",
    ),
    Activation(
        name="linear",
        f=_linear,
        df=_dlinear,
        latex=r"f(z)=z",
        dlatex=r"f'(z)=1",
        f_range=(-_INF, _INF),
        f_range_latex=r"(-\infty, \infty)",
        df_range_latex=r"\{1\}",
        zero_centred=True,
        monotone=True,
        smooth=True,
        note="Identity. Stacked linear layers collapse into one linear map; used at regression outputs.",
    ),
    Activation(
        name="sigmoid",
        f=_sigmoid,
        df=_dsigmoid,
        latex=r"\sigma(z)=\frac{1}{1+e^{-z}}",
        dlatex=r"\sigma'(z)=\sigma(z)\,(1-\sigma(z))",
        f_range=(0.0, 1.0),
        f_range_latex=r"(0, 1)",
        df_range_latex=r"(0, 0.25]",
        zero_centred=False,
        monotone=True,
        smooth=True,
        note="The logistic function. Its derivative peaks at 0.25 (z = 0), not 1.",
    ),
    Activation(
        name="tanh",
        f=np.tanh,
        df=_dtanh,
        latex=r"\tanh z=\frac{e^{z}-e^{-z}}{e^{z}+e^{-z}}",
        dlatex=r"\tanh'(z)=1-\tanh^2 z",
        f_range=(-1.0, 1.0),
        f_range_latex=r"(-1, 1)",
        df_range_latex=r"(0, 1]",
        zero_centred=True,
        monotone=True,
        smooth=True,
        note="tanh z = 2σ(2z) − 1: a rescaled sigmoid, zero-centred, derivative peaks at 1.",
    ),
    Activation(
        name="relu",
        f=_relu,
        df=_drelu,
        latex=r"f(z)=\max(0, z)",
        dlatex=r"f'(z)=\begin{cases}1 & z>0\\ 0 & z\le 0\end{cases}",
        f_range=(0.0, _INF),
        f_range_latex=r"[0, \infty)",
        df_range_latex=r"\{0, 1\}",
        zero_centred=False,
        monotone=True,
        smooth=False,
        df_jumps=_at_zero,
        note="Rectified linear unit. Units stuck at z < 0 get no gradient ('dying ReLU').",
    ),
    Activation(
        name="leaky_relu",
        f=_leaky,
        df=_dleaky,
        latex=r"f(z)=\begin{cases}z & z\ge 0\\ \alpha z & z<0\end{cases}",
        dlatex=r"f'(z)=\begin{cases}1 & z>0\\ \alpha & z\le 0\end{cases}",
        f_range=(-_INF, _INF),
        f_range_latex=r"(-\infty, \infty)",
        df_range_latex=r"\{\alpha, 1\}",
        zero_centred=True,
        monotone=True,
        smooth=False,
        params=(_ALPHA_LEAKY,),
        df_jumps=_at_zero_unless_alpha_is_1,
        note="Fixed small slope α for z < 0 keeps a gradient alive.",
    ),
    Activation(
        name="prelu",
        f=_leaky,
        df=_dleaky,
        latex=r"f(z)=\begin{cases}z & z\ge 0\\ \alpha z & z<0\end{cases}",
        dlatex=r"f'(z)=\begin{cases}1 & z>0\\ \alpha & z\le 0\end{cases},\ \ "
        r"\frac{\partial f}{\partial\alpha}=\min(0,z)",
        f_range=(-_INF, _INF),
        f_range_latex=r"(-\infty, \infty)",
        df_range_latex=r"\{\alpha, 1\}",
        zero_centred=True,
        monotone=True,
        smooth=False,
        params=(_ALPHA_PRELU,),
        df_jumps=_at_zero_unless_alpha_is_1,
        dparams={"alpha": _dprelu_dalpha},
        note="Parametric ReLU: like Leaky ReLU, but α is learned (monotone while α ≥ 0).",
    ),
    Activation(
        name="elu",
        f=_elu,
        df=_delu,
        latex=r"f(z)=\begin{cases}z & z>0\\ \alpha(e^{z}-1) & z\le 0\end{cases}",
        dlatex=r"f'(z)=\begin{cases}1 & z>0\\ \alpha e^{z} & z\le 0\end{cases}",
        f_range=(-1.0, _INF),
        f_range_latex=r"(-\alpha, \infty)",
        df_range_latex=r"(0, \alpha] \cup \{1\}",
        zero_centred=True,
        monotone=True,
        smooth=True,
        params=(_ALPHA_ELU,),
        df_jumps=_at_zero_unless_alpha_is_1,
        note="Exponential linear unit. Differentiable at 0 only when α = 1.",
    ),
    Activation(
        name="selu",
        f=_selu,
        df=_dselu,
        latex=r"f(z)=\lambda\begin{cases}z & z>0\\ \alpha(e^{z}-1) & z\le 0\end{cases}",
        dlatex=r"f'(z)=\lambda\begin{cases}1 & z>0\\ \alpha e^{z} & z\le 0\end{cases}",
        f_range=(-SELU_LAMBDA * SELU_ALPHA, _INF),
        f_range_latex=r"(-\lambda\alpha, \infty)",
        df_range_latex=r"(0, \lambda\alpha]",
        zero_centred=True,
        monotone=True,
        smooth=False,
        constants={"lambda": SELU_LAMBDA, "alpha": SELU_ALPHA},
        df_jumps=_at_zero,
        note="Scaled ELU. λ ≈ 1.0507 and α ≈ 1.6733 are fixed constants (not learnable).",
    ),
    Activation(
        name="gelu",
        f=_gelu,
        df=_dgelu,
        latex=r"f(z)=z\,\Phi(z)=\tfrac{z}{2}\left(1+\operatorname{erf}(z/\sqrt2)\right)",
        dlatex=r"f'(z)=\Phi(z)+z\,\varphi(z)",
        f_range=(-0.16997120748, _INF),
        f_range_latex=r"[\approx -0.170, \infty)",
        df_range_latex=r"[\approx -0.129, \approx 1.129]",
        zero_centred=True,
        monotone=False,
        smooth=True,
        note="Gaussian error linear unit, exact form (Φ = standard normal CDF).",
    ),
    Activation(
        name="gelu_tanh",
        f=_gelu_tanh,
        df=_dgelu_tanh,
        latex=r"f(z)=\tfrac{z}{2}\left(1+\tanh\left(\sqrt{2/\pi}\,(z+0.044715\,z^{3})\right)\right)",
        dlatex=r"f'(z)=\tfrac12(1+\tanh u)+\tfrac{z}{2}\operatorname{sech}^2(u)\,"
        r"\sqrt{2/\pi}(1+3\cdot0.044715\,z^2)",
        f_range=(-0.17004075057, _INF),
        f_range_latex=r"[\approx -0.170, \infty)",
        df_range_latex=r"[\approx -0.129, \approx 1.129]",
        zero_centred=True,
        monotone=False,
        smooth=True,
        note="tanh approximation of GELU (Hendrycks & Gimpel); the constant is 0.044715.",
    ),
    Activation(
        name="gelu_sigmoid",
        f=_gelu_sigmoid,
        df=_dgelu_sigmoid,
        latex=r"f(z)=z\,\sigma(1.702\,z)",
        dlatex=r"f'(z)=\sigma(1.702z)+1.702\,z\,\sigma'(1.702z)",
        f_range=(-0.16361018964, _INF),
        f_range_latex=r"[\approx -0.164, \infty)",
        df_range_latex=r"[\approx -0.100, \approx 1.100]",
        zero_centred=True,
        monotone=False,
        smooth=True,
        note="Sigmoid approximation of GELU: Swish with β = 1.702.",
    ),
    Activation(
        name="swish",
        f=_swish,
        df=_dswish,
        latex=r"f(z)=z\,\sigma(\beta z)",
        dlatex=r"f'(z)=\sigma(\beta z)+\beta z\,\sigma(\beta z)(1-\sigma(\beta z))",
        f_range=(-0.27846454276, _INF),
        f_range_latex=r"[\approx -0.278/\beta, \infty)",
        df_range_latex=r"[\approx -0.100, \approx 1.100]",
        zero_centred=True,
        monotone=False,
        smooth=True,
        params=(_BETA_SWISH,),
        note="Swish; SiLU at β = 1. β → 0 gives z/2, β → ∞ approaches ReLU.",
    ),
    Activation(
        name="lisht",
        f=_lisht,
        df=_dlisht,
        latex=r"f(z)=z\tanh z",
        dlatex=r"f'(z)=\tanh z+z\,(1-\tanh^2 z)",
        f_range=(0.0, _INF),
        f_range_latex=r"[0, \infty)",
        df_range_latex=r"[\approx -1.200, \approx 1.200]",
        zero_centred=False,
        monotone=False,
        smooth=True,
        note="Linearly scaled hyperbolic tangent: even function, non-negative.",
    ),
    Activation(
        name="mish",
        f=_mish,
        df=_dmish,
        latex=r"f(z)=z\tanh(\operatorname{softplus}(z))",
        dlatex=r"f'(z)=\tanh(s)+z\,\operatorname{sech}^2(s)\,\sigma(z),\ s=\operatorname{softplus}(z)",
        f_range=(-0.30884341302, _INF),
        f_range_latex=r"[\approx -0.309, \infty)",
        df_range_latex=r"[\approx -0.113, \approx 1.088]",
        zero_centred=True,
        monotone=False,
        smooth=True,
        note="Mish (Misra, 2019): smooth, non-monotone, unbounded above.",
    ),
    Activation(
        name="softplus",
        f=_softplus,
        df=_sigmoid,
        latex=r"f(z)=\ln(1+e^{z})",
        dlatex=r"f'(z)=\sigma(z)",
        f_range=(0.0, _INF),
        f_range_latex=r"(0, \infty)",
        df_range_latex=r"(0, 1)",
        zero_centred=False,
        monotone=True,
        smooth=True,
        note="A smooth ReLU. Its derivative is the sigmoid.",
    ),
    Activation(
        name="hard_sigmoid",
        f=_hard_sigmoid,
        df=_dhard_sigmoid,
        latex=r"f(z)=\begin{cases}0 & z<-2.5\\ 0.2z+0.5 & -2.5\le z\le 2.5\\ 1 & z>2.5\end{cases}",
        dlatex=r"f'(z)=\begin{cases}0.2 & -2.5<z<2.5\\ 0 & |z|>2.5\end{cases}",
        f_range=(0.0, 1.0),
        f_range_latex=r"[0, 1]",
        df_range_latex=r"\{0, 0.2\}",
        zero_centred=False,
        monotone=True,
        smooth=False,
        df_jumps=_at_hard_sigmoid_corners,
        note="Piecewise-linear sigmoid (the notes' and old Keras definition). "
        "PyTorch's Hardsigmoid is relu6(z+3)/6 = clip(z/6 + 1/2, 0, 1) instead.",
    ),
    Activation(
        name="softsign",
        f=_softsign,
        df=_dsoftsign,
        latex=r"f(z)=\frac{z}{1+|z|}",
        dlatex=r"f'(z)=\frac{1}{(1+|z|)^2}",
        f_range=(-1.0, 1.0),
        f_range_latex=r"(-1, 1)",
        df_range_latex=r"(0, 1]",
        zero_centred=True,
        monotone=True,
        smooth=True,
        note="Like tanh, but its tails approach ±1 polynomially (1/|z|), not exponentially.",
    ),
]

REGISTRY: Mapping[str, Activation] = MappingProxyType({a.name: a for a in _ENTRIES})


def names() -> list[str]:
    """All registered activation names, in teaching order."""
    return list(REGISTRY)


def get(name: str) -> Activation:
    """The registry entry called ``name``; ValueError listing the valid names otherwise."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(f"activation name must be a string, got {type(name).__name__}")
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; valid names: {', '.join(REGISTRY)}") from None


sigmoid = REGISTRY["sigmoid"]


# ---------------------------------------------------------------- softmax (not elementwise)
def _check_temperature(T) -> float:
    t = as_real(T, "T")
    if t <= 0:
        raise ValueError(f"T (temperature) must be > 0, got {t}")
    return t


def _softmax(z: np.ndarray, axis: int, T: float) -> np.ndarray:
    s = z / T if T != 1.0 else z.copy()
    s -= s.max(axis=axis, keepdims=True)  # max-shift: exp never overflows, the result is unchanged
    np.exp(s, out=s)
    s /= s.sum(axis=axis, keepdims=True)
    return s


def _softmax_input(z, T, axis: int = -1):
    z = as_float_array(z, "z")
    if z.ndim == 0:
        raise ValueError("z must have at least one axis of logits, got a scalar")
    if np.isnan(z).any() or np.isposinf(z).any():
        raise ValueError("z (logits) must not contain NaN or +inf")
    if np.isneginf(z.max(axis=axis)).any():
        raise ValueError("z (logits): every entry along the softmax axis is -inf")
    return z, _check_temperature(T)


def softmax(z, axis: int = -1, T: float = 1.0) -> np.ndarray:
    r"""\operatorname{softmax}(z)_i = e^{z_i/T} / \sum_j e^{z_j/T}, computed with the max-shift."""
    z, T = _softmax_input(z, T, axis)
    return _softmax(z, axis, T)


def softmax_jacobian(z, T: float = 1.0) -> np.ndarray:
    r"""J_{ij} = \partial s_i/\partial z_j = (\operatorname{diag}(s) - s s^\top)/T for one vector z."""
    z, T = _softmax_input(z, T)
    if z.ndim != 1:
        raise ValueError(f"z must be one vector of logits (1-D), got shape {z.shape}; use softmax_vjp")
    s = _softmax(z, -1, T)
    return (np.diag(s) - np.outer(s, s)) / T


def softmax_vjp(z, dout, axis: int = -1, T: float = 1.0) -> np.ndarray:
    r"""Vector-Jacobian product dz = J^\top dout = s \odot (dout - \langle dout, s\rangle)/T, batched."""
    z, T = _softmax_input(z, T, axis)
    dout = as_float_array(dout, "dout")
    if dout.shape != z.shape:
        raise ValueError(f"dout must have the shape of z {z.shape}, got {dout.shape}")
    s = _softmax(z, axis, T)
    return s * (dout - np.sum(dout * s, axis=axis, keepdims=True)) / T
