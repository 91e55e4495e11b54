"""The library's layout keeps its promises: ``plotting`` only draws, topic code lives in ``topics``,
and checkers take their references from the math core or the topics."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import course_lib
from course_lib import plotting, topics

PACKAGE = Path(course_lib.__file__).parent


def _modules(package):
    return [
        importlib.import_module(f"{package.__name__}.{m.name}")
        for m in pkgutil.iter_modules(package.__path__)
    ]


def _public_functions(module):
    return [
        (name, fn)
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__ and not name.startswith("_")
    ]


@pytest.mark.parametrize("module", _modules(plotting), ids=lambda m: m.__name__)
def test_plotting_functions_draw_on_an_ax(module):
    """Every public function of course_lib.plotting takes the Axes it draws on."""
    functions = _public_functions(module)
    assert functions, f"{module.__name__} has no plot function left: delete it"
    assert [name for name, fn in functions if "ax" not in inspect.signature(fn).parameters] == []


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


@pytest.mark.parametrize("module", _modules(topics), ids=lambda m: m.__name__)
def test_topic_modules_do_not_draw(module):
    """A topic module computes; it imports neither matplotlib nor the plotting package."""
    imports = _imports(Path(module.__file__))
    assert [m for m in imports if m.startswith(("matplotlib", "course_lib.plotting"))] == []


def test_checkers_never_import_from_plotting():
    """Exercise checkers take their references from the math core or the topic modules."""
    for path in sorted((PACKAGE / "exercises").glob("*.py")):
        assert [m for m in _imports(path) if m.startswith("course_lib.plotting")] == [], path.name
