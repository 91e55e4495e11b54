"""Run-All time of every notebook (solution and student versions), each in a fresh kernel.

Run: ``.venv/bin/python benchmarks/bench_notebooks.py [--repeats N]``. Prints the median of N
runs per notebook (wall time of executing all cells, kernel start-up excluded). Target: ≤ 10 s.
"""

import argparse
import time
from pathlib import Path

import nbformat
import numpy as np
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def run_all(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    with client.setup_kernel():
        t0 = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    print(f"Run-All time (s), median of {args.repeats}, kernel start-up excluded")
    print(f"{'notebook':42s} {'solution':>9} {'student':>9}")
    for solution in sorted((ROOT / "solutions").glob("*.ipynb")):
        student = ROOT / "notebooks" / solution.name
        t_sol = np.median([run_all(solution) for _ in range(args.repeats)])
        t_stu = np.median([run_all(student) for _ in range(args.repeats)])
        flag = "" if max(t_sol, t_stu) <= 10 else "  > 10 s"
        print(f"{solution.name:42s} {t_sol:9.2f} {t_stu:9.2f}{flag}")


if __name__ == "__main__":
    main()
