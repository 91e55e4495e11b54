"""Generate the student notebooks from the solution notebooks (one source of truth).

``solutions/NN_*.ipynb`` are the source: complete notebooks whose exercise solutions are
marked with nbgrader's markers, so instructors who use nbgrader can use them as they are::

    def sigmoid_grad(z):
        ### BEGIN SOLUTION
        s = sigmoid(z)
        return s * (1 - s)
        ### END SOLUTION

``python -m course_lib.release`` (``make student``) writes ``notebooks/NN_*.ipynb``, where each
marked region becomes ``# YOUR CODE HERE`` / ``raise NotImplementedError()`` (in markdown
cells: ``YOUR ANSWER HERE``), and rewrites the solutions without outputs. ``--check`` only
reports drift (the tests run the same comparison).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

__all__ = ["ROOT", "drift", "main", "strip", "student_source", "student_version"]

ROOT = Path(__file__).resolve().parents[1]
BEGIN = re.compile(r"^(\s*)### BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*### END SOLUTION\s*$")
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
MARKDOWN_STUB = "YOUR ANSWER HERE"
_KEEP_CELL_METADATA = ("tags", "editable", "deletable", "nbgrader")


def student_source(source: str, cell_type: str = "code", where: str = "cell") -> str:
    """Replace every marked solution region of one cell's source with the stub."""
    out: list[str] = []
    inside = False
    for number, line in enumerate(source.splitlines(), start=1):
        begin = BEGIN.match(line)
        if begin:
            if inside:
                raise ValueError(f"{where}, line {number}: BEGIN SOLUTION inside another solution region")
            inside = True
            indent = begin.group(1)
            if cell_type == "code":
                out.extend(indent + stub for stub in CODE_STUB)
            else:
                out.append(indent + MARKDOWN_STUB)
        elif END.match(line):
            if not inside:
                raise ValueError(f"{where}, line {number}: END SOLUTION without BEGIN SOLUTION")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{where}: BEGIN SOLUTION without END SOLUTION")
    return "\n".join(out)


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove outputs, execution counts and volatile metadata (in place); return nb."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in _KEEP_CELL_METADATA}
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nb


def student_version(nb: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """A stripped copy of ``nb`` with every solution region replaced by its stub."""
    student = strip(nbformat.from_dict(nb))
    for index, cell in enumerate(student.cells):
        if "### BEGIN SOLUTION" in cell.source or "### END SOLUTION" in cell.source:
            cell.source = student_source(cell.source, cell.cell_type, f"{name}, cell {index}")
    return student


def _dumps(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def _targets(root: Path, only: list[Path] | None = None) -> list[tuple[Path, str]]:
    """(path, wanted text) for every generated file: each stripped solution and its student twin."""
    out = []
    sources = sorted((root / "solutions").glob("*.ipynb")) if not only else [Path(p).resolve() for p in only]
    for source in sources:
        nb = nbformat.read(source, as_version=4)
        out.append((source, _dumps(strip(nbformat.from_dict(nb)))))
        out.append((root / "notebooks" / source.name, _dumps(student_version(nb, source.name))))
    return out


def drift(root: Path = ROOT, only: list[Path] | None = None) -> list[Path]:
    """Files whose committed text differs from what the generator produces."""
    return [p for p, text in _targets(root, only) if not p.exists() or p.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write notebooks/ (student) from solutions/ (source).")
    parser.add_argument("--check", action="store_true", help="only report files that would change")
    parser.add_argument(
        "solutions", nargs="*", type=Path, help="only these solution notebooks (default: all)"
    )
    args = parser.parse_args(argv)
    changed = drift(ROOT, args.solutions)
    if args.check:
        for p in changed:
            print(f"out of date: {p.relative_to(ROOT)}  (run `make student`)")
        return 1 if changed else 0
    for path, text in _targets(ROOT, args.solutions):
        if path in changed:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
