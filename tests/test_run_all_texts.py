"""The meeting point of two Run-Alls of one notebook (conftest.RunAllTexts): the determinism
check compares nbval's run with the browser test's run, whichever of the two finishes last."""

import nbformat


def test_the_later_run_compares(run_all_texts, tmp_path):
    meeting = type(run_all_texts)(tmp_path / "meet")
    same = {0: ["stdout: 1\n"], 2: ["<Figure size 450x300 with 1 Axes>"]}
    assert meeting.meet("a.ipynb", "nbval", same) == ""  # first: nothing to compare yet
    assert meeting.meet("a.ipynb", "browser", same) == ""  # second: compared, equal
    assert meeting.meet("b.ipynb", "browser", same) == ""
    found = meeting.meet("b.ipynb", "nbval", {0: ["stdout: 1\n"], 2: ["<Figure size 460x460 with 1 Axes>"]})
    assert "code cell 2 printed different text" in found
    assert "450x300" in found and "460x460" in found
    assert meeting.meet("c.ipynb", "nbval", {0: ["x"]}) == ""
    assert "code cell 1" in meeting.meet("c.ipynb", "browser", {0: ["x"], 1: ["extra"]})


def test_outputs_are_reduced_to_their_text(run_all_texts, tmp_path):
    """Streams merged per name, text/plain of results, widget views and timing cells left out,
    lists of lines joined (the browser's outputs arrive as nbformat dicts)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("print(1); print(2)"),
        nbformat.v4.new_markdown_cell("text"),
        nbformat.v4.new_code_cell("t = time.time()", metadata={"tags": ["timing"]}),
        nbformat.v4.new_code_cell("w"),
    ]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    meeting = type(run_all_texts)(tmp_path / "meet")
    nbval_run = {0: ["stdout: 1\n2\n"], 2: ["text"]}
    assert meeting.meet("n.ipynb", "nbval", nbval_run) == ""
    widget = "application/vnd.jupyter.widget-view+json"
    browser_run = [
        [{"output_type": "stream", "name": "stdout", "text": ["1\n", "2\n"]}],
        [{"output_type": "stream", "name": "stdout", "text": "0.123 s\n"}],  # timing: not compared
        [{"output_type": "display_data", "data": {"text/plain": "text", widget: {"model_id": "f00"}}}],
    ]
    assert "code cell 2" in meeting.meet_outputs(path, "browser", browser_run)  # a widget view has no text
    browser_run[2] = [{"output_type": "execute_result", "data": {"text/plain": ["te", "xt"]}}]
    assert meeting.meet_outputs(path, "browser", browser_run) == ""
    assert "2 code cells ran, the notebook has 3" in meeting.meet_outputs(path, "browser", browser_run[:2])
