"""What the browser tests check in every notebook, student and solution version alike.

:func:`check_notebook` opens one notebook in JupyterLab, runs all cells, and fails unless

* every code cell ran (an execution count in its prompt, no ``[*]``, no empty ``[ ]``);
* nothing is red: no error output, no stderr output;
* each exercise check cell shows what its version promises: the "not attempted yet" notice in
  the student version, the ✓ line in the solution (as the repository's conftest.py does for nbval);
* every widget output is on the page and rendered: no "Loading widget...", no "Error displaying
  widget", and every ipympl figure canvas is painted;
* the page threw no uncaught JavaScript error;
* solution versions: the text it printed is the text nbval's run printed (its Run All is the
  second run of the determinism check in the repository's conftest.py, which see).

Work done once, not twice (the widgets are the same in both versions; this also keeps the two
test classes, which xdist runs side by side, about equally long):

* solution versions: in every interactive figure with a slider, moving the first slider with the
  keyboard (focus the handle, press an arrow key 3 times) changes the figure's pixels, and leaves
  no see-through pixels in it. (ipympl's own "diff" frames hold changed pixels only; drawn onto an
  emptied canvas or out of order they left holes, seen once under load. course_lib's canvases now
  send whole frames; a passing state is still tolerated: any hole must be gone 5 s after the move.)
* student versions: a PNG of each interactive figure goes to ``test-artifacts/browser/widgets/``
  (the README's pictures in ``docs/img/`` were taken from there).

A JPEG of the whole notebook goes to ``test-artifacts/browser/<folder>-<name>.jpg``, also when a
check fails.
"""

from __future__ import annotations

import contextlib

import pytest

from .jupyter_browser import CHECK_CALL, ROOT, Lab

ARTIFACTS = ROOT / "test-artifacts" / "browser"
WIDGET_PROBLEMS = ("Loading widget...", "Error displaying widget", "model not found")


def check_notebook(lab: Lab, path: str, run_all_texts=None) -> None:
    """Run the notebook at ``path`` ("notebooks/05_....ipynb" or "solutions/...") and check it.
    ``run_all_texts`` (conftest.RunAllTexts): where a solution version's printed text is left
    for, and compared with, nbval's run of it."""
    folder, name = path.split("/")
    stem = name.removesuffix(".ipynb")
    student = folder == "notebooks"
    page_errors: list[str] = []
    listener = lambda error: page_errors.append(str(error))  # noqa: E731
    lab.page.on("pageerror", listener)
    shot = ARTIFACTS / f"{folder}-{stem}.jpg"
    try:
        lab.open(path)
        late = lab.run_all()
        cells = lab.cells()
        problems = ([late] if late else []) + _cell_problems(cells, student)
        figures = [view for cell in cells for view in cell["widgets"] if view and view["figures"]]
        if student:
            for view in figures:
                lab.screenshot_widget(view["index"], ARTIFACTS / "widgets" / f"{stem}-{view['index']}.png")
        elif not problems:  # sliders only make sense in a notebook that ran cleanly
            if run_all_texts is not None:  # before the sliders move: they may print
                found = run_all_texts.meet_outputs(ROOT / path, "browser", lab.outputs())
                problems += [f"not the text nbval's run printed: {found}"] if found else []
            problems += _slider_problems(lab, [view for view in figures if view["sliders"]])
        problems += [f"uncaught JavaScript error: {error}" for error in page_errors]
        lab.screenshot_notebook(shot)
    except Exception:
        with contextlib.suppress(Exception):  # what the page showed when it broke, if it still can
            lab.page.screenshot(path=shot, type="jpeg", quality=70)
        raise
    finally:
        lab.page.remove_listener("pageerror", listener)
        lab.close()
    if problems:
        pytest.fail(f"{path} in JupyterLab:\n" + "\n".join(f"  - {p}" for p in problems), pytrace=False)


def _cell_problems(cells: list[dict], student: bool) -> list[str]:
    problems = []
    for cell in cells:
        first_line = (cell["source"].strip().splitlines() or [""])[0]
        where = f"code cell {cell['index'] + 1} ({first_line[:60]!r})"
        prompt = cell["prompt"]  # "[12]:" once run
        if cell["source"].strip() and not (prompt.startswith("[") and prompt[1:-2].isdigit()):
            problems.append(f"{where} did not run: prompt {prompt!r}")
        problems += [f"{where} raised {error}" for error in cell["errors"]]
        problems += [f"{where} wrote to stderr:\n{text}" for text in cell["stderr"]]
        if CHECK_CALL.search(cell["source"]):
            if student and "not attempted yet" not in cell["text"]:
                problems.append(f"{where}: no 'not attempted yet' notice, got {cell['text'][:200]!r}")
            if not student and ("✓" not in cell["text"] or "not attempted" in cell["text"]):
                problems.append(f"{where}: the check did not pass, got {cell['text'][:200]!r}")
        for view in cell["widgets"]:
            if view is None:
                problems.append(f"{where}: a widget output is missing from the page")
                continue
            shown = view["text"]
            problems += [f"{where}: widget shows {text!r}" for text in WIDGET_PROBLEMS if text in shown]
            if view["blank"]:
                problems.append(f"{where}: {view['blank']} of {view['figures']} figure canvas(es) blank")
    return problems


def _slider_problems(lab: Lab, views: list[dict]) -> list[str]:
    """Move the first slider of each of ``views`` with the keyboard; its figure must change."""
    problems = []
    for view in views:
        n = view["index"]
        moved = lab.move_slider(n)
        if moved["value_after"] == moved["value_before"]:
            problems.append(f"widget {n}: {moved['key']} did not move the slider ({moved})")
        elif moved["hash_after"] == moved["hash_before"]:
            problems.append(f"widget {n}: the figure did not change when the slider moved ({moved})")
        elif moved["see_through_after"] > moved["see_through_before"]:
            problems.append(f"widget {n}: the figure still has holes 5 s after the slider moved ({moved})")
    return problems
