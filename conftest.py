"""Checks layered on nbval: every exercise check cell must say what the version promises.

nbval (``--nbval-lax``) only requires cells to run without error. Here, after each notebook
cell that calls a checker (a line starting ``check_...(``), its printed output is inspected:
in ``solutions/`` it must contain the ✓ line, in ``notebooks/`` (the student version) the
"not attempted yet" notice.
"""

import re

import pytest

CHECK_CALL = re.compile(r"^check_\w+\(", re.MULTILINE)


def _text(outputs) -> str:
    return "".join(o.get("text", "") for o in outputs or [] if o.get("output_type") == "stream")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    cell = getattr(item, "cell", None)
    if type(item).__name__ == "IPyNbCell" and cell is not None and CHECK_CALL.search(cell.source):
        text = _text(item.test_outputs)
        folder = item.path.parent.name
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
