"""Checks layered on nbval, for every notebook nbval runs.

1. Exercise checks say what the version promises. nbval (``--nbval-lax``) only requires cells
   to run without error. Here, after each notebook cell that calls a checker (a line starting
   ``check_...(``), its printed output is inspected: in ``solutions/`` it must contain the ✓
   line, in ``notebooks/`` (the student version) the "not attempted yet" notice.
2. Restart & Run All twice gives the same text. The text nbval's run of each solution notebook
   printed is kept; one more item per solution notebook, ``Restart & Run All again`` (after its
   cells, so on the same xdist worker with ``--dist loadscope``), compares it with a second run
   in a fresh kernel, every text output. Cells tagged ``timing`` (machine-dependent timings) and
   widget views (random model ids) are left out.

   The second run is the browser test's Run All of the same notebook in JupyterLab, when that
   test is part of the session (it runs every solution notebook anyway; a third run of each
   would add about a tenth to the suite's CPU time). The two runs happen in different xdist workers, in either
   order, so each one leaves its texts in a folder shared by the session's processes
   (:class:`RunAllTexts`) and the one that finishes second compares them. Without that browser
   test (no Chromium, ``pytest solutions``, ``-k``), the item runs the notebook again itself;
   if nbval's run is not complete (a failed cell), it runs the notebook twice.
"""

import json
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

CHECK_CALL = re.compile(r"^check_\w+\(", re.MULTILINE)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_NBVAL_TEXTS: dict[Path, dict[int, list[str]]] = {}  # notebook → code-cell number → text outputs


def _stream_text(outputs) -> str:
    return "".join(_text(o.get("text")) for o in outputs or [] if o.get("output_type") == "stream")


def _text(value) -> str:
    """A text field of an output: a string, or a list of lines (as in .ipynb files and some front ends)."""
    return "".join(value) if isinstance(value, list) else (value or "")


def _texts(outputs) -> list[str]:
    """A cell's text outputs: streams merged per run of one stream name (chunking depends on
    timing), results and displays by their text/plain; widget views are left out."""
    texts: list[str] = []
    last_stream = None
    for out in outputs or []:
        kind = out.get("output_type")
        if kind == "stream":
            if last_stream == out.get("name"):
                texts[-1] += _text(out.get("text"))
            else:
                texts.append(f"{out.get('name')}: {_text(out.get('text'))}")
            last_stream = out.get("name")
            continue
        last_stream = None
        data = out.get("data", {})
        if kind in ("execute_result", "display_data") and WIDGET_VIEW not in data:
            texts.append(_text(data.get("text/plain")))
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


def difference(first: dict[int, list[str]], second: dict[int, list[str]], names=("one", "another")) -> str:
    """'' if two runs printed the same text, else what the first differing code cell printed in each."""
    for i in sorted(set(first) | set(second)):
        a, b = first.get(i), second.get(i)
        if a != b:
            return (
                f"code cell {i} printed different text in two runs:\n"
                f"--- {names[0]} run ---\n{a}\n--- {names[1]} run ---\n{b}"
            )
    return ""


class RunAllTexts:
    """Where two Run-Alls of a solution notebook, by different processes, meet (see the module
    docstring): each run calls :meth:`meet` with its texts; the later of the two compares.

    The folder is shared by the processes of one pytest session (xdist passes its ``testrunuid``
    to every worker) and removed at the end of the session.
    """

    RUNS = ("nbval", "browser")

    def __init__(self, folder: Path):
        self.folder = folder

    def meet(self, notebook: str, run: str, texts: dict[int, list[str]]) -> str:
        """Leave ``run``'s texts of ``notebook``; compare with the other run's if they are here.
        Returns '' (same text, or the other run has not finished) or the difference."""
        other = self.RUNS[1 - self.RUNS.index(run)]
        self.folder.mkdir(parents=True, exist_ok=True)
        mine = self.folder / f"{notebook}.{run}.json"
        partial = mine.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps({str(i): t for i, t in texts.items()}))
        partial.replace(mine)  # atomic: the other process sees all of it or nothing
        theirs = self.folder / f"{notebook}.{other}.json"
        if not theirs.exists():
            return ""
        loaded = {int(i): t for i, t in json.loads(theirs.read_text()).items()}
        return difference(texts, loaded, (f"{run}'s", f"{other}'s"))

    def meet_outputs(self, path: Path, run: str, outputs: list[list[dict]]) -> str:
        """:meth:`meet` with the raw outputs (nbformat dicts) of every code cell of the notebook
        at ``path``, in order; cells tagged ``timing`` there are left out."""
        code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        if len(code) != len(outputs):
            return f"{path.name}: {len(outputs)} code cells ran, the notebook has {len(code)}"
        texts = {i: _texts(out) for i, (cell, out) in enumerate(zip(code, outputs)) if not _timed(cell)}
        return self.meet(path.name, run, texts)


RUN_ALL_TEXTS = pytest.StashKey[RunAllTexts]()


def pytest_configure(config):
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:  # an xdist worker: the session's id comes from the controller
        uid = workerinput["testrunuid"]
    else:
        uid = getattr(config.option, "testrunuid", None) or uuid.uuid4().hex
        config.option.testrunuid = uid  # xdist hands this to every worker
    folder = Path(tempfile.gettempdir()) / f"course-run-all-{uid}"
    if workerinput is None:  # before any worker starts: nothing left from a run with the same id
        shutil.rmtree(folder, ignore_errors=True)
    config.stash[RUN_ALL_TEXTS] = RunAllTexts(folder)


def pytest_unconfigure(config):
    if getattr(config, "workerinput", None) is None and RUN_ALL_TEXTS in config.stash:
        shutil.rmtree(config.stash[RUN_ALL_TEXTS].folder, ignore_errors=True)


@pytest.fixture(scope="session")
def run_all_texts(pytestconfig) -> RunAllTexts:
    """The session's :class:`RunAllTexts` (the browser tests leave their Run-All texts there)."""
    return pytestconfig.stash[RUN_ALL_TEXTS]


class RunAllAgain(pytest.Item):
    """Restart & Run All of a solution notebook gives the same text as nbval's run of it."""

    def _browser_runs_it(self) -> bool:
        """The browser test of this solution notebook is in the session and not skipped."""
        wanted = f"TestSolutionVersion::test_notebook[{self.path.name}]"
        return any(
            item.nodeid.endswith(wanted) and item.get_closest_marker("skip") is None
            for item in self.session.items
        )

    def runtest(self):
        code = [c for c in nbformat.read(self.path, as_version=4).cells if c.cell_type == "code"]
        recorded = _NBVAL_TEXTS.pop(self.path, {})
        complete = len(recorded) == sum(not _timed(c) for c in code)
        if complete and self._browser_runs_it():
            found = self.config.stash[RUN_ALL_TEXTS].meet(self.path.name, "nbval", recorded)
        else:
            first = recorded if complete else run_texts(self.path)
            found = difference(first, run_texts(self.path))
        if found:
            pytest.fail(found, False)

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
