"""The checks of notebook_promises.py (run for every notebook by the root conftest.py) can fail:
tiny notebooks, written here, that break each promise are reported, naming the cell; ones that
keep them are not. Each notebook runs in a real kernel, as the course's notebooks do."""

import subprocess
import sys
from pathlib import Path

import nbformat
from notebook_promises import broken_promise, notebook_problems, texts

ROOT = Path(__file__).resolve().parents[1]
CHECKER = 'def check_answer(f):\n    print("✓ answer: correct" if f else "⏳ answer: not attempted yet.")'
CLOCK = "import time\n\nprint(time.time_ns())"


def notebook(folder: Path, *sources: str, timing: int | None = None) -> Path:
    """A notebook of code cells in ``folder`` (``notebooks`` or ``solutions``); code cell
    ``timing`` (0-based) tagged ``timing``."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A notebook")] + [
        nbformat.v4.new_code_cell(source, metadata={"tags": ["timing"]} if i == timing else {})
        for i, source in enumerate(sources)
    ]
    folder.mkdir(exist_ok=True)
    path = folder / "nb.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_student_version_without_the_notice_fails(tmp_path):
    path = notebook(tmp_path / "notebooks", CHECKER, "check_answer(True)")
    [problem] = notebook_problems(path)
    assert problem.startswith("code cell 2 ('check_answer(True)'): no 'not attempted yet' notice")
    assert "✓ answer: correct" in problem


def test_a_solution_version_whose_check_does_not_pass_fails(tmp_path):
    path = notebook(tmp_path / "solutions", CHECKER, "x = 1", "check_answer(None)")
    [problem] = notebook_problems(path)
    assert problem.startswith("code cell 3 ('check_answer(None)'): the check did not pass")
    assert "not attempted yet" in problem


def test_a_solution_version_that_prints_different_text_in_two_runs_fails(tmp_path):
    path = notebook(tmp_path / "solutions", CHECKER, "check_answer(True)", CLOCK)
    [problem] = notebook_problems(path)
    assert problem.startswith("code cell 3 ('import time') printed different text in two runs")


def test_notebooks_that_keep_their_promises_pass(tmp_path):
    """The same checks, kept: the student version's notice, the solution's ✓, and a clock in a
    cell tagged ``timing`` (left out of the comparison)."""
    assert notebook_problems(notebook(tmp_path / "notebooks", CHECKER, "check_answer(None)")) == []
    path = notebook(tmp_path / "solutions", CHECKER, "check_answer(True)", CLOCK, timing=2)
    assert notebook_problems(path) == []


def test_a_failing_cell_is_named_and_the_check_cells_after_it_are_not_blamed(tmp_path):
    path = notebook(tmp_path / "solutions", CHECKER, "1 / 0", "check_answer(True)")
    assert notebook_problems(path) == [
        "code cell 2 ('1 / 0') raised ZeroDivisionError: division by zero; Run All stopped there"
    ]


def test_the_promise_of_each_version():
    assert broken_promise("⏳ answer: not attempted yet. Replace …", student=True) == ""
    assert broken_promise("✓ answer: correct\n", student=False) == ""
    assert broken_promise("✓ answer: correct\n", student=True)
    assert broken_promise("", student=False)
    assert broken_promise("✓ a: correct\n⏳ b: not attempted yet.", student=False)  # two checks, one stub


def test_outputs_are_reduced_to_their_text():
    """Streams merged per run of one name, text/plain of results, widget views left out, lists
    of lines joined."""
    widget = "application/vnd.jupyter.widget-view+json"
    outputs = [
        {"output_type": "stream", "name": "stdout", "text": ["1\n", "2\n"]},
        {"output_type": "stream", "name": "stdout", "text": "3\n"},
        {"output_type": "stream", "name": "stderr", "text": "careful\n"},
        {"output_type": "display_data", "data": {"text/plain": "VBox(...)", widget: {"model_id": "f00"}}},
        {"output_type": "execute_result", "data": {"text/plain": ["te", "xt"]}},
        {"output_type": "error", "ename": "ValueError", "evalue": "no"},
    ]
    assert texts(outputs) == ["stdout: 1\n2\n3\n", "stderr: careful\n", "text", "ValueError: no"]


def test_every_notebook_has_its_promises_item():
    """The root conftest.py collects one ``promises`` item per notebook, both versions."""
    folders = ["notebooks", "solutions"]
    notebooks = sorted(f"{folder}/{p.name}" for folder in folders for p in (ROOT / folder).glob("*.ipynb"))
    collect = ["--collect-only", "-q", "-p", "no:xdist", "-p", "no:cacheprovider", *folders]
    listed = subprocess.run(
        [sys.executable, "-m", "pytest", *collect], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    items = sorted(line.removesuffix("::promises") for line in listed if line.endswith("::promises"))
    assert notebooks and items == notebooks
