"""Lazy topic packages: ``from course_lib.widgets import x`` imports only the module defining x.

A package's topic modules declare a literal ``__all__``; it is read with ``ast`` (no import), so
a notebook pays only for the topics it uses (some pull in scipy or large plotting helpers).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path


def exports(package_name: str, package_path) -> dict[str, str]:
    """{exported name: full module name} for every public module of a package."""
    index: dict[str, str] = {}
    for info in pkgutil.iter_modules(package_path):
        if info.name.startswith("_"):
            continue
        source = Path(package_path[0], f"{info.name}.py").read_text(encoding="utf-8")
        for node in ast.parse(source).body:
            if isinstance(node, ast.Assign) and any(
                getattr(t, "id", None) == "__all__" for t in node.targets
            ):
                for name in ast.literal_eval(node.value):
                    index[name] = f"{package_name}.{info.name}"
    return index


def attach(package_name: str, index: dict[str, str], namespace: dict):
    """A module ``__getattr__`` that imports the defining module on first use."""

    def __getattr__(name: str):
        module = index.get(name)
        if module is None:
            raise AttributeError(f"module {package_name!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__


def import_all(index: dict[str, str]) -> None:
    """Import every topic module (tests and benchmarks need every registered item)."""
    for module in sorted(set(index.values())):
        importlib.import_module(module)
