r"""Weight initializers: ``initializers.get(name)(fan_in, fan_out, rng, **params)`` -> W.

W has shape ``(fan_in, fan_out)`` (row-vector convention Z = X @ W + b). Randomness comes only
from the explicit ``rng`` (a ``np.random.Generator``). Uniform schemes use the limit
√(3·Var), because U[−L, L] has variance L²/3.

| name | Var(W) | paper |
| --- | --- | --- |
| ``glorot_normal``, ``glorot_uniform`` | 2 / (fan_in + fan_out) | Glorot & Bengio (2010), "Xavier" |
| ``he_normal``, ``he_uniform`` | 2 / fan_in | He et al. (2015), for ReLU |
| ``lecun_normal``, ``lecun_uniform`` | 1 / fan_in | LeCun et al. (1998), for SELU |

| ``torch_linear`` | 1 / (3 fan_in) | PyTorch's ``nn.Linear`` default; Glorot & Bengio's "standard" |
| ``kaiming_normal_fan_out`` | 2 / fan_out | PyTorch ``kaiming_normal_(mode="fan_out")`` |

(1/fan_in is LeCun's variance, not Xavier's.) Normal schemes here draw from an untruncated
normal (Keras' ``*_normal`` use a truncated one with a corrected σ; the variance is the same).

**What the frameworks do by default** (:data:`FRAMEWORK_DEFAULTS`), as their documentation states it
(PyTorch: the ``torch.nn.Linear`` and ``torch.nn.init`` pages; Keras: the ``Dense`` layer page):

* PyTorch, ``torch.nn.Linear``: weights (and biases) ~ U(−√k, √k) with k = 1/in_features. The
  code calls ``torch.nn.init.kaiming_uniform_(weight, a=math.sqrt(5))``; with
  :func:`kaiming_gain` (√5) = √(1/3) the bound gain·√(3/fan_in) is exactly 1/√fan_in.
* PyTorch, ``torch.nn.init.kaiming_normal_`` / ``kaiming_uniform_``: std = gain/√fan_mode,
  bound = gain·√(3/fan_mode), gain = √(2/(1 + a²)) for ``nonlinearity="leaky_relu"`` (the default,
  with a = 0: gain √2, i.e. He). ``mode="fan_in"`` (default) keeps the forward variance,
  ``mode="fan_out"`` the backward one. PyTorch stores W as (out, in); here W is (fan_in, fan_out).
* Keras, ``keras.layers.Dense``: ``kernel_initializer="glorot_uniform"``,
  ``bias_initializer="zeros"`` (whatever the activation).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from course_lib._validate import as_positive_int, as_real, check_rng

__all__ = [
    "FRAMEWORK_DEFAULTS",
    "REGISTRY",
    "Initializer",
    "get",
    "kaiming_gain",
    "kaiming_variance",
    "names",
]


@dataclass(frozen=True)
class Initializer:
    """One scheme: ``init(fan_in, fan_out, rng, **params)`` draws W; ``init.variance(...)`` is Var(W)."""

    name: str
    distribution: str  # "normal", "uniform" or "constant"
    variance_fn: Callable[..., float]  # (fan_in, fan_out, **params) -> Var(W)
    latex: str
    params: Mapping[str, float] = field(default_factory=dict)  # name -> default
    note: str = ""

    def _resolve(self, params) -> dict[str, float]:
        unknown = set(params) - set(self.params)
        if unknown:
            takes = ", ".join(f"{k} (default {v:g})" for k, v in self.params.items()) or "none"
            raise TypeError(
                f"initializer {self.name} got unexpected parameter(s) {sorted(unknown)}; "
                f"its parameters: {takes}"
            )
        out = {k: as_real(params.get(k, v), f"{self.name}: {k}") for k, v in self.params.items()}
        for k in ("sigma", "limit"):
            if k in out and out[k] < 0:
                raise ValueError(f"{self.name}: {k} must be >= 0, got {out[k]}")
        return out

    def variance(self, fan_in: int, fan_out: int, **params) -> float:
        """The variance of every entry of W under this scheme."""
        fan_in = as_positive_int(fan_in, "fan_in")
        fan_out = as_positive_int(fan_out, "fan_out")
        return float(self.variance_fn(fan_in, fan_out, **self._resolve(params)))

    def __call__(self, fan_in: int, fan_out: int, rng: np.random.Generator, **params) -> np.ndarray:
        fan_in = as_positive_int(fan_in, "fan_in")
        fan_out = as_positive_int(fan_out, "fan_out")
        kw = self._resolve(params)
        shape = (fan_in, fan_out)
        if self.distribution == "constant":
            return np.full(shape, kw.get("value", 0.0))
        rng = check_rng(rng)
        var = self.variance_fn(fan_in, fan_out, **kw)
        if self.distribution == "normal":
            return rng.normal(0.0, math.sqrt(var), size=shape)
        limit = math.sqrt(3.0 * var)
        return rng.uniform(-limit, limit, size=shape)

    def __repr__(self) -> str:
        return f"Initializer({self.name})"


def kaiming_gain(a: float = 0.0) -> float:
    r"""PyTorch's ``calculate_gain("leaky_relu", a)``: \sqrt{2 / (1 + a^2)} (a = 0 is ReLU's √2)."""
    a = as_real(a, "a")
    return math.sqrt(2.0 / (1.0 + a * a))


def kaiming_variance(fan_in: int, fan_out: int, a: float = 0.0, mode: str = "fan_in") -> float:
    r"""Var(W) of PyTorch's ``kaiming_normal_`` and ``kaiming_uniform_``: gain(a)² / fan_mode.

    ``mode="fan_in"`` divides by fan_in (keeps the forward variance), ``"fan_out"`` by fan_out
    (keeps the backward variance). Normal: σ = gain/√fan_mode; uniform: bound = gain·√(3/fan_mode).
    """
    fan_in = as_positive_int(fan_in, "fan_in")
    fan_out = as_positive_int(fan_out, "fan_out")
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode must be 'fan_in' or 'fan_out', got {mode!r}")
    return kaiming_gain(a) ** 2 / (fan_in if mode == "fan_in" else fan_out)


def _glorot(fi, fo):
    return 2.0 / (fi + fo)


def _he(fi, fo):
    return 2.0 / fi


def _lecun(fi, fo):
    return 1.0 / fi


_ENTRIES = [
    Initializer(
        "zeros",
        "constant",
        lambda fi, fo: 0.0,
        r"W=0",
        note="Every hidden unit computes the same thing forever: symmetry is never broken.",
    ),
    Initializer(
        "constant",
        "constant",
        lambda fi, fo, value: 0.0,
        r"W=c",
        {"value": 0.5},
        note="Same symmetry problem as zeros.",
    ),
    Initializer(
        "normal",
        "normal",
        lambda fi, fo, sigma: sigma**2,
        r"W\sim\mathcal N(0,\sigma^2)",
        {"sigma": 0.01},
        note="Fixed scale, blind to the layer size.",
    ),
    Initializer(
        "uniform",
        "uniform",
        lambda fi, fo, limit: limit**2 / 3.0,
        r"W\sim U[-L, L]",
        {"limit": 0.05},
        note="Fixed scale, blind to the layer size.",
    ),
    Initializer(
        "glorot_normal",
        "normal",
        _glorot,
        r"W\sim\mathcal N\left(0, \frac{2}{n_{in}+n_{out}}\right)",
        note="Xavier normal: Var = 1/fan_avg with fan_avg = (n_in + n_out)/2.",
    ),
    Initializer(
        "glorot_uniform",
        "uniform",
        _glorot,
        r"W\sim U\left[-\sqrt{\frac{6}{n_{in}+n_{out}}}, \sqrt{\frac{6}{n_{in}+n_{out}}}\right]",
        note="Xavier uniform; the Keras default. For tanh, sigmoid, softmax, linear.",
    ),
    Initializer(
        "he_normal",
        "normal",
        _he,
        r"W\sim\mathcal N\left(0, \frac{2}{n_{in}}\right)",
        note="For ReLU and its variants (Keras: kernel_initializer='he_normal').",
    ),
    Initializer(
        "he_uniform",
        "uniform",
        _he,
        r"W\sim U\left[-\sqrt{\frac{6}{n_{in}}}, \sqrt{\frac{6}{n_{in}}}\right]",
        note="For ReLU and its variants.",
    ),
    Initializer(
        "lecun_normal",
        "normal",
        _lecun,
        r"W\sim\mathcal N\left(0, \frac{1}{n_{in}}\right)",
        note="For SELU (self-normalizing networks).",
    ),
    Initializer(
        "lecun_uniform",
        "uniform",
        _lecun,
        r"W\sim U\left[-\sqrt{\frac{3}{n_{in}}}, \sqrt{\frac{3}{n_{in}}}\right]",
        note="LeCun's scheme, uniform.",
    ),
]

_ENTRIES += [
    Initializer(
        "torch_linear",
        "uniform",
        lambda fi, fo: kaiming_variance(fi, fo, a=math.sqrt(5.0)),
        r"W\sim U\left[-\frac{1}{\sqrt{n_{in}}}, \frac{1}{\sqrt{n_{in}}}\right]",
        note="PyTorch's nn.Linear default (kaiming_uniform_ with a = √5): Var = 1/(3 n_in).",
    ),
    Initializer(
        "kaiming_normal_fan_out",
        "normal",
        lambda fi, fo: kaiming_variance(fi, fo, mode="fan_out"),
        r"W\sim\mathcal N\left(0, \frac{2}{n_{out}}\right)",
        note="PyTorch's kaiming_normal_(mode='fan_out'): keeps the backward variance of a ReLU net.",
    ),
]

REGISTRY: Mapping[str, Initializer] = MappingProxyType({i.name: i for i in _ENTRIES})

# framework and layer -> the registry entry it uses for W when you do not choose one
FRAMEWORK_DEFAULTS: Mapping[str, str] = MappingProxyType(
    {
        "PyTorch nn.Linear": "torch_linear",
        "PyTorch kaiming_normal_ (mode='fan_in')": "he_normal",
        "PyTorch kaiming_normal_ (mode='fan_out')": "kaiming_normal_fan_out",
        "Keras Dense": "glorot_uniform",
    }
)


def names() -> list[str]:
    """All registered initializer names."""
    return list(REGISTRY)


def get(name: str) -> Initializer:
    """The initializer called ``name``; ValueError listing the valid names otherwise."""
    if isinstance(name, Initializer):
        return name
    if not isinstance(name, str):
        raise TypeError(f"initializer name must be a string, got {type(name).__name__}")
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown initializer {name!r}; valid names: {', '.join(REGISTRY)}") from None
