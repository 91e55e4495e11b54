"""The exercise-check mechanism: instant, specific feedback that never stops Run All.

A checker is a function decorated with :func:`exercise`. It receives the student's function,
calls it through :func:`call` and compares results with :func:`expect_close` (or raises
:class:`Feedback` itself). The decorator turns the outcome into what a student sees:

* correct -> one line ``✓ <what was verified>`` (the checker's return value);
* wrong -> ``AssertionError`` naming the input, the expected and the received value, and a
  hint when the answer matches a known mistake (:class:`Mistake`);
* not attempted (the stub still raises ``NotImplementedError``) -> a printed notice; the
  checker returns normally, so *Restart & Run All* on a student notebook never stops;
* student code that returns ``None``, a list, the wrong shape or dtype, or raises any other
  exception -> an ``AssertionError`` with feedback, never a crash from inside the library.

Every checker is registered in :data:`REGISTRY` with its reference solution and its planted
mistakes, so tests can feed each mistake to its checker and assert the hint.
"""

from __future__ import annotations

import functools
import os
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = [
    "REGISTRY",
    "Exercise",
    "Feedback",
    "Mistake",
    "NotAttempted",
    "call",
    "describe",
    "exercise",
    "expect_array",
    "expect_close",
]


class NotAttempted(Exception):
    """The student's function still raises NotImplementedError."""


class Feedback(AssertionError):
    """A wrong answer, with a message written for the student."""


@dataclass(frozen=True)
class Mistake:
    """A typical wrong implementation and the hint to give when a student's answer matches it.

    ``impl`` has the signature of the exercise's function; ``hint`` is one sentence.
    """

    name: str
    impl: Callable
    hint: str


@dataclass(frozen=True)
class Exercise:
    """A registered exercise: its checker, reference solution and known mistakes."""

    name: str
    notebook: str
    check: Callable
    reference: Callable
    mistakes: tuple[Mistake, ...] = field(default_factory=tuple)


REGISTRY: dict[str, Exercise] = {}


def _print_not_attempted(name: str) -> None:
    """Print the "not attempted yet" notice; under nbgrader's autograde, raise it instead.

    nbgrader sets ``NBGRADER_EXECUTION=autograde`` in the kernel that grades a submission: there
    the check cell must fail, so an unattempted exercise earns no points.
    """
    notice = (
        f"⏳ {name}: not attempted yet. Replace `raise NotImplementedError()` with your code, "
        "run the cell, then run this check again. (The cells below use the library's version.)"
    )
    if os.environ.get("NBGRADER_EXECUTION") == "autograde":
        raise AssertionError(notice)
    print(notice)


def exercise(name: str, notebook: str, reference: Callable, mistakes: Sequence[Mistake] = ()):
    """Register a checker for the exercise ``name``; wrap it with the feedback protocol."""

    def decorate(check: Callable[..., str]) -> Callable[..., None]:
        @functools.wraps(check)
        def run(*student, **kwargs) -> None:
            try:
                verified = check(*student, **kwargs)
            except NotAttempted:
                _print_not_attempted(name)
                return
            except Feedback as fb:
                raise Feedback(f"✗ {name}: {fb}") from None
            print(f"✓ {name}: {verified}")

        run.exercise_name = name
        REGISTRY[name] = Exercise(name, notebook, run, reference, tuple(mistakes))
        return run

    return decorate


# ---------------------------------------------------------------- calling student code
def describe(value) -> str:
    """A short, readable rendering of a value for feedback messages."""
    if callable(value) and hasattr(value, "__name__"):
        return value.__name__
    if isinstance(value, np.ndarray):
        if value.size <= 12:  # one line, also for 2-D arrays
            return np.array2string(value, precision=6, separator=", ", max_line_width=10_000).replace(
                "\n", ""
            )
        return f"array of shape {value.shape}"
    if isinstance(value, float | np.floating):
        return f"{float(value):.6g}"
    return repr(value)


def _signature(fn: Callable, args, kwargs) -> str:
    parts = [describe(a) for a in args] + [f"{k}={describe(v)}" for k, v in kwargs.items()]
    name = getattr(fn, "__name__", "<lambda>")
    return f"{'your function' if name == '<lambda>' else name}({', '.join(parts)})"


def call(fn, *args, **kwargs):
    """Call the student's ``fn``; turn NotImplementedError and other exceptions into feedback.

    Arrays are passed as copies, so a student function that modifies its input cannot
    corrupt the checker's test cases.
    """
    if not callable(fn):
        raise Feedback(
            f"expected a function, got {type(fn).__name__}: pass the function itself, e.g. check_x(x)"
        )
    safe_args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    safe_kwargs = {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
    try:
        return fn(*safe_args, **safe_kwargs)
    except NotImplementedError:
        raise NotAttempted from None
    except Exception as exc:  # the student's code failed: report it, do not crash
        raise Feedback(
            f"calling {_signature(fn, args, kwargs)} raised {type(exc).__name__}: {exc}{_where(exc)}"
        ) from None


def _where(exc: BaseException) -> str:
    """' (line N: `code`)' for the innermost frame of the student's own code, if any."""
    library = (str(Path(np.__file__).parent), str(Path(__file__).parents[1]))
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.startswith(library)]
    if not frames:
        return ""
    frame = frames[-1]
    code = (frame.line or "").strip()
    return f" (line {frame.lineno}: `{code}`)" if code else f" (line {frame.lineno})"


def expect_array(got, shape: tuple[int, ...] | None, what: str) -> np.ndarray:
    """``got`` as a float array of ``shape`` (None: a scalar is fine), or Feedback saying why not."""
    if got is None:
        raise Feedback(f"{what} returned None. Did you forget the `return` statement?")
    if isinstance(got, list | tuple):
        raise Feedback(
            f"{what} returned a {type(got).__name__}; return a NumPy array or number instead "
            "(use NumPy operations on the whole array, or wrap the result in np.array(...))"
        )
    if isinstance(got, str | bytes | dict | set):
        raise Feedback(f"{what} returned a {type(got).__name__} ({got!r:.60}); expected numbers")
    arr = np.asarray(got)
    if arr.dtype.kind == "b":
        raise Feedback(
            f"{what} returned booleans (True/False); convert them to numbers, e.g. with .astype(float)"
        )
    if arr.dtype.kind not in "iuf":
        raise Feedback(f"{what} returned values of type {arr.dtype}; expected real numbers")
    expected_shape = () if shape is None else tuple(shape)
    if arr.shape != expected_shape and not (shape is None and arr.size == 1):
        raise Feedback(
            f"{what} returned shape {arr.shape}, expected {expected_shape}. "
            "Check which axis you sum or index over, and the order of a matrix product."
        )
    return arr.astype(np.float64)


def expect_close(
    got,
    expected,
    what: str,
    *,
    mistakes: Sequence[tuple[Mistake, object]] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> np.ndarray:
    """Compare ``got`` with ``expected``; on a mismatch, name a matching mistake's hint if any.

    ``what`` describes the call (e.g. ``"sigmoid_grad(z=0.5)"``); ``mistakes`` pairs each
    :class:`Mistake` with the value it produces on the same input.
    """
    expected = np.asarray(expected, dtype=np.float64)
    arr = expect_array(got, expected.shape if expected.ndim else None, what)
    if arr.shape != expected.shape:
        arr = arr.reshape(expected.shape)
    if np.allclose(arr, expected, rtol=rtol, atol=atol, equal_nan=True):
        return arr
    message = f"{what} returned {describe(_squeeze(arr))}, expected {describe(_squeeze(expected))}."
    hints = []
    for mistake, value in mistakes:
        value = np.asarray(value, dtype=np.float64)
        if value.shape == arr.shape and np.allclose(arr, value, rtol=rtol, atol=atol, equal_nan=True):
            hints.append(mistake.hint)
    if hints:  # several known mistakes can give the same value at one input: name them all
        raise Feedback(f"{message} Hint: {' Or: '.join(hints)}")
    if np.isnan(arr).any() and not np.isnan(expected).any():
        raise Feedback(f"{message} {_nan_hint(arr)}")
    raise Feedback(message)


def _squeeze(a: np.ndarray):
    return a[()] if a.ndim == 0 else a


def _nan_hint(arr) -> str:
    return (
        "NaN (not a number) comes from 0/0, inf − inf, inf/inf or the log of a negative number; "
        "often an intermediate value overflowed, e.g. np.exp of a number above ~709."
    )
