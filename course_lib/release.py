"""Generate the student notebooks from the solution notebooks (one source of truth).

``solutions/NN_*.ipynb`` are the source: complete notebooks whose exercise solutions are
marked with nbgrader's markers::

    def sigmoid_grad(z):
        ### BEGIN SOLUTION
        s = sigmoid(z)
        return s * (1 - s)
        ### END SOLUTION

``python -m course_lib.release`` (``make student``) writes ``notebooks/NN_*.ipynb``, where each
marked region becomes ``# YOUR CODE HERE`` / ``raise NotImplementedError()`` (in markdown
cells: ``YOUR ANSWER HERE``), and rewrites the solutions without outputs. ``--check`` only
reports drift (the tests run the same comparison).

Both versions carry nbgrader's cell metadata (schema version 3, :func:`nbgrader_metadata`),
computed from the sources on every run, so ``nbgrader generate_assignment`` accepts
``solutions/`` as its source folder and ``nbgrader autograde`` grades the check cells:

* a code cell with a solution region is a solution cell ("autograded answer");
* a code cell that calls a checker (a line starting ``check_...(``) is an autograded test cell,
  locked, worth :data:`POINTS` point;
* a markdown cell with a solution region would be a manually graded answer (none yet);
* a cell tagged ``verify`` (it asserts what the text before it states) gets
  ``"jupyter": {"source_hidden": true}``, so JupyterLab and Notebook 7 show it collapsed; no
  other ``jupyter`` metadata is kept;
* every other cell has no nbgrader metadata (students may edit and run it; nbgrader grades
  nothing in it).

Grade ids are ``<notebook stem>-<exercise>`` for a check cell and ``...-solution`` for the
solution cell before it (the exercise named by the checker the cell calls), so they stay the
same when cells are added or moved.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

__all__ = [
    "POINTS",
    "ROOT",
    "VERIFY_TAG",
    "drift",
    "main",
    "nbgrader_metadata",
    "strip",
    "student_source",
    "student_version",
]

ROOT = Path(__file__).resolve().parents[1]
BEGIN = re.compile(r"^(\s*)### BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*### END SOLUTION\s*$")
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
MARKDOWN_STUB = "YOUR ANSWER HERE"
_KEEP_CELL_METADATA = ("tags", "editable", "deletable")
CHECK_CALL = re.compile(r"^(check_\w+)\(", re.MULTILINE)  # as tests/notebook_promises.py
VERIFY_TAG = "verify"  # a cell that checks the course's own claims: collapsed (source hidden)
POINTS = 1  # per check cell: every exercise has one check cell and counts the same


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


def _has_solution(cell) -> bool:
    return "### BEGIN SOLUTION" in cell.source or "### END SOLUTION" in cell.source


def _grade_ids(nb: nbformat.NotebookNode, stem: str) -> dict[int, dict]:
    """{cell index: nbgrader metadata} for every cell nbgrader grades or needs (see module doc)."""
    found: dict[int, dict] = {}
    used: set[str] = set()

    def unique(grade_id: str) -> str:
        grade_id = re.sub(r"[^A-Za-z0-9_-]", "_", grade_id)  # nbgrader allows these characters
        candidate, n = grade_id, 1
        while candidate in used:
            n += 1
            candidate = f"{grade_id}-{n}"
        used.add(candidate)
        return candidate

    pending_solution: int | None = None  # the solution cell waiting for its check cell
    for index, cell in enumerate(nb.cells):
        solution = _has_solution(cell)
        checks = CHECK_CALL.findall(cell.source) if cell.cell_type == "code" else []
        if solution and checks:
            raise ValueError(f"{stem}, cell {index}: a solution region and a check call in one cell")
        if cell.cell_type == "markdown" and solution:
            found[index] = _meta(unique(f"{stem}-answer-{index}"), solution=True, grade=True)
        elif solution:
            pending_solution = index
            found[index] = None  # named below, after its check cell
        elif checks:
            exercise = "-".join(name.removeprefix("check_") for name in checks)
            grade_id = unique(f"{stem}-{exercise}")
            found[index] = _meta(grade_id, grade=True, locked=True)
            if pending_solution is not None:
                found[pending_solution] = _meta(unique(f"{grade_id}-solution"), solution=True)
                pending_solution = None
    for index, meta in found.items():
        if meta is None:  # a solution cell with no check cell after it
            found[index] = _meta(unique(f"{stem}-solution-{index}"), solution=True)
    return found


def _meta(grade_id: str, *, solution: bool = False, grade: bool = False, locked: bool = False) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = POINTS
    return meta


def nbgrader_metadata(nb: nbformat.NotebookNode, stem: str) -> nbformat.NotebookNode:
    """Set every cell's nbgrader metadata from its source (in place); return nb.

    Computed afresh each time: metadata found in the notebook is replaced, so running the
    generator twice changes nothing and a cell that stops being an exercise cell loses it.
    """
    wanted = _grade_ids(nb, stem)
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("nbgrader", None)
        if index in wanted:
            cell.metadata["nbgrader"] = wanted[index]
    return nb


def strip(nb: nbformat.NotebookNode, stem: str = "notebook") -> nbformat.NotebookNode:
    """Remove outputs, execution counts and volatile metadata, and set the nbgrader metadata
    (:func:`nbgrader_metadata`), in place; return nb."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in _KEEP_CELL_METADATA}
        if VERIFY_TAG in cell.metadata.get("tags", []):
            cell.metadata["jupyter"] = {"source_hidden": True}
    nbgrader_metadata(nb, stem)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nb


def student_version(nb: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """A stripped copy of ``nb`` with every solution region replaced by its stub."""
    student = strip(nbformat.from_dict(nb), Path(name).stem)
    for index, cell in enumerate(student.cells):
        if _has_solution(cell):
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
        out.append((source, _dumps(strip(nbformat.from_dict(nb), source.stem))))
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
