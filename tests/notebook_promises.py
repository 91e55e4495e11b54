"""What a course notebook promises beyond "every cell runs", and a small runner that checks it.

Two promises, checked by the repository's conftest.py (one item per notebook, see
:func:`notebook_problems`) and, the first one, by the browser tests (``tests/browser/checks.py``):

1. Every check cell (a line starting ``check_...(``, :data:`CHECK_CALL`) prints what its version
   promises (:func:`broken_promise`): in the student version (``notebooks/``) the "not attempted
   yet" notice, in the solution version (``solutions/``) the ✓ line and no "not attempted".
2. Restart & Run All twice gives the same text (solution versions): every text output of every
   code cell (:func:`texts`), but for cells tagged ``timing`` (machine-dependent timings) and
   widget views (random model ids).

The notebooks are run with nbclient's documented ``NotebookClient(...).execute()`` in a fresh
``python3`` kernel each time, in the notebook's own folder. Code cells are named as JupyterLab
numbers them after Restart & Run All: ``code cell 1`` is the first code cell.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

CHECK_CALL = re.compile(r"^check_\w+\(", re.MULTILINE)  # a cell that calls an exercise checker
STUDENT_FOLDER, SOLUTION_FOLDER = "notebooks", "solutions"
NOT_ATTEMPTED = "not attempted yet"  # the student version's notice
PASSED = "✓"  # the solution version's line
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TIMEOUT = 120  # seconds per cell


def is_student_version(path: Path) -> bool:
    """A notebook in ``notebooks/`` is a student version; one in ``solutions/`` is not."""
    return Path(path).parent.name == STUDENT_FOLDER


def cell_name(index: int, source: str) -> str:
    """``code cell <n> ('<its first line>')``, ``index`` counting code cells from 0."""
    first_line = (source.strip().splitlines() or [""])[0]
    return f"code cell {index + 1} ({first_line[:60]!r})"


def broken_promise(text: str, student: bool) -> str:
    """'' if ``text``, what a check cell printed, says what its version promises; else what is
    wrong with it."""
    if student and NOT_ATTEMPTED not in text:
        return f"no {NOT_ATTEMPTED!r} notice in the student version, it printed {text[:300]!r}"
    if not student and (PASSED not in text or "not attempted" in text):
        return f"the check did not pass ({PASSED}) in the solution version, it printed {text[:300]!r}"
    return ""


def _text(value) -> str:
    """A text field of an output: a string, or a list of lines (as in .ipynb files)."""
    return "".join(value) if isinstance(value, list) else (value or "")


def texts(outputs) -> list[str]:
    """A cell's text outputs, as compared between two runs: streams merged per run of one stream
    name (chunking depends on timing), results and displays by their text/plain; widget views
    are left out."""
    found: list[str] = []
    last_stream = None
    for out in outputs or []:
        kind = out.get("output_type")
        if kind == "stream":
            if last_stream == out.get("name"):
                found[-1] += _text(out.get("text"))
            else:
                found.append(f"{out.get('name')}: {_text(out.get('text'))}")
            last_stream = out.get("name")
            continue
        last_stream = None
        data = out.get("data", {})
        if kind in ("execute_result", "display_data") and WIDGET_VIEW not in data:
            found.append(_text(data.get("text/plain")))
        elif kind == "error":
            found.append(error_text([out]))
    return found


def printed(outputs) -> str:
    """Everything a cell printed (its stream outputs)."""
    return "".join(_text(o.get("text")) for o in outputs or [] if o.get("output_type") == "stream")


def error_text(outputs) -> str:
    """``ename: evalue`` of a cell's error outputs."""
    errors = [out for out in outputs if out.get("output_type") == "error"]
    return "; ".join(f"{out.get('ename')}: {out.get('evalue')}" for out in errors)


def is_timing(cell) -> bool:
    return "timing" in cell.get("metadata", {}).get("tags", [])


def run(path: Path) -> tuple[list, str]:
    """Restart & Run All of the notebook at ``path`` in a fresh kernel: its code cells, with their
    outputs, and '' or the error that stopped the run (as Run All stops at a failing cell)."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    stopped = ""
    try:
        client.execute()
    except CellExecutionError as error:
        stopped = f"Run All stopped: {error.ename}: {error.evalue}"
    code_cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    for i, cell in enumerate(code_cells):
        if stopped and any(out.get("output_type") == "error" for out in cell.outputs):
            stopped = f"{cell_name(i, cell.source)} raised {error_text(cell.outputs)}; Run All stopped there"
            break
    return code_cells, stopped


def check_cell_problems(code_cells, student: bool) -> list[str]:
    """How the check cells among ``code_cells`` (after a run) break their version's promise;
    cells the run did not reach (no execution count) are left out."""
    return [
        f"{cell_name(i, cell.source)}: {problem}"
        for i, cell in enumerate(code_cells)
        if CHECK_CALL.search(cell.source)
        and cell.get("execution_count") is not None
        and (problem := broken_promise(printed(cell.outputs), student))
    ]


def difference(first, second) -> str:
    """'' if two runs (their code cells) printed the same text, else what the first code cell
    that differs printed in each; cells tagged ``timing`` are left out."""
    for i, (a, b) in enumerate(zip(first, second)):
        if not is_timing(a) and texts(a.outputs) != texts(b.outputs):
            return (
                f"{cell_name(i, a.source)} printed different text in two runs (Restart & Run All):\n"
                f"--- first run ---\n{texts(a.outputs)}\n--- second run ---\n{texts(b.outputs)}"
            )
    return ""


def notebook_problems(path: Path) -> list[str]:
    """Run the notebook at ``path`` and return how it breaks its promises ([] if it keeps them):
    check cells (student and solution versions); a solution version is run a second time and
    must print the same text."""
    student = is_student_version(path)
    first, stopped = run(path)
    problems = [stopped] if stopped else []
    problems += check_cell_problems(first, student)
    if not student and not stopped:
        second, stopped = run(path)
        found = stopped or difference(first, second)
        problems += [found] if found else []
    return problems
