"""Restart & Run All twice gives the same text: each solution notebook is executed twice in fresh
kernels and every text output is compared. Cells tagged ``timing`` (machine-dependent timings)
and widget views (random model ids) are left out; everything else — printed lines, results,
error-free execution — must match exactly."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def run_texts(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(  # coalesce: how a kernel splits printed text into chunks depends on timing
        nb,
        timeout=120,
        kernel_name="python3",
        coalesce_streams=True,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    texts = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "timing" in cell.metadata.get("tags", []):
            continue
        for out in cell.outputs:
            if out.output_type == "stream":
                texts.append(f"[{index}] {out.name}: {out.text}")
            elif out.output_type in ("execute_result", "display_data") and WIDGET_VIEW not in out.data:
                texts.append(f"[{index}] {out.data.get('text/plain', '')}")
    return texts


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_run_all_twice_gives_the_same_text(path):
    first, second = run_texts(path), run_texts(path)
    assert first == second, next(
        f"first difference:\n{a}\n--- vs ---\n{b}" for a, b in zip([*first, ""], [*second, ""]) if a != b
    )
