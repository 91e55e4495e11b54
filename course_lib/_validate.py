"""Input checks shared by the library: every error names the argument and what was expected."""

from __future__ import annotations

import numbers

import numpy as np


def as_float_array(x, name: str, *, allow_empty: bool = False, copy: bool = True) -> np.ndarray:
    """Return ``x`` as a float64 array (a new one unless ``copy=False``), or raise naming ``name``.

    ``copy=False`` is for read-only use of the input: it is never written to.
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be a real number or an array of real numbers, got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise TypeError(
            f"{name} must be a real number or a rectangular array of real numbers ({exc})"
        ) from None
    if arr.dtype.kind not in "biuf":
        what = "complex numbers" if arr.dtype.kind == "c" else f"dtype {arr.dtype}"
        raise TypeError(f"{name} must contain real numbers, got {what}")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty (shape {arr.shape}); expected at least one value")
    if not copy:
        return np.asarray(arr, dtype=np.float64)
    return np.array(arr, dtype=np.float64)  # a copy: functions never alias their inputs


def as_real(x, name: str) -> float:
    """Return ``x`` as a Python float, or raise TypeError/ValueError naming ``name``."""
    if isinstance(x, bool) or not isinstance(x, (numbers.Real, np.floating, np.integer)):
        if isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "iuf":
            x = x.item()
        else:
            raise TypeError(f"{name} must be a real number, got {type(x).__name__}")
    value = float(x)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def as_positive_int(x, name: str) -> int:
    """Return ``x`` as an int ≥ 1, or raise naming ``name``."""
    if isinstance(x, bool) or not isinstance(x, (numbers.Integral, np.integer)):
        raise TypeError(f"{name} must be a positive integer, got {type(x).__name__}")
    if x < 1:
        raise ValueError(f"{name} must be a positive integer, got {x}")
    return int(x)


def check_rng(rng, name: str = "rng") -> np.random.Generator:
    """Insist on an explicit ``np.random.Generator`` (no hidden global state)."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy Generator, e.g. np.random.default_rng(0); got {type(rng).__name__}"
        )
    return rng


def scalar_or_array(out: np.ndarray):
    """Return a NumPy scalar for 0-d results (so ``f(0)`` prints as a number), else the array."""
    return out[()] if out.ndim == 0 else out
