"""In-kernel slider latency of every widget: from ``control.value = v`` to the figure re-rendered.

Runs inside a real Jupyter kernel (through nbclient). Each widget in
``course_lib.widgets.WIDGETS`` is built once; every control is swept over 15 slider positions
(every option of a dropdown), twice; each step is timed from setting the value until the
frame is rendered, PNG-encoded and handed to the widget's comm for the front end (the
LiveFigure redraws synchronously). Prints median, p90 and max per widget. Target: median ≤ 30 ms.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_widgets.py``.
"""

import json
import sys

import nbformat
from nbclient import NotebookClient

KERNEL_CODE = r"""
import json, time
import numpy as np
import ipywidgets as W
from course_lib.widgets import WIDGETS


def positions(control):
    if isinstance(control, W.FloatLogSlider):
        return list(control.base ** np.linspace(control.min, control.max, 15))
    if isinstance(control, (W.FloatSlider, W.IntSlider)):
        values = np.linspace(control.min, control.max, 15)
        if isinstance(control, W.IntSlider):
            return sorted({int(round(v)) for v in values})
        return list(values)
    return [o[1] if isinstance(o, tuple) else o for o in control.options]

rows = {}
for name, build in WIDGETS.items():
    live = build()
    times = []
    for control in live.controls.values():
        start = control.value
        for value in positions(control) * 2:
            t0 = time.perf_counter()
            control.value = value
            times.append(time.perf_counter() - t0)
        control.value = start
    rows[name] = times
print(json.dumps(rows))
"""


def main() -> int:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(KERNEL_CODE)])
    NotebookClient(nb, timeout=600, kernel_name="python3").execute()
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.output_type == "stream")
    rows = json.loads(text.strip().splitlines()[-1])
    import numpy as np

    print("in-kernel slider latency (ms), every control of every widget, 2 sweeps")
    print(f"{'widget':34s} {'steps':>5} {'median':>7} {'p90':>7} {'max':>7}")
    all_times = []
    for name, times in sorted(rows.items()):
        t = np.array(times) * 1e3
        all_times.extend(t)
        print(f"{name:34s} {len(t):5d} {np.median(t):7.1f} {np.percentile(t, 90):7.1f} {t.max():7.1f}")
    t = np.array(all_times)
    print(f"{'ALL':34s} {len(t):5d} {np.median(t):7.1f} {np.percentile(t, 90):7.1f} {t.max():7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
