"""The exercise-check mechanism: instant, specific feedback in the notebook, and grades in nbgrader.

A checker is a function decorated with :func:`exercise`. It receives the student's function,
calls it through :func:`call` and compares results with :func:`expect_close` (or raises
:class:`Feedback` itself). The decorator turns the outcome into what a student sees:

* correct -> one line ``✓ <what was verified>`` (the checker's return value);
* wrong -> ``AssertionError`` naming the input, the expected and the received value, and a
  hint when the answer matches a known mistake (:class:`Mistake`); it stops Run All there;
* not attempted (the stub still raises ``NotImplementedError``) -> a printed notice; the
  checker returns normally, so *Restart & Run All* on an untouched student notebook never
  stops (under nbgrader's autograde the notice is raised instead: no points);
* student code that returns ``None``, a list, the wrong shape or dtype, or raises any other
  exception -> an ``AssertionError`` with feedback, never a crash from inside the library.

Feedback is short (at most :data:`MAX_LINES` lines): the input, what was expected, what came
back, and a hint. :func:`call` can also check that the student's function leaves its inputs
unchanged (``unchanged=True``) and that it does not call a library function the exercise forbids
(``forbid=...``).

Every checker is registered in :data:`REGISTRY` with its reference solution and its planted
mistakes, so tests can feed each mistake to its checker and assert the hint.
"""

from __future__ import annotations

import builtins
import contextlib
import copy
import functools
import inspect
import os
import sys
import traceback
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

__all__ = [
    "REGISTRY",
    "Case",
    "Exercise",
    "Feedback",
    "Mistake",
    "NotAttempted",
    "Question",
    "call",
    "check_case",
    "define",
    "define_prediction",
    "define_question",
    "describe",
    "exercise",
    "expect_array",
    "expect_close",
    "expect_close_detailed",
    "expect_items",
    "expect_keys",
    "expect_name",
    "expect_returned",
    "expect_same",
    "hinted",
    "matching_hints",
    "mistake_values",
    "predicted",
    "prediction_mistakes",
    "prediction_verdict",
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
    """A registered exercise: its checker, reference solution, known mistakes and (when declared
    with :func:`define`) the cases it is checked on."""

    name: str
    notebook: str
    check: Callable
    reference: Callable
    mistakes: tuple[Mistake, ...] = field(default_factory=tuple)
    cases: tuple = field(default_factory=tuple)


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


def exercise(
    name: str, notebook: str, reference: Callable, mistakes: Sequence[Mistake] = (), cases: Sequence = ()
):
    """Register a checker for the exercise ``name``; wrap it with the feedback protocol."""

    def decorate(check: Callable[..., str]) -> Callable[..., None]:
        @functools.wraps(check)
        def run(*student, **kwargs) -> None:
            try:
                with np.printoptions(**_PRINT):  # arrays inside messages stay short
                    verified = check(*student, **kwargs)
            except NotAttempted:
                _print_not_attempted(name)
                return
            except Feedback as fb:
                raise Feedback(_shorten(f"✗ {name}: {fb}")) from None
            print(f"✓ {name}: {verified}")

        run.exercise_name = name
        REGISTRY[name] = Exercise(name, notebook, run, reference, tuple(mistakes), tuple(cases))
        return run

    return decorate


# ---------------------------------------------------------------- calling student code
def describe(value, digits: int = 6) -> str:
    """A short, readable rendering of a value for feedback messages (``digits`` significant digits)."""
    if callable(value) and hasattr(value, "__name__"):
        return value.__name__
    if isinstance(value, np.ndarray):
        if value.size <= 12:  # one line, also for 2-D arrays
            return np.array2string(
                value, precision=digits, separator=", ", max_line_width=10_000, threshold=100
            ).replace("\n", "")
        finite = value[np.isfinite(value)] if value.dtype.kind in "iuf" else value.ravel()[:0]
        span = f", values from {finite.min():.4g} to {finite.max():.4g}" if finite.size else ""
        return f"an array of shape {value.shape}{span}"
    if isinstance(value, float | np.floating):
        return f"{float(value):.{digits}g}"
    if isinstance(value, list | tuple) and any(isinstance(v, np.ndarray) for v in value):
        shapes = [str(v.shape) if isinstance(v, np.ndarray) else type(v).__name__ for v in value]
        listed = ", ".join(shapes[:4]) + (", …" if len(shapes) > 4 else "")
        return f"a {type(value).__name__} of {len(value)} arrays of shapes {listed}"
    if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
        return f"a dict with the keys {', '.join(value)}" if value else "an empty dict"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


MAX_LINES = 6  # no feedback is longer than this
_MAX_CHARS = 900
_PRINT = {"threshold": 12, "edgeitems": 2, "precision": 4, "linewidth": 100}


def _shorten(message: str) -> str:
    """At most MAX_LINES lines and about _MAX_CHARS characters; the hint is kept whole."""
    lines = message.splitlines() or [""]
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], "…"]
    message = "\n".join(lines)
    if len(message) <= _MAX_CHARS:
        return message
    text, sep, hint = message.partition(" Hint: ")
    keep = max(_MAX_CHARS - len(sep) - len(hint), 200)
    return text[: keep - 1] + "…" + sep + hint


class _ForbiddenCall(Exception):
    """The student's function called a library function the exercise asks them to write."""


def forbidden_hint(name: str) -> str:
    """The hint for a student function that calls the library's ``name``."""
    return (
        f"don't call the library's `{name}` here: the exercise asks you to compute it yourself "
        "with NumPy (the cells below use the library's version)."
    )


def mutation_hint(name: str) -> str:
    """The hint for a student function that changed its input ``name`` in place."""
    return (
        f"your function changed its input `{name}`; compute a new array instead and leave `{name}` "
        f"as it was (`{name} -= …`, `{name}[…] = …` and an in-place edit after np.asarray({name}) "
        "all write into the caller's array)."
    )


def _raiser(name: str) -> Callable:
    def forbidden(*args, **kwargs):
        raise _ForbiddenCall(name)

    return forbidden


class _ModuleWithout(types.ModuleType):
    """A module whose ``blocked`` attributes raise when called; every other attribute is the real one."""

    def __init__(self, module: types.ModuleType, blocked: dict[str, object]):
        super().__init__(module.__name__)
        self._module, self._blocked = module, blocked

    def __getattr__(self, attr):
        if attr in self._blocked:
            return self._blocked[attr]
        return getattr(self._module, attr)


def _module_without(module: types.ModuleType, ids: dict[int, str], depth: int):
    """A proxy of ``module`` (and of its submodules, ``depth`` levels down) blocking forbidden objects."""
    blocked: dict[str, object] = {}
    for attr, obj in vars(module).items():
        if id(obj) in ids:
            blocked[attr] = _raiser(ids[id(obj)])
        elif depth > 1 and isinstance(obj, types.ModuleType) and obj.__name__.startswith(module.__name__):
            if sub := _module_without(obj, ids, depth - 1):
                blocked[attr] = sub
    return _ModuleWithout(module, blocked) if blocked else None


def _without(fn: Callable, forbid: Mapping[object, str], _copies: dict | None = None) -> Callable:
    """A copy of ``fn`` whose globals name no forbidden object.

    ``forbid`` maps library objects to the name a student knows them by. In the copy's globals
    (a new dict: the notebook's own namespace is not touched) a name bound to a forbidden object,
    or a module with a forbidden attribute (``activations.softmax``), raises when it is called.
    The same holds for what an ``import`` inside the function brings in (``from
    course_lib.activations import softmax``), and for the student's own helper functions it calls
    (functions defined outside ``course_lib`` in the same namespace get such a copy too).
    Functions without Python code (builtins, callable objects) are returned as they are.
    """
    code = getattr(fn, "__code__", None)
    if code is None or not isinstance(getattr(fn, "__globals__", None), dict):
        return fn
    copies = {} if _copies is None else _copies  # id(original) -> copy: helpers calling each other
    if id(fn) in copies:
        return copies[id(fn)]
    ids = {id(obj): name for obj, name in forbid.items()}
    new_globals = dict(fn.__globals__)
    # before the copy is made: a function takes its builtins from its globals when it is created
    new_globals["__builtins__"] = {**vars(builtins), "__import__": _import_without(ids)}
    copy_ = types.FunctionType(code, new_globals, fn.__name__, fn.__defaults__, fn.__closure__)
    copy_.__kwdefaults__ = fn.__kwdefaults__
    copies[id(fn)] = copy_
    for key, value in fn.__globals__.items():
        if id(value) in ids:
            new_globals[key] = _raiser(ids[id(value)])
        elif isinstance(value, types.ModuleType) and (proxy := _module_without(value, ids, depth=2)):
            new_globals[key] = proxy
        elif _is_students(value, fn):
            new_globals[key] = _without(value, forbid, copies)
    return copy_


def _is_students(value, fn) -> bool:
    """Is ``value`` a function the student wrote beside ``fn`` (same namespace, not the library)?"""
    return (
        isinstance(value, types.FunctionType)
        and value.__globals__ is fn.__globals__
        and not str(getattr(value, "__module__", "")).startswith("course_lib")
    )


def _import_without(ids: dict[int, str]) -> Callable:
    """``__import__`` for a student's function: a module it imports comes as a proxy blocking
    the forbidden objects (see :func:`_module_without`)."""

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        module = builtins.__import__(name, globals, locals, fromlist, level)
        return _module_without(module, ids, depth=3) or module

    return guarded_import


def _same(before, after) -> bool:
    """Is ``after`` still equal to ``before`` (arrays, dicts, lists and tuples of them)?"""
    if isinstance(before, np.ndarray):
        if not isinstance(after, np.ndarray) or after.shape != before.shape:
            return False
        try:
            return bool(np.array_equal(before, after, equal_nan=True))
        except TypeError:
            return bool(np.array_equal(before, after))
    if isinstance(before, Mapping):
        return (
            isinstance(after, Mapping)
            and set(before) == set(after)
            and all(_same(before[k], after[k]) for k in before)
        )
    if isinstance(before, list | tuple):
        return (
            isinstance(after, list | tuple)
            and len(before) == len(after)
            and all(_same(b, a) for b, a in zip(before, after))
        )
    return True


def _parameter_names(fn: Callable, n: int) -> list[str]:
    try:
        names = [
            p.name
            for p in inspect.signature(fn).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
    except (TypeError, ValueError):
        names = []
    return [names[i] if i < len(names) else f"argument {i + 1}" for i in range(n)]


def _signature(fn: Callable, args, kwargs) -> str:
    parts = [describe(a) for a in args] + [f"{k}={describe(v)}" for k, v in kwargs.items()]
    name = getattr(fn, "__name__", "<lambda>")
    return f"{'your function' if name == '<lambda>' else name}({', '.join(parts)})"


def call(fn, *args, unchanged: bool = False, forbid: Mapping[object, str] | None = None, **kwargs):
    """Call the student's ``fn``; turn NotImplementedError and other exceptions into feedback.

    Arrays are passed as copies, so a student function that modifies its input cannot
    corrupt the checker's test cases. With ``unchanged=True`` the arguments (arrays, and dicts,
    lists and tuples of arrays) are compared before and after the call, and a function that
    changed one gets feedback naming it. ``forbid`` maps library objects the exercise forbids to
    their names: ``fn`` then runs as a copy whose globals make each of them raise (see
    :func:`_without`), and calling one is feedback.
    """
    if not callable(fn):
        raise Feedback(
            f"expected a function, got {type(fn).__name__}: pass the function itself, e.g. check_x(x)"
        )
    if unchanged:
        safe_args, safe_kwargs = copy.deepcopy(list(args)), copy.deepcopy(kwargs)
    else:
        safe_args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
        safe_kwargs = {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
    target = _without(fn, forbid) if forbid else fn
    try:
        result = target(*safe_args, **safe_kwargs)
    except NotImplementedError:
        raise NotAttempted from None
    except _ForbiddenCall as exc:
        raise Feedback(
            f"{_signature(fn, args, kwargs)} called the library's `{exc}`, so what it returned is not "
            f"your own work (expected your own NumPy code). Hint: {forbidden_hint(str(exc))}"
        ) from None
    except Exception as exc:  # the student's code failed: report it, do not crash
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        text = text if len(text) <= 200 else text[:197] + "..."
        raise Feedback(
            f"calling {_signature(fn, args, kwargs)} raised {type(exc).__name__}: {text}{_where(exc)}"
        ) from None
    if unchanged:
        names = _parameter_names(fn, len(args))
        changed = [(n, a, b) for n, a, b in zip(names, args, safe_args) if not _same(a, b)]
        changed += [(k, kwargs[k], safe_kwargs[k]) for k in kwargs if not _same(kwargs[k], safe_kwargs[k])]
        if changed:
            name, before, after = changed[0]
            shown = (
                f" from {describe(before)} to {describe(after)}"
                if isinstance(before, np.ndarray) and isinstance(after, np.ndarray)
                else ""
            )
            raise Feedback(
                f"{_signature(fn, args, kwargs)} returned, but it changed its input `{name}`{shown}; "
                f"expected `{name}` unchanged. Hint: {mutation_hint(name)}"
            )
    return result


def _where(exc: BaseException) -> str:
    """' (line N: `code`)' for the innermost frame of the student's own code, if any."""
    library = (str(Path(np.__file__).parent), str(Path(__file__).parents[1]))
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.startswith(library)]
    if not frames:
        return ""
    frame = frames[-1]
    code = (frame.line or "").strip()
    return f" (line {frame.lineno}: `{code}`)" if code else f" (line {frame.lineno})"


def expect_returned(got, what: str):
    """``got``, or Feedback when the student's function returned None (a missing ``return``)."""
    if got is None:
        raise Feedback(f"{what} returned None. Did you forget the `return` statement?")
    return got


def expect_array(got, shape: tuple[int, ...] | None, what: str) -> np.ndarray:
    """``got`` as a float array of ``shape`` (None: a scalar is fine), or Feedback saying why not."""
    expect_returned(got, what)
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


def mistake_values(mistakes: Sequence[Mistake], *args, pick: Callable | None = None, **kwargs) -> list:
    """``(mistake, value)`` for each mistake whose wrong implementation runs on ``args``.

    Each ``mistake.impl`` gets deep copies of ``args`` and ``kwargs``; ``pick`` (if given) maps its
    result to the value compared (one item of a tuple, say). A wrong implementation that raises on
    this case cannot be what the student wrote, so it is left out.
    """
    pairs = []
    for mistake in mistakes:
        try:
            with np.errstate(all="ignore"):
                value = mistake.impl(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            pairs.append((mistake, value if pick is None else pick(value)))
        except Exception:
            continue
    return pairs


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
    shown, wanted = describe(_squeeze(arr)), describe(_squeeze(expected))
    if shown == wanted:  # the difference is beyond 6 digits: show enough of them to see it
        shown, wanted = describe(_squeeze(arr), digits=15), describe(_squeeze(expected), digits=15)
    message = f"{what} returned {shown}, expected {wanted}."
    low = np.asarray(got).dtype
    if low.kind == "f" and low.itemsize < 8:
        raise Feedback(
            f"{message} Hint: your result is {low}, which keeps only about "
            f"{np.finfo(low).precision} significant digits; compute in float64 (no dtype=np.{low}, "
            f"no .astype(np.{low})) so it matches to the last digits."
        )
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


# ---------------------------------------------------------------- declared exercises
@dataclass(frozen=True)
class Case:
    """One input an exercise is checked on: the arguments, and how feedback names them.

    ``label`` replaces the automatic description of the arguments in feedback, e.g.
    ``Case((np.cbrt, x, 0.1), label="f=x³, x=2, h=0.1")`` gives
    ``central_difference(f=x³, x=2, h=0.1) returned …``. Without it the arguments are described
    with the student's parameter names (:func:`describe`).
    """

    args: tuple = ()
    kwargs: Mapping = field(default_factory=dict)
    label: str | None = None


def _what(name: str, fn: Callable, case: Case) -> str:
    """``name(...)`` naming a case's input, as feedback shows it."""
    if case.label is not None:
        return f"{name}({case.label})"
    names = _parameter_names(fn, len(case.args))
    parts = [
        f"{n}={describe(a)}" if not n.startswith("argument") else describe(a)
        for n, a in zip(names, case.args)
    ]
    parts += [f"{k}={describe(v)}" for k, v in case.kwargs.items()]
    return f"{name}({', '.join(parts)})"


def expect_items(got, names: Sequence[str], what: str) -> tuple:
    """``got`` as a tuple of ``len(names)`` results (``return J, dZ``), or Feedback saying why not."""
    expect_returned(got, what)
    listed = ", ".join(names)
    if not isinstance(got, tuple | list):
        raise Feedback(f"{what} returned {describe(got)}; expected {len(names)} results: `return {listed}`")
    if len(got) != len(names):
        raise Feedback(f"{what} returned {len(got)} results; expected {len(names)}: `return {listed}`")
    return tuple(got)


def expect_keys(got, names: Sequence[str], what: str) -> Mapping:
    """``got`` as a dict with every key in ``names`` (``{"W1": …}``), or Feedback saying why not."""
    expect_returned(got, what)
    if not isinstance(got, Mapping) or not set(names) <= set(got):
        raise Feedback(
            f"{what} returned {describe(got)}; expected a new dict with the keys {', '.join(names)}"
        )
    return got


def expect_name(
    got,
    accepted: Sequence[str],
    what: str,
    *,
    mistakes: Sequence[tuple[Mistake, object]] = (),
    synonyms: Mapping[str, str] | None = None,
    nudge: str | None = None,
) -> str:
    """A name answered as a string (``"sigmoid"``), one of ``accepted``; returns it normalised.

    Case and surrounding spaces are ignored and ``synonyms`` map other spellings to a name. A wrong
    name gets the hint of every mistake (paired with its value, as from :func:`mistake_values`)
    that gives the same name, else ``nudge``.
    """
    expect_returned(got, what)
    if not isinstance(got, str):
        raise Feedback(
            f"{what} returned {describe(got)} ({type(got).__name__}); expected a name as a string, "
            f"e.g. {accepted[0]!r}."
        )
    name = got.strip().lower()
    name = (synonyms or {}).get(name, name)
    if name in accepted:
        return name
    message = f"{what} returned {got!r}, expected {' or '.join(repr(a) for a in accepted)}."
    hints = [m.hint for m, value in mistakes if value == name]
    if hints:
        raise Feedback(f"{message} Hint: {' Or: '.join(hints)}")
    raise Feedback(f"{message} {nudge}" if nudge else message)


def _outline(value) -> str:
    """The form of a structured result: ``(array (4, 2), array (2, 2))``, names and numbers as they are."""
    if isinstance(value, np.ndarray):
        return f"array {value.shape}"
    if isinstance(value, tuple | list):
        inner = ", ".join(_outline(v) for v in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    return describe(value)


def _same_structure(a, b, rtol: float, atol: float) -> bool:
    """Equal structures: arrays and numbers close, tuples and lists item by item, anything else by ==."""
    if isinstance(a, tuple | list) and isinstance(b, tuple | list):
        return len(a) == len(b) and all(_same_structure(x, y, rtol, atol) for x, y in zip(a, b))
    numeric = (np.ndarray, np.number, int, float)
    if isinstance(a, numeric) and isinstance(b, numeric) and not isinstance(a, bool) | isinstance(b, bool):
        return _close(a, b, rtol, atol)
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def expect_same(
    got,
    expected,
    what: str,
    *,
    mistakes: Sequence[tuple[Mistake, object]] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
):
    """A structured result (a cache: tuples and lists of arrays, names, None) equal to ``expected``.

    Feedback shows the form of what came back and of what was expected (shapes, not values), and
    the hint of every mistake (paired with its value) that returns the same structure.
    """
    if _same_structure(got, expected, rtol, atol):
        return got
    shown, wanted = _outline(got), _outline(expected)
    detail = (
        f"returned {shown}, expected {wanted}."
        if shown != wanted
        else f"returned {shown}, the expected shapes, but not the expected values."
    )
    hints = [m.hint for m, value in mistakes if _same_structure(got, value, rtol, atol)]
    raise hinted(f"{what} {detail}", hints)


def check_case(
    fn: Callable,
    case: Case,
    *,
    name: str,
    reference: Callable,
    mistakes: Sequence[Mistake] = (),
    outputs: Sequence[str] | None = None,
    unchanged: bool = False,
    forbid: Mapping[object, str] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    quiet: bool = False,
    raised_hints: Mapping[str, str] | None = None,
    ruled_out: set | None = None,
    remark: Callable[[object], str | None] | None = None,
    precise_hints: bool = False,
    order: Sequence[str] | None = None,
):
    """Run the student's ``fn`` on one case and compare it with ``reference`` on the same input.

    The loop of every declared exercise (:func:`define`), and the building block of a checker that
    needs more (a training run, a truth table). ``fn`` is called through :func:`call` (so
    ``unchanged`` and ``forbid`` apply); the reference and each mistake get deep copies of the
    arguments. ``outputs`` names the results of a function that returns several
    (``("J", "dZ")``): each is compared on its own, so feedback names the one that is wrong; when
    the reference returns a dict, ``outputs`` are its keys, compared in that order.
    Returns what the student's function returned (checked).

    Options for the harder cases: ``quiet=True`` runs the student's function and the reference
    with NumPy's floating-point warnings off (an overflow shows up as the nan it makes, explained,
    not as a RuntimeWarning); ``raised_hints`` maps a piece of an error message to the hint for it
    (``{"could not be broadcast": "pass keepdims=True …"}``); ``ruled_out`` is a set shared by the
    cases of one check: a mistake whose value differed from the reference on a case the student
    passed cannot be what the student wrote, so it is added there and no longer named; ``remark``
    maps a wrong result to one more sentence for the feedback (or None).

    ``order`` lists the ``outputs`` in the order to compare them (backprop order: ``("dW2", "db2",
    "dW1", "db1")``), so feedback names the first one a student computes wrong.
    ``precise_hints=True`` compares with :func:`expect_close_detailed` (a wrong shape or booleans
    that a mistake produces get its hint; a wrong entry of a large array is pointed at) and
    matches a later output only with the mistakes that got the earlier ones right.
    """
    what = _what(name, fn, case)
    # the reference and the mistakes run first: a student function that edits a list or dict of
    # arrays in place (call copies only top-level arrays) cannot change what it is compared with
    candidates = [m for m in mistakes if m not in ruled_out] if ruled_out is not None else mistakes
    wrong = mistake_values(candidates, *case.args, **case.kwargs)
    with np.errstate(all="ignore") if quiet else contextlib.nullcontext():
        expected = reference(*copy.deepcopy(case.args), **copy.deepcopy(dict(case.kwargs)))
        try:
            got = call(fn, *case.args, unchanged=unchanged, forbid=forbid, **case.kwargs)
        except Feedback as fb:
            hint = next((h for text, h in (raised_hints or {}).items() if text in str(fb)), None)
            if hint is None:
                raise
            raise Feedback(f"{str(fb).rstrip('.')}. Hint: {hint}") from None
    try:
        if outputs is None:
            compare = expect_close_detailed if precise_hints else expect_close
            checked = compare(got, expected, what, mistakes=wrong, rtol=rtol, atol=atol)
        elif isinstance(expected, Mapping):
            items = expect_keys(got, outputs, what)
            checked = {}
            for key in outputs:
                mine = [(m, v[key]) for m, v in wrong if isinstance(v, Mapping) and key in v]
                checked[key] = expect_close(
                    items[key], expected[key], f"{key} from {what}", mistakes=mine, rtol=rtol, atol=atol
                )
        elif precise_hints or order is not None:
            checked = _compare_outputs(got, expected, what, outputs, wrong, order, precise_hints, rtol, atol)
        else:
            items = expect_items(got, outputs, what)
            checked = []
            for k, output in enumerate(outputs):
                mine = [(m, v[k]) for m, v in wrong if isinstance(v, tuple | list) and len(v) == len(outputs)]
                compare = expect_same if isinstance(expected[k], tuple | list) else expect_close
                checked.append(
                    compare(
                        items[k], expected[k], f"{output} from {what}", mistakes=mine, rtol=rtol, atol=atol
                    )
                )
            checked = tuple(checked)
    except Feedback as fb:
        extra = remark(got) if remark is not None else None
        if extra:
            raise Feedback(f"{fb} {extra}") from None
        raise
    if ruled_out is not None:
        ruled_out.update(m for m, value in wrong if not _same_value(value, expected, outputs, rtol, atol))
    return checked


def _same_value(value, expected, outputs, rtol: float, atol: float) -> bool:
    """Does a mistake's value equal the reference's (every output of a tuple)?"""
    if outputs is None:
        pairs = [(value, expected)]
    elif isinstance(expected, Mapping):
        if not isinstance(value, Mapping) or not set(outputs) <= set(value):
            return False
        pairs = [(value[key], expected[key]) for key in outputs]
    elif isinstance(value, tuple | list) and len(value) == len(outputs):
        pairs = list(zip(value, expected))
    else:
        return False
    try:
        return all(
            np.shape(v) == np.shape(e)
            and bool(
                np.allclose(np.asarray(v, float), np.asarray(e, float), rtol=rtol, atol=atol, equal_nan=True)
            )
            for v, e in pairs
        )
    except (TypeError, ValueError):
        return False


def define(
    name: str,
    notebook: str,
    *,
    reference: Callable,
    cases: Sequence[Case] | Callable[[], Sequence[Case]],
    verified: str,
    mistakes: Sequence[Mistake] = (),
    outputs: Sequence[str] | None = None,
    unchanged: bool = False,
    forbid: Mapping[object, str] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    doc: str | None = None,
    quiet: bool = False,
    raised_hints: Mapping[str, str] | None = None,
    rule_out: bool = False,
    remark: Callable[[object], str | None] | None = None,
    precise_hints: bool = False,
    order: Sequence[str] | None = None,
) -> Callable[..., None]:
    """Declare an exercise and return its checker, ``check_<name>(student_function)``.

    The declaration is all an exercise needs: the ``reference`` solution, the ``cases`` it is
    checked on (in order: put first the case where the planted mistakes differ most), the
    ``mistakes`` students make with a hint for each, and the one line ``verified`` that the ✓
    shows. The checker calls the student's function on every case (:func:`check_case`); the first
    wrong result is feedback naming the input, the expected and the returned value and, when it
    matches a planted mistake, that mistake's hint. ``unchanged=True`` also requires the inputs
    to be left as they were; ``forbid`` maps library objects the exercise asks the student not to
    call to their names. ``cases`` may be a function returning the cases (built on each check).
    ``quiet``, ``raised_hints`` and ``remark`` are passed to :func:`check_case`; with
    ``rule_out=True`` a mistake told apart by a case the student passed is no longer named.
    ``precise_hints`` and ``order``: see :func:`check_case`.
    """

    def check(student) -> str:
        ruled_out = set() if rule_out else None
        for case in cases() if callable(cases) else cases:
            check_case(
                student,
                case,
                name=name,
                reference=reference,
                mistakes=mistakes,
                outputs=outputs,
                unchanged=unchanged,
                forbid=forbid,
                rtol=rtol,
                atol=atol,
                quiet=quiet,
                raised_hints=raised_hints,
                ruled_out=ruled_out,
                remark=remark,
                precise_hints=precise_hints,
                order=order,
            )
        return verified

    check.__name__ = check.__qualname__ = f"check_{name}"
    check.__doc__ = doc or f"Check the student's ``{name}`` against the reference on every declared case."
    return exercise(name, notebook, reference, mistakes, () if callable(cases) else cases)(check)


def _compare_outputs(got, expected, what, outputs, wrong, order, precise, rtol, atol) -> tuple:
    """check_case's comparison of several outputs in ``order``; ``precise``: see :func:`check_case`."""
    outputs = list(outputs)
    items = expect_items(got, outputs, what)
    wrong = [(m, v) for m, v in wrong if isinstance(v, tuple | list) and len(v) == len(outputs)]
    compare = expect_close_detailed if precise else expect_close
    checked = [None] * len(outputs)
    for output in order or outputs:
        k = outputs.index(output)
        mine = [(m, v[k]) for m, v in wrong]
        checked[k] = (expect_same if isinstance(expected[k], tuple | list) else compare)(
            items[k], expected[k], f"{output} from {what}", mistakes=mine, rtol=rtol, atol=atol
        )
        if precise:  # a mistake that got this output wrong is not what the student wrote
            wrong = [(m, v) for m, v in wrong if _close(v[k], expected[k], rtol, atol)]
    return tuple(checked)


def _close(a, b, rtol: float, atol: float) -> bool:
    """Are ``a`` and ``b`` numbers or arrays of the same shape and (nearly) the same values?"""
    try:
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def matching_hints(got, wrong: Sequence[tuple[Mistake, object]], same: Callable | None = None) -> list[str]:
    """The hints of the mistakes whose value is the student's ``got``.

    ``wrong`` pairs each :class:`Mistake` with its value on the same input (:func:`mistake_values`);
    ``same(got, value)`` says when two results are the same (default: same shape, values equal to
    rtol 1e-6); pass it for results that are not arrays, e.g. a dict report.
    """
    if same is None:
        return [m.hint for m, value in wrong if _close(got, value, 1e-6, 1e-9)]
    return [m.hint for m, value in wrong if same(got, value)]


def _is_bool(value) -> bool:
    return isinstance(value, bool | np.bool_) or (isinstance(value, np.ndarray) and value.dtype.kind == "b")


def hinted(message: str, hints: Sequence[str]) -> Feedback:
    """The Feedback for ``message``, with the hints (several joined by "Or:"), if any."""
    return Feedback(f"{message} Hint: {' Or: '.join(hints)}" if hints else message)


def expect_close_detailed(
    got,
    expected,
    what: str,
    *,
    mistakes: Sequence[tuple[Mistake, object]] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> np.ndarray:
    """:func:`expect_close`, with two more kinds of hint.

    A result of the wrong shape, or booleans, that a planted mistake produces gets that mistake's
    hint (``X * w`` instead of ``X @ w``, a mask instead of numbers) instead of the generic shape or
    type message; and when an array of more than 8 entries is wrong, feedback names the entry
    that is furthest off.
    """
    expected = np.asarray(expected, dtype=np.float64)
    if isinstance(got, np.ndarray | np.generic | float | int):
        arr = np.asarray(got)
        wrong_shape = arr.shape != expected.shape and not (expected.ndim == 0 and arr.size == 1)
        if arr.dtype.kind in "biuf" and (wrong_shape or arr.dtype.kind == "b"):
            same_kind = [(m, v) for m, v in mistakes if _is_bool(v) == (arr.dtype.kind == "b")]
            if hints := matching_hints(arr, same_kind):
                shown = (
                    f"an array of shape {arr.shape}, expected one number, {describe(expected.item())}"
                    if wrong_shape and expected.ndim == 0
                    else f"shape {arr.shape}, expected {expected.shape}"
                    if wrong_shape
                    else f"booleans {describe(arr)}, expected {describe(_squeeze(expected))}"
                )
                raise hinted(f"{what} returned {shown}.", hints)
    try:
        return expect_close(got, expected, what, mistakes=mistakes, rtol=rtol, atol=atol)
    except Feedback as fb:
        # easy to compare by eye, nothing to point at, or not an array of numbers (a list, a
        # string: expect_close has said what to return instead)
        if expected.size <= 8 or not isinstance(got, np.ndarray) or got.shape != expected.shape:
            raise
        if got.dtype.kind not in "iuf":
            raise
        arr = np.asarray(got, dtype=np.float64)
        off = np.where(np.isnan(arr), np.inf, np.abs(arr - expected))
        i = np.unravel_index(int(np.argmax(off)), arr.shape)
        text, _, hint = str(fb).partition(" Hint: ")
        at = ", ".join(map(str, i))
        where = f" The largest difference is at [{at}]: {arr[i]:.6g} instead of {expected[i]:.6g}."
        raise Feedback(text + where + (f" Hint: {hint}" if hint else "")) from None


# ---------------------------------------------------------------- predict, then run
def _one_of(options: Sequence[str]) -> str:
    return f"return one of the {len(options)} options, a string written exactly as in the list"


def _normalised(text: str) -> str:
    """Lower case, punctuation, underscores and hyphens as spaces: how "close to an option" is judged."""
    for char in ".,;:!?()[]_-'\"":
        text = text.replace(char, " ")
    return " ".join(text.lower().split())


def _is_near(answer: str, options: Sequence[str]) -> bool:
    said = _normalised(answer)
    return any(said == _normalised(o) or said.startswith(_normalised(o) + " ") for o in options)


def prediction_mistakes(options: Sequence[str]) -> tuple[Mistake, ...]:
    """The ways a recorded prediction fails to be one of ``options``, with the hint each gets.

    The same for every *predict, then run* exercise (:func:`define_prediction`); the tests feed
    each to its checker.
    """
    one_of = _one_of(options)
    return (
        Mistake(
            "the option's number",
            lambda: 2,
            f"return the option's words, not its number in the list: {one_of}.",
        ),
        Mistake("a number", lambda: 0.125, f"return your prediction, not a number you computed: {one_of}."),
        Mistake(
            "yes or no",
            lambda: True,
            f"the question has {len(options)} possible answers, not yes/no: {one_of}.",
        ),
        Mistake(
            "not exactly as written",
            lambda: options[0].upper() + ".",
            "your text is close to an option but not the same: copy it exactly as written "
            "(the same case, spaces and punctuation).",
        ),
        Mistake(
            "several options",
            lambda: tuple(options[:2]),
            "pick one option, the one you expect; a tuple or list is not a prediction.",
        ),
    )


def _same_answer(a, b) -> bool:
    if type(a) is not type(b) and not (isinstance(a, int | float) and isinstance(b, int | float)):
        return False
    try:
        return bool(a == b)
    except Exception:
        return False


def _prediction_hint(answer, options: Sequence[str], extra: Sequence[Mistake]) -> str:
    for mistake in extra:
        if _same_answer(mistake.impl(), answer):
            return mistake.hint
    standard = {m.name: m.hint for m in prediction_mistakes(options)}
    if answer is None:
        return "Did you forget the `return` statement?"
    if isinstance(answer, bool | np.bool_):
        return standard["yes or no"]
    if isinstance(answer, int | np.integer) and 1 <= answer <= len(options):
        return standard["the option's number"]
    if isinstance(answer, int | float | np.number):
        return standard["a number"]
    if isinstance(answer, list | tuple | set):
        return standard["several options"]
    if isinstance(answer, str) and _is_near(answer, options):
        return standard["not exactly as written"]
    return _one_of(options) + "."


def predicted(
    fn: Callable, options: Sequence[str], name: str = "my_prediction", extra: Sequence[Mistake] = ()
):
    """The prediction the student recorded: what ``fn()`` returns, one of ``options``.

    A *predict, then run* exercise asks for a prediction before the cell that shows the answer.
    The student writes it as a function, so the student version's stub works as everywhere
    else::

        def my_prediction():
            return "the first layer"        # one of the options the text lists

    Anything else (a number, the option's number, True, a near-miss spelling, several options) is
    feedback with the hint for it; ``extra`` adds an exercise's own wrong answers (compared by
    equality) and their hints.
    """
    answer = call(fn)
    if isinstance(answer, str) and answer in options:
        return answer
    listed = ", ".join(repr(o) for o in options)
    raise Feedback(
        f"{name}() returned {describe(answer)}, expected one of {listed}. "
        f"Hint: {_prediction_hint(answer, options, extra)}"
    )


def define_prediction(
    name: str,
    notebook: str,
    *,
    options: Sequence[str],
    reveal: Callable[..., tuple[str, str]],
    mistakes: Sequence[Mistake] = (),
    doc: str | None = None,
) -> Callable[..., None]:
    """Declare a *predict, then run* exercise and return its checker.

    ``reveal(*context)`` returns ``(truth, why)``: the option the run shows and a sentence saying
    why, from the notebook's own results passed to the checker after the student's function
    (``check_x(my_prediction, grad_norms)``; with none, ``reveal()`` computes them itself). Any
    option completes the exercise: the ✓ line comments on the prediction
    (:func:`prediction_verdict`). ``mistakes`` are the exercise's own wrong answers beyond the
    standard ones (:func:`prediction_mistakes`).
    """
    options = tuple(options)
    extra = tuple(mistakes)

    def check(prediction, *context) -> str:
        answer = predicted(prediction, options, prediction_name(prediction), extra)
        truth, why = reveal(*context)
        return prediction_verdict(answer, truth, why)

    def reference() -> str:
        return reveal()[0]

    check.__name__ = check.__qualname__ = f"check_{name}"
    check.__doc__ = doc or f"Comment on the recorded prediction ``{name}``; any of the options completes it."
    return exercise(name, notebook, reference, (*prediction_mistakes(options), *extra))(check)


def prediction_name(fn) -> str:
    """The name feedback uses for the student's prediction function."""
    name = getattr(fn, "__name__", "my_prediction")
    return "my_prediction" if name == "<lambda>" else name


def prediction_verdict(answer, truth, why: str) -> str:
    """The comment on a recorded prediction once the run has shown the answer.

    Predicting is the exercise, so a wrong prediction is not a failure (the ✓ says the
    exercise is done); the comment says what the run showed and why.
    """
    if answer == truth:
        return f"you predicted {answer!r}, and the run shows it. {why}"
    return f"you predicted {answer!r}; the run shows {truth!r}. {why}"


# ---------------------------------------------------------------- multiple-choice questions
_LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class Question:
    """A multiple-choice question: options lettered A, B, …, the right letter(s), the explanation
    shown with ✓, and for a wrong letter the reason shown with ✗ (``why_not``).

    ``check`` is the registered checker when the question is declared with :func:`define_question`.
    """

    name: str
    question: str
    options: tuple[str, ...]
    answer: tuple[str, ...]
    explanation: str
    why_not: Mapping[str, str] = field(default_factory=dict)
    check: Callable | None = None

    def __post_init__(self):
        if not 2 <= len(self.options) <= len(_LETTERS):
            raise ValueError(f"a question needs 2 to {len(_LETTERS)} options, got {len(self.options)}")
        if not self.answer or any(a not in self.letters for a in self.answer):
            raise ValueError(
                f"answer must be one or more of the letters {tuple(self.letters)}, got {self.answer!r}"
            )

    @property
    def letters(self) -> str:
        return _LETTERS[: len(self.options)]

    def verdict(self, letter: str) -> str:
        """The feedback for picking ``letter``: '✓ …explanation' or '✗ …why not'."""
        if letter not in self.letters:
            raise ValueError(f"no option {letter!r}; the options are {tuple(self.letters)}")
        if letter in self.answer:
            return f"✓ {letter}) is right. {self.explanation}"
        why = self.why_not.get(letter, "This option does not describe it.")
        return f"✗ {letter}) is not the answer. {why} Try another option."


def define_question(
    name: str,
    notebook: str,
    *,
    question: str,
    options: Sequence[str],
    answer: str | Sequence[str],
    explanation: str,
    why_not: Mapping[str, str],
) -> Question:
    """Declare a multiple-choice question as an exercise and return it (a :class:`Question`).

    ``answer`` is the letter of the right option, or several letters; ``why_not`` gives every
    wrong letter its reason. The registry holds the question like any exercise: its checker takes
    a function returning the picked letter (``check(lambda: "B")``), the reference returns the
    answer, and each wrong option is a planted mistake whose hint is its why-not, so the generic
    tests feed every wrong option. A quiz widget shows the same :meth:`Question.verdict`.
    """
    answers = (answer,) if isinstance(answer, str) else tuple(answer)
    entry = Question(name, question, tuple(options), answers, explanation, dict(why_not))
    wrong = [letter for letter in entry.letters if letter not in answers]
    if set(entry.why_not) != set(wrong):
        raise ValueError(
            f"{name}: why_not needs exactly the wrong letters {wrong}, got {sorted(entry.why_not)}"
        )
    letters = ", ".join(repr(letter) for letter in entry.letters)

    def check(pick) -> str:
        letter = call(pick)
        expect_returned(letter, f"{name}()")
        if not isinstance(letter, str) or letter.strip().upper() not in entry.letters:
            raise Feedback(
                f"{name}() returned {describe(letter)}, expected one of the letters {letters}. "
                "Hint: return the letter of the option you pick, as a string."
            )
        letter = letter.strip().upper()
        if letter not in answers:
            raise Feedback(
                f"{name}() returned {letter!r}, not the expected answer. "
                f"Hint: {entry.why_not[letter]} Try another option."
            )
        return entry.verdict(letter)[2:]

    def reference() -> str:
        return answers[0]

    mistakes = tuple(Mistake(f"option {w}", lambda w=w: w, entry.why_not[w]) for w in wrong)
    check.__name__ = check.__qualname__ = f"check_{name}"
    # a notebook asks the question through the quiz widget, quiz(...), not through a check_ call
    # (tests/test_release.py looks for this call in the notebook)
    check.asked_by = "quiz"
    check.__doc__ = f"Check the letter picked for the question {name!r}."
    run = exercise(name, notebook, reference, mistakes)(check)
    return replace(entry, check=run)


# ---------------------------------------------------------------- library calls through an object
def without_calls(fn, functions: Mapping[Callable, str]):
    """``fn``, run so that calling one of the library ``functions`` is feedback, however it is reached.

    ``forbid`` (see :func:`call`) replaces names in the student's globals, so it cannot see a
    call through an object: ``sigmoid.grad(z)``, ``get("swish").grad(z)``. Here ``fn`` runs under
    :func:`sys.setprofile`, which notes every Python function called; if one of ``functions``
    (compared by code object, e.g. an activation's ``df``) ran, the call counts as calling the
    library, as with ``forbid``. Not a function: returned as it is (:func:`call` reports it).
    """
    if not callable(fn):
        return fn
    codes = {f.__code__: name for f, name in functions.items()}

    @functools.wraps(fn)
    def watched(*args, **kwargs):
        seen: list[str] = []

        def note(frame, event, arg):
            if event == "call" and frame.f_code in codes:
                seen.append(codes[frame.f_code])

        previous = sys.getprofile()
        sys.setprofile(note)
        try:
            result = fn(*args, **kwargs)
        finally:
            sys.setprofile(previous)
        if seen:
            raise _ForbiddenCall(seen[0])
        return result

    return watched


def forbidding_calls(check: Callable, functions: Mapping[Callable, str]) -> Callable:
    """The checker ``check`` (from :func:`define` or :func:`exercise`), with the student's function
    run under :func:`without_calls`; the registry's entry is updated to it."""

    @functools.wraps(check)
    def run(student, *args, **kwargs):
        return check(without_calls(student, functions), *args, **kwargs)

    name = check.exercise_name
    REGISTRY[name] = replace(REGISTRY[name], check=run)
    return run
