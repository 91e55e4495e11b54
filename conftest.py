"""Checks layered on nbval, for every notebook nbval runs.

1. Exercise checks say what the version promises. nbval (``--nbval-lax``) only requires cells
   to run without error. Here, after each notebook cell that calls a checker (a line starting
   ``check_...(``), its printed output is inspected: in ``solutions/`` it must contain the ✓
   line, in ``notebooks/`` (the student version) the "not attempted yet" notice.
2. Restart & Run All twice gives the same text. The text nbval's run of each solution notebook
   printed is kept; one more item per solution notebook (after its cells, so on the same xdist
   worker with ``--dist loadscope``) runs the notebook again in a fresh kernel and compares every
   text output. Cells tagged ``timing`` (machine-dependent timings) and widget views (random
   model ids) are left out. If nbval's run is not available (a failed cell, ``-k``), the item
   runs the notebook twice itself.
"""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

CHECK_CALL = re.compile(r"^check_\w+\(", re.MULTILINE)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_NBVAL_TEXTS: dict[Path, dict[int, list[str]]] = {}  # notebook → code-cell number → text outputs


def _stream_text(outputs) -> str:
    return "".join(o.get("text", "") for o in outputs or [] if o.get("output_type") == "stream")


def _texts(outputs) -> list[str]:
    """A cell's text outputs: streams merged per run of one stream name (chunking depends on
    timing), results and displays by their text/plain; widget views are left out."""
    texts: list[str] = []
    last_stream = None
    for out in outputs or []:
        kind = out.get("output_type")
        if kind == "stream":
            if last_stream == out.get("name"):
                texts[-1] += out.get("text", "")
            else:
                texts.append(f"{out.get('name')}: {out.get('text', '')}")
            last_stream = out.get("name")
            continue
        last_stream = None
        data = out.get("data", {})
        if kind in ("execute_result", "display_data") and WIDGET_VIEW not in data:
            texts.append(data.get("text/plain", ""))
        elif kind == "error":
            texts.append(f"{out.get('ename')}: {out.get('evalue')}")
    return texts


def _timed(cell) -> bool:
    return "timing" in cell.get("metadata", {}).get("tags", [])


def run_texts(path: Path) -> dict[int, list[str]]:
    """Restart & Run All in a fresh kernel: code-cell number → text outputs (timing cells left out)."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    return {i: _texts(cell.outputs) for i, cell in enumerate(code) if not _timed(cell)}


class RunAllAgain(pytest.Item):
    """Restart & Run All of a solution notebook gives the same text as nbval's run of it."""

    def runtest(self):
        code = [c for c in nbformat.read(self.path, as_version=4).cells if c.cell_type == "code"]
        recorded = _NBVAL_TEXTS.pop(self.path, {})
        first = recorded if len(recorded) == sum(not _timed(c) for c in code) else run_texts(self.path)
        second = run_texts(self.path)
        for i in sorted(set(first) | set(second)):
            a, b = first.get(i), second.get(i)
            if a != b:
                pytest.fail(f"code cell {i} printed different text in two runs:\n{a}\n--- vs ---\n{b}", False)

    def reportinfo(self):
        return self.path, None, f"{self.path.name}: Restart & Run All twice gives the same text"


@pytest.hookimpl(tryfirst=True)  # before -k / -m deselect, so they can deselect it
def pytest_collection_modifyitems(session, config, items):
    out = []
    for index, item in enumerate(items):
        out.append(item)
        following = items[index + 1] if index + 1 < len(items) else None
        last_cell = following is None or following.parent is not item.parent
        if type(item).__name__ == "IPyNbCell" and item.path.parent.name == "solutions" and last_cell:
            out.append(RunAllAgain.from_parent(item.parent, name="Restart & Run All again"))
    items[:] = out


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    cell = getattr(item, "cell", None)
    if type(item).__name__ != "IPyNbCell" or cell is None:
        return result
    folder = item.path.parent.name
    if folder == "solutions" and not _timed(cell):
        _NBVAL_TEXTS.setdefault(item.path, {})[item.cell_num] = _texts(item.test_outputs)
    if CHECK_CALL.search(cell.source):
        text = _stream_text(item.test_outputs)
        if folder == "solutions" and ("✓" not in text or "not attempted" in text):
            pytest.fail(
                f"solution version: the check did not pass:\n{cell.source}\n--- output ---\n{text}", False
            )
        if folder == "notebooks" and "not attempted yet" not in text:
            pytest.fail(
                f"student version: no 'not attempted yet' notice:\n{cell.source}\n--- output ---\n{text}",
                False,
            )
    return result
