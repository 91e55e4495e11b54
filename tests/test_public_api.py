"""course_lib uses its dependencies through their public interfaces only (issue 10).

A course is used for years by people who do not maintain code: a private name of matplotlib,
ipywidgets, numpy or scipy (leading underscore) can change in any minor release. Checked on the
source (``ast``), so a new module is covered the moment it is written:

* no ``x._name`` where ``x`` is not the library's own (``self``, ``cls``, or a name imported
  from ``course_lib``), and no ``from dependency import _name``;
* no assignment to an attribute of a dependency's module (monkeypatching);
* a class of the library that subclasses a dependency's class defines no private name that the
  dependency's class already has (that would override its internals), IPython's documented
  display hook ``_repr_mimebundle_`` excepted.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap
from pathlib import Path

import ipywidgets as W
import pytest

import course_lib

PACKAGE = Path(course_lib.__file__).parent
SOURCES = sorted(PACKAGE.rglob("*.py"))
ALLOWED_OVERRIDES = {"_repr_mimebundle_"}  # IPython's rich-display protocol (documented)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _own_names(tree: ast.Module) -> set[str]:
    """Names bound to the library's own modules or objects: imports from course_lib."""
    own = {"self", "cls"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course_lib"):
            own |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            own |= {
                (alias.asname or alias.name).split(".")[0]
                for alias in node.names
                if alias.name.startswith("course_lib")
            }
    return own


def _dependency_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {
                (a.asname or a.name).split(".")[0] for a in node.names if not a.name.startswith("course_lib")
            }
        elif (
            isinstance(node, ast.ImportFrom)
            and not (node.module or "").startswith("course_lib")
            and node.level == 0
        ):
            names |= {a.asname or a.name for a in node.names}
    return names


def _defined_private(tree: ast.Module) -> set[str]:
    """Private names the source defines itself: functions, classes, ``self._x = ...``, ``_X = ...``."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Attribute):
                    names.add(target.attr)
                elif isinstance(target, ast.Name):
                    names.add(target.id)
    return {name for name in names if _private(name)}


def _root(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    if isinstance(node, ast.Call):  # super()._x, f()._x
        return _root(node.func) if not isinstance(node.func, ast.Name) else f"{node.func.id}()"
    return node.id if isinstance(node, ast.Name) else None


def problems_in(source: str, where: str) -> list[str]:
    tree = ast.parse(source)
    own, deps = _own_names(tree), _dependency_names(tree)
    defined = OWN_PRIVATE | _defined_private(tree)
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and not (node.module or "").startswith("course_lib")
        ):
            if any(_private(part) for part in (node.module or "").split(".")):
                found.append(f"{where}:{node.lineno}: imports from the private module {node.module}")
            found += [
                f"{where}:{node.lineno}: imports the private name {a.name}"
                for a in node.names
                if _private(a.name)
            ]
        elif isinstance(node, ast.Import):
            found += [
                f"{where}:{node.lineno}: imports the private module {a.name}"
                for a in node.names
                if any(_private(part) for part in a.name.split("."))
            ]
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            root = _root(node.value)
            if root == "super()":
                ours = node.attr in ALLOWED_OVERRIDES
            else:
                ours = root in own or (root not in deps and node.attr in defined)
            if not ours:
                found.append(
                    f"{where}:{node.lineno}: uses the private attribute .{node.attr} of {root or 'an object'}"
                )
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and _root(target) in deps:
                    found.append(f"{where}:{node.lineno}: assigns to {ast.unparse(target)} (monkeypatching)")
    return found


OWN_PRIVATE: set[str] = set()  # private names the library defines (an object of its own may use them)
for _path in SOURCES:
    OWN_PRIVATE |= _defined_private(ast.parse(_path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_no_private_names_of_dependencies(path):
    assert problems_in(path.read_text(encoding="utf-8"), path.name) == []


def test_the_check_can_fail():
    bad = (
        "import matplotlib\nfrom matplotlib.ft2font import _x\nimport ipympl._version\n"
        "from matplotlib.backends import backend_agg\n"
        "def f(ax, canvas):\n    ax._left_title.set_text('')\n    return canvas._png_is_old\n"
        "matplotlib.use = print\nbackend_agg.RendererAgg.draw_text = None\n"
        "class C:\n    def g(self):\n        return super()._draw_text_glyphs()\n"
    )
    found = problems_in(bad, "bad.py")
    for text in (
        "_x",
        "ipympl._version",
        "._left_title",
        "._png_is_old",
        "matplotlib.use",
        "RendererAgg.draw_text",
        "_draw_text_glyphs",
    ):
        assert any(text in problem for problem in found), (text, found)
    fine = (
        "from course_lib import losses\nclass C:\n    def f(self):\n"
        "        return self._a, losses._bce_logits, super()._repr_mimebundle_()\n"
    )
    assert problems_in(fine, "fine.py") == []


def _library_classes():
    for path in SOURCES:
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name:
                yield cls


def private_overrides(cls) -> list[str]:
    """The private names that ``cls`` defines (methods, ``self._x = ...``) and a dependency's base has."""
    foreign = [b for b in cls.__mro__[1:] if not b.__module__.startswith("course_lib") and b is not object]
    if not foreign:
        return []
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    defined |= {
        t.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign | ast.AnnAssign)
        for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
        if isinstance(t, ast.Attribute) and _root(t) == "self"
    }
    problems = []
    for name in sorted(defined):
        owners = [base.__qualname__ for base in foreign if hasattr(base, name)]
        if _private(name) and name not in ALLOWED_OVERRIDES and owners:
            problems.append(f"{cls.__module__}.{cls.__qualname__}.{name} overrides {owners}")
    return problems


def test_no_private_method_of_a_dependency_is_overridden():
    assert [problem for cls in _library_classes() for problem in private_overrides(cls)] == []


class _Shadowing(W.VBox):  # what the check must catch: ipywidgets' own Widget._send, replaced
    def _send(self):
        self._mine = 1


def test_the_override_check_can_fail():
    found = private_overrides(_Shadowing)
    assert len(found) == 1 and "_Shadowing._send overrides" in found[0], found
