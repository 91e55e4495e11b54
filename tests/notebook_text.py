"""How the notebooks read: markdown words, visible asserts and lecture-note references per notebook.

Run ``python tests/notebook_text.py`` for the table (the figures issue 12 set targets for);
``tests/test_notebook_text.py`` enforces the targets and the verify-cell convention. It also
prints the exercises' solution sizes (lines of code between the solution markers).

* **words**: whitespace-separated words in the markdown cells of the student version
  (``notebooks/``), formulas included;
* **visible asserts**: lines starting with ``assert`` in code cells a student sees, i.e. not
  verify cells (tag ``verify`` and ``"jupyter": {"source_hidden": true}``);
* **references**: lecture-note line references (``002:L693``, ``L693``) and errata ids
  (``E57``), in any cell of ``notebooks/`` or ``solutions/``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from statistics import mean, median

ROOT = Path(__file__).resolve().parents[1]
STUDENT = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))

WORDS_TARGET = 2400  # mean markdown words per notebook
ASSERTS_TARGET = 6  # mean visible assert lines per notebook
REFERENCE = re.compile(r"\b\d{3}:L\d+|\bL\d{2,4}\b|\bE\d{1,3}\b|\berrat(?:a|um)\b", re.IGNORECASE)


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def is_hidden(cell: dict) -> bool:
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


def is_verify(cell: dict) -> bool:
    return "verify" in cell.get("metadata", {}).get("tags", [])


def words(path: Path) -> int:
    return sum(len(source(c).split()) for c in cells(path) if c["cell_type"] == "markdown")


def visible_asserts(path: Path) -> int:
    return sum(
        1
        for c in cells(path)
        if c["cell_type"] == "code" and not is_hidden(c)
        for line in source(c).splitlines()
        if line.lstrip().startswith("assert ")
    )


def references(path: Path) -> list[str]:
    return [m.group(0) for c in cells(path) for m in REFERENCE.finditer(source(c))]


SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.DOTALL)


def solution_sizes(path: Path) -> list[int]:
    """Lines of code (not blank, not comments) in each exercise solution of a solution notebook."""
    return [
        sum(1 for line in region.splitlines() if line.strip() and not line.strip().startswith("#"))
        for c in cells(path)
        if c["cell_type"] == "code"
        for region in SOLUTION_REGION.findall(source(c))
    ]


def table() -> list[tuple[str, int, int, int]]:
    """(notebook, words, visible asserts, references) for each student notebook."""
    rows = []
    for student in STUDENT:
        solution = ROOT / "solutions" / student.name
        refs = len(references(student)) + (len(references(solution)) if solution.exists() else 0)
        rows.append((student.stem, words(student), visible_asserts(student), refs))
    return rows


def main() -> int:
    rows = table()
    print(f"{'notebook':42} {'words':>6} {'asserts':>8} {'refs':>5}")
    for name, w, a, r in rows:
        print(f"{name:42} {w:6d} {a:8d} {r:5d}")
    print(
        f"{'mean':42} {mean(r[1] for r in rows):6.0f} {mean(r[2] for r in rows):8.1f} "
        f"{mean(r[3] for r in rows):5.1f}"
    )
    print(
        f"{'total':42} {sum(r[1] for r in rows):6d} {sum(r[2] for r in rows):8d} {sum(r[3] for r in rows):5d}"
    )
    print(f"targets: mean words ≤ {WORDS_TARGET}, mean visible asserts ≤ {ASSERTS_TARGET}, references 0")
    sizes = sorted(n for path in SOLUTIONS for n in solution_sizes(path))
    print(
        f"exercises: {len(sizes)}, solution lines median {median(sizes):g}, "
        f"{sum(n >= 6 for n in sizes)} with 6 or more lines"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
