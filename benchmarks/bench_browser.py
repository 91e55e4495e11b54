"""Slider latency in the browser: from the key press to the figure repainted, in JupyterLab.

``bench_widgets.py`` times the kernel's part of a slider move. This benchmark times what a
student sees: JupyterLab in a headless Chromium (started as in the browser tests, with
``tests/browser/jupyter_browser.py``) runs a generated notebook with one cell per widget of
``course_lib.widgets.load_all()``. Then, for every slider of every widget, the slider handle
is focused and ArrowRight is pressed N times, then ArrowLeft N times (the other way round for a
slider that starts in its upper half). Each step is timed inside the page:

* start: the ``keydown`` event, seen by a capture-phase listener on ``document``
  (``performance.now()``);
* end: the first draw onto that widget's figure canvas after it (``drawImage``/``putImageData``
  are wrapped to time-stamp draws onto canvases inside ``.jupyter-matplotlib``), then a
  ``requestAnimationFrame`` and a task after it, so that the frame showing the draw is painted.

So a step includes the slider's own handling, the comm message to the kernel, the update and
PNG encoding in the kernel, the message back, decoding the image and drawing it. Before the next
step, the benchmark waits until the kernel is idle. Dropdowns are skipped (a keyboard user
opens them; the kernel's side of a dropdown change is in ``bench_widgets.py``), and so are
sliders disabled at the widget's default settings, and key presses that do not move a slider
(at the end of its range).

Run: ``.venv/bin/python benchmarks/bench_browser.py [--steps N]`` (needs Chromium, see
tests/browser). Target: median ≤ 100 ms per step (stretch: 50 ms).
"""

import argparse
import os
import platform
import sys
from pathlib import Path

import nbformat
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from jupyter_browser import JupyterLab, missing_requirement  # noqa: E402

NOTEBOOK = "bench_widgets.ipynb"
TIMEOUT_MS = 10_000  # a step that takes longer than this counts as lost (and is reported)

# Installed in the page once: time-stamps key presses and draws onto figure canvases.
JS_PROBE = """
() => {
  const probe = window.__probe = {key: null, waiter: null};
  document.addEventListener('keydown', () => { probe.key = performance.now(); }, true);
  // A draw onto a canvas of the figure being waited for ends the step, once the frame that
  // shows it has been painted: requestAnimationFrame runs just before that paint, a task
  // queued from there runs after it.
  for (const name of ['drawImage', 'putImageData']) {
    const original = CanvasRenderingContext2D.prototype[name];
    CanvasRenderingContext2D.prototype[name] = function (...args) {
      const result = original.apply(this, args);
      const waiter = probe.waiter;
      if (waiter && probe.key !== null && this.canvas.isConnected && waiter.figure.contains(this.canvas)) {
        const start = probe.key;
        probe.waiter = null;
        requestAnimationFrame(() => setTimeout(() => waiter.resolve(performance.now() - start)));
      }
      return result;
    };
  }
  // Call before a key press: probe.pending then resolves to the ms from its keydown to widget
  // n's figure repainted (null if nothing was drawn within `timeout` ms).
  probe.arm = (n, timeout) => {
    probe.key = null;
    probe.pending = new Promise(resolve => {
      const figure = document.querySelector(`[data-course-widget="${n}"] .jupyter-matplotlib`);
      const waiter = probe.waiter = {figure, resolve};
      setTimeout(() => { if (probe.waiter === waiter) { probe.waiter = null; resolve(null); } }, timeout);
    });
  };
}
"""


def bench_notebook(names: list[str]) -> nbformat.NotebookNode:
    cells = ["from course_lib.widgets import load_all\n\nW = load_all()"]
    cells += [f'W["{name}"]()' for name in names]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def widget_names() -> list[str]:
    from course_lib.widgets import load_all

    return sorted(load_all())


def measure(lab, n: int, steps: int) -> tuple[list[float], int, int]:
    """Latencies (ms) of every slider step of widget n; also how many sliders and lost steps."""
    widget = lab.widget(n)
    sliders = widget.locator(".widget-slider")
    times, lost, used = [], 0, 0
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        if slider.locator(".noUi-target[disabled]").count():
            continue
        used += 1
        handle = slider.locator(".noUi-handle")
        readout = slider.locator(".widget-readout")
        value, low, high = (float(handle.get_attribute(f"aria-value{a}")) for a in ("now", "min", "max"))
        keys = ["ArrowRight", "ArrowLeft"] if value <= (low + high) / 2 else ["ArrowLeft", "ArrowRight"]
        handle.focus()
        for key in (k for k in keys for _ in range(steps)):
            before = readout.inner_text()
            lab.page.evaluate("([n, t]) => window.__probe.arm(n, t)", [n, TIMEOUT_MS])
            handle.press(key)
            if readout.inner_text() == before:  # end of the range: nothing to redraw
                continue
            latency = lab.page.evaluate("() => window.__probe.pending")
            if latency is None:
                lost += 1
            else:
                times.append(latency)
            lab.page.wait_for_function("() => window.__course.kernelIdle()", polling="raf")
    return times, used, lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10, help="key presses each way per slider")
    args = parser.parse_args()
    missing = missing_requirement()
    if missing:
        print(f"bench_browser: {missing}")
        return 1
    from playwright.sync_api import sync_playwright

    names = widget_names()
    with JupyterLab(folders=()) as server, sync_playwright() as playwright:
        nbformat.write(bench_notebook(names), server.root / NOTEBOOK)
        browser = server.launch(playwright)
        try:
            lab = server.new_page(browser)
            lab.page.evaluate(JS_PROBE)
            lab.open(NOTEBOOK)
            lab.run_all(timeout=600)
            views = [view for cell in lab.cells() for view in cell["widgets"]]
            rows = {}
            for name, view in zip(names, views):
                if view is None or view["blank"] or not view["figures"]:
                    print(f"{name}: did not render ({view})")
                    continue
                rows[name] = measure(lab, view["index"], args.steps)
            version = browser.version
            lab.close()
        finally:
            browser.close()

    print(
        f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
        f"Python {platform.python_version()}, Chromium {version} (headless)"
    )
    print("the kernel's part of each step alone: benchmarks/bench_widgets.py")
    print(f"browser slider latency (ms), key press to repaint; every slider, {args.steps} steps each way")
    print(f"{'widget':34s} {'sliders':>7} {'steps':>5} {'median':>7} {'p90':>7} {'max':>7}")
    everything, lost_total = [], 0
    for name, (times, used, lost) in rows.items():
        lost_total += lost
        if not times:
            print(f"{name:34s} {used:7d} {0:5d}   (no slider)")
            continue
        t = np.array(times)
        everything.extend(times)
        stats = f"{np.median(t):7.1f} {np.percentile(t, 90):7.1f} {t.max():7.1f}"
        print(f"{name:34s} {used:7d} {len(t):5d} {stats}" + (f"  {lost} lost" if lost else ""))
    if not everything:
        print("no slider step was measured")
        return 1
    t = np.array(everything)
    print(f"{'ALL':34s} {'':7s} {len(t):5d} {np.median(t):7.1f} {np.percentile(t, 90):7.1f} {t.max():7.1f}")
    if lost_total:
        print(f"{lost_total} step(s) drew nothing within {TIMEOUT_MS / 1000:.0f} s")
    print("target: median ≤ 100 ms (stretch 50 ms):", "met" if np.median(t) <= 100 else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
