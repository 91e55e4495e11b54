"""What the browser tests check in a notebook, student and solution version alike.

:func:`check_notebook` opens one notebook in JupyterLab (or Jupyter Notebook 7), runs all cells,
and fails unless

* every code cell ran (an execution count in its prompt, no ``[*]``, no empty ``[ ]``; a verify
  cell, shown collapsed, by its execution count);
* every verify cell (tag ``verify``) is shown collapsed, a one-line placeholder, and no other cell is;
* nothing is red: no error output, no stderr output;
* each exercise check cell shows what its version promises: the "not attempted yet" notice in
  the student version, the ✓ line in the solution (``notebook_promises.broken_promise``, which
  the repository's conftest.py checks too, on its own run of each notebook);
* every widget output is on the page and rendered: no "Loading widget...", no "Error displaying
  widget";
* every cell that builds an interactive figure (``..._explorer(``) shows it, and every figure
  (the ``<img class="course-figure">`` of a ``LiveFigure``) is painted: its image has loaded
  and its pixels are not all the same; and it is opaque: no pixel of it is see-through (a
  course figure has an opaque facecolor);
* the page threw no uncaught JavaScript error (but for an app's own known ones while the page
  loads, each tied to its upstream issue: ``JupyterServer.known_loading_errors``).

Work done once, not twice (the widgets are the same in both versions; this also keeps the two
test classes, which xdist runs side by side, about equally long):

* solution versions: in every interactive figure with a slider, moving the first slider with the
  keyboard (focus the handle, press a key: ArrowRight 3 times in JupyterLab, PageUp once in
  Notebook 7, see ``JupyterNotebook.slider_keys``) changes the figure's pixels once the new
  frame has loaded, and the new frame is opaque too;
* student versions: a PNG of each interactive figure goes to ``test-artifacts/browser/widgets/``
  (the README's pictures in ``docs/img/`` were taken from there).

A JPEG of the whole notebook goes to ``test-artifacts/browser/<folder>-<name>.jpg`` (Notebook 7:
``notebook-<folder>-<name>.jpg``), also when a check fails.
"""

from __future__ import annotations

import contextlib

import pytest
from notebook_promises import CHECK_CALL, broken_promise, cell_name

from .jupyter_browser import BUILDER_CALL, ROOT, JupyterLab, JupyterPage

ARTIFACTS = ROOT / "test-artifacts" / "browser"
WIDGET_PROBLEMS = ("Loading widget...", "Error displaying widget", "model not found")


def check_notebook(lab: JupyterPage, path: str) -> dict:
    """Run the notebook at ``path`` ("notebooks/05_....ipynb" or "solutions/...") and check it.
    Returns how many interactive figures the notebook showed and how many sliders were moved
    (after a passing check)."""
    folder, name = path.split("/")
    stem = name.removesuffix(".ipynb")
    student = folder == "notebooks"
    page_errors: list[tuple[bool, str]] = []  # (while the page loaded, the error)
    loading = True
    listener = lambda error: page_errors.append((loading, str(error)))  # noqa: E731
    lab.page.on("pageerror", listener)
    app = "" if isinstance(lab.server, JupyterLab) else f"{lab.server.app}-"
    shot = ARTIFACTS / f"{app}{folder}-{stem}.jpg"
    moved = 0
    try:
        lab.open(path)
        loading = False
        late = lab.run_all()
        cells = lab.cells()
        problems = ([late] if late else []) + _cell_problems(cells, student)
        figures = [view for cell in cells for view in cell["widgets"] if view and view["figures"]]
        if student:
            for view in figures:
                lab.screenshot_widget(view["index"], ARTIFACTS / "widgets" / f"{stem}-{view['index']}.png")
        elif not problems:  # sliders only make sense in a notebook that ran cleanly
            with_sliders = [view for view in figures if view["sliders"]]
            problems += _slider_problems(lab, with_sliders)
            moved = len(with_sliders)
        known = lab.server.known_loading_errors
        problems += [
            f"uncaught JavaScript error: {error}"
            for while_loading, error in page_errors
            if not (while_loading and error in known)
        ]
        lab.screenshot_notebook(shot)
    except Exception:
        with contextlib.suppress(Exception):  # what the page showed when it broke, if it still can
            lab.page.screenshot(path=shot, type="jpeg", quality=70)
        raise
    finally:
        lab.page.remove_listener("pageerror", listener)
        lab.close()
    if problems:
        message = f"{path} in {lab.server.title}:\n" + "\n".join(f"  - {p}" for p in problems)
        pytest.fail(message, pytrace=False)
    return {"figures": len(figures), "sliders_moved": moved}


def _cell_problems(cells: list[dict], student: bool) -> list[str]:
    problems = []
    for cell in cells:
        where = cell_name(cell["index"], cell["source"])
        verify = "verify" in cell["tags"]
        if verify and not (cell["collapsed"] and cell["placeholder"]):
            problems.append(f"{where} is a verify cell but is shown expanded (no collapsed placeholder)")
        if not verify and cell["collapsed"]:
            problems.append(f"{where} is shown collapsed but is not a verify cell")
        if verify:  # collapsed: no prompt on the page; the count is the model's
            ran = isinstance(cell["executionCount"], int)
            prompt = f"execution count {cell['executionCount']!r}"
        else:
            prompt = cell["prompt"]  # "[12]:" once run
            ran = prompt.startswith("[") and prompt[1:-2].isdigit()
        if cell["source"].strip() and not ran:
            problems.append(f"{where} did not run: prompt {prompt!r}")
        problems += [f"{where} raised {error}" for error in cell["errors"]]
        problems += [f"{where} wrote to stderr:\n{text}" for text in cell["stderr"]]
        if CHECK_CALL.search(cell["source"]) and (problem := broken_promise(cell["text"], student)):
            problems.append(f"{where}: {problem}")
        built = len(BUILDER_CALL.findall(cell["source"]))
        showing = sum(1 for view in cell["widgets"] if view and view["figures"])
        if showing < built:
            problems.append(f"{where} builds {built} interactive figure(s), the page shows {showing}")
        for view in cell["widgets"]:
            if view is None:
                problems.append(f"{where}: a widget output is missing from the page")
                continue
            shown = view["text"]
            problems += [f"{where}: widget shows {text!r}" for text in WIDGET_PROBLEMS if text in shown]
            if view["blank"]:
                problems.append(f"{where}: {view['blank']} of {view['figures']} figure(s) not painted")
            if view["seeThrough"]:
                problems.append(f"{where}: {view['seeThrough']} see-through pixel(s) in the figure")
    return problems


def _slider_problems(lab: JupyterPage, views: list[dict]) -> list[str]:
    """Move the first slider of each of ``views`` with the keyboard; its figure must change, and
    its new frame must be opaque."""
    problems = []
    for view in views:
        n = view["index"]
        moved = lab.move_slider(n)
        if moved["value_after"] == moved["value_before"]:
            problems.append(f"widget {n}: {moved['key']} did not move the slider ({moved})")
        elif moved["hash_after"] in (None, moved["hash_before"]):
            problems.append(f"widget {n}: the figure did not change when the slider moved ({moved})")
        elif moved["see_through_after"]:
            problems.append(f"widget {n}: the new frame has see-through pixels ({moved})")
    return problems
