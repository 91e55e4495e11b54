"""Slider latency in the browser: from the key press to the figure repainted, in JupyterLab.

``bench_widgets.py`` times the kernel's part of a slider move. This benchmark times what a
student sees: JupyterLab in a headless Chromium (started as in the browser tests, with
``tests/browser/jupyter_browser.py``, but with JupyterLab's default windowing mode, as
``make lab`` has it) runs each solution notebook that has an interactive figure, so every widget
is measured in the notebook it is taught in, with that notebook's text, formulas and other
figures on the page. Then, for every slider of every widget, the slider handle is scrolled into
view and focused, and ArrowRight is pressed N times, then ArrowLeft N times (the other way round
for a slider that starts in its upper half). A figure is an ``<img class="course-figure">`` (the
``ipywidgets.Image`` of a ``LiveFigure``), whose ``src`` the widget's view replaces with a new
PNG at every frame. Each step is timed inside the page:

* start: the ``keydown`` event, seen by a capture-phase listener on ``document``
  (``performance.now()``);
* frame in: the new frame has arrived from the kernel and the view has put it in the image: the
  image's ``src`` changed (a ``MutationObserver`` on the attribute);
* end: the image with that new ``src`` has loaded (its ``load`` event) and decoded
  (``img.decode()``), then a ``requestAnimationFrame`` and a task after it, so that the frame
  showing the new image is painted.

So a step includes the slider's own handling, the comm message to the kernel, the update and
PNG encoding in the kernel, the message back ("frame in"), then loading and decoding the image
and painting the page. Before the next step, the benchmark waits until the kernel is idle.
A step the kernel answers without a new frame (the figure does not change, only a caption
beside it: α while the activation is ReLU, say) is counted, not timed; it is recognised by the
kernel's busy-then-idle status (``statusChanged`` of the notebook's kernel connection) with the
image's ``src`` still unchanged a paint later.
Dropdowns are skipped (a keyboard user opens them; the kernel's side of a dropdown change is in
``bench_widgets.py``), and so are sliders disabled at the widget's default settings, and key
presses that do not move a slider (at the end of its range).

Run: ``.venv/bin/python benchmarks/bench_browser.py [--steps N] [--windowing MODE]`` (needs
Chromium, see tests/browser). Target: median ≤ 100 ms per step (stretch: 50 ms).
"""

import argparse
import os
import platform
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from jupyter_browser import BUILDER_CALL, JupyterLab, missing_requirement  # noqa: E402

TIMEOUT_MS = 10_000  # a step that takes longer than this counts as lost (and is reported)

# Installed in the page once: time-stamps key presses, new frames and their images loaded.
JS_PROBE = """
() => {
  const probe = window.__probe = {key: null};
  document.addEventListener('keydown', () => { probe.key = performance.now(); }, true);
  // Call before a key press: probe.pending then resolves to [ms from its keydown to widget n's
  // new frame painted, ms to the frame's arrival], or to 'no frame' when the kernel has answered
  // the key press without a new frame (a step that changes a caption only), or to null if
  // neither happened within `timeout` ms. A new frame is a new src of the figure's <img>; it is
  // painted once it has loaded and decoded and a frame has been rendered: requestAnimationFrame
  // runs just before that paint, a task queued from there runs after it.
  probe.arm = (n, timeout) => {
    if (probe.finish) probe.finish(null);  // a key press at the end of a range left it armed
    probe.key = null;
    probe.pending = new Promise(resolve => {
      const img = document.querySelector(`[data-course-widget="${n}"] img.course-figure`);
      const kernel = window.__course.panel.sessionContext.session.kernel;
      const before = img.src;
      let frameIn = null;
      let timer = null;
      let busy = false;
      // The kernel's idle status comes after the messages of its answer (a frame included), and
      // JupyterLab handles them in order: idle with no new src, a paint later, means no frame.
      const status = (_, state) => {
        if (probe.key === null) return;
        if (state === 'busy') busy = true;
        if (state !== 'idle' || !busy) return;
        requestAnimationFrame(() => setTimeout(() => { if (frameIn === null) finish('no frame'); }));
      };
      const observer = new MutationObserver(() => {
        if (frameIn !== null || probe.key === null || img.src === before) return;
        frameIn = performance.now() - probe.key;
      });
      const finish = probe.finish = value => {
        probe.finish = null;
        observer.disconnect();
        kernel.statusChanged.disconnect(status);
        img.removeEventListener('load', loaded);
        clearTimeout(timer);
        resolve(value);
      };
      const loaded = () => {
        if (probe.key === null || img.src === before) return;  // an earlier frame's image
        const start = probe.key;
        img.removeEventListener('load', loaded);
        img.decode().catch(() => {}).then(() => requestAnimationFrame(
          () => setTimeout(() => finish([performance.now() - start, frameIn]))));
      };
      observer.observe(img, {attributes: true, attributeFilter: ['src']});
      kernel.statusChanged.connect(status);
      img.addEventListener('load', loaded);
      timer = setTimeout(() => finish(null), timeout);
    });
  };
}
"""


def notebooks_with_widgets() -> list[str]:
    """The solution notebooks that build an interactive figure, as paths below the lab's root."""
    return [
        f"solutions/{path.name}"
        for path in sorted((ROOT / "solutions").glob("*.ipynb"))
        if BUILDER_CALL.search(path.read_text())
    ]


def measure(lab, n: int, steps: int) -> tuple[list[float], list[float], int, int, int]:
    """Latencies (ms) of every slider step of widget n, and of its frame's arrival; also how many
    sliders, lost steps and steps without a new frame (a caption changed, the figure did not)."""
    widget = lab.widget(n)
    sliders = widget.locator(".widget-slider")
    times, frames, lost, used, still = [], [], 0, 0, 0
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        if slider.locator(".noUi-target[disabled]").count():
            continue
        used += 1
        handle = slider.locator(".noUi-handle")
        readout = slider.locator(".widget-readout")
        value, low, high = (float(handle.get_attribute(f"aria-value{a}")) for a in ("now", "min", "max"))
        keys = ["ArrowRight", "ArrowLeft"] if value <= (low + high) / 2 else ["ArrowLeft", "ArrowRight"]
        handle.scroll_into_view_if_needed()  # a student looks at what they move
        handle.focus()
        for key in (k for k in keys for _ in range(steps)):
            before = readout.inner_text()
            lab.page.evaluate("([n, t]) => window.__probe.arm(n, t)", [n, TIMEOUT_MS])
            handle.press(key)
            if readout.inner_text() == before:  # end of the range: nothing to redraw
                continue
            result = lab.page.evaluate("() => window.__probe.pending")
            if result is None:
                lost += 1
            elif result == "no frame":
                still += 1
            else:
                times.append(result[0])
                if result[1] is not None:
                    frames.append(result[1])
            lab.page.wait_for_function("() => window.__course.kernelIdle()", polling="raf")
    return times, frames, used, lost, still


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10, help="key presses each way per slider")
    parser.add_argument(
        "--windowing",
        default="contentVisibility",
        help="JupyterLab's notebook windowingMode (default: JupyterLab's own default; the tests use none)",
    )
    args = parser.parse_args()
    missing = missing_requirement()
    if missing:
        print(f"bench_browser: {missing}")
        return 1
    from playwright.sync_api import sync_playwright

    rows = {}
    lab_server = JupyterLab(folders=("solutions",), windowing=args.windowing)
    with lab_server as server, sync_playwright() as playwright:
        browser = server.launch(playwright)
        try:
            lab = server.new_page(browser)
            lab.page.evaluate(JS_PROBE)
            for path in notebooks_with_widgets():
                lab.open(path)
                late = lab.run_all(timeout=300)
                if late:
                    print(f"{path}: {late}")
                for cell in lab.cells():
                    names = BUILDER_CALL.findall(cell["source"])  # one per figure widget, in order
                    # widget outputs without a figure (the quizzes) are not interactive figures
                    figures = [view for view in cell["widgets"] if view is None or view["figures"]]
                    for i, view in enumerate(figures):
                        name = names[i] if i < len(names) else f"{path} figure {i}"
                        if view is None or view["blank"]:
                            print(f"{name}: did not render ({view})")
                        elif view["sliders"]:
                            rows[name] = (Path(path).stem[:2], *measure(lab, view["index"], args.steps))
                lab.close()
            version = browser.version
        finally:
            browser.close()

    print(
        f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
        f"Python {platform.python_version()}, Chromium {version} (headless), windowingMode {args.windowing}"
    )
    print("the kernel's part of each step alone: benchmarks/bench_widgets.py")
    print(f"browser slider latency (ms), key press to repaint; every slider, {args.steps} steps each way")
    print("'frame in': median ms from the key press to the new frame's arrival (the image's src replaced)")
    columns = ("sliders", 7), ("steps", 5), ("median", 7), ("p90", 7), ("max", 7), ("frame in", 8)
    print(f"{'widget':30s} {'nb':>2} " + " ".join(f"{title:>{width}}" for title, width in columns))
    everything, arrivals, lost_total, still_total = [], [], 0, 0
    for name, (notebook, times, frames, used, lost, still) in sorted(rows.items()):
        lost_total += lost
        still_total += still
        if not times:
            print(f"{name:30s} {notebook:>2} {used:7d} {0:5d}   (no slider)")
            continue
        t = np.array(times)
        everything.extend(times)
        arrivals.extend(frames)
        stats = f"{np.median(t):7.1f} {np.percentile(t, 90):7.1f} {t.max():7.1f}"
        frame_in = f"{np.median(frames):8.1f}" if frames else f"{'-':>8}"
        notes = f"  {lost} lost" if lost else ""
        notes += f"  {still} without a new frame" if still else ""
        print(f"{name:30s} {notebook:>2} {used:7d} {len(t):5d} {stats} {frame_in}{notes}")
    if not everything:
        print("no slider step was measured")
        return 1
    t = np.array(everything)
    frame_in = f"{np.median(arrivals):8.1f}" if arrivals else f"{'-':>8}"
    stats = f"{np.median(t):7.1f} {np.percentile(t, 90):7.1f} {t.max():7.1f}"
    print(f"{'ALL':30s} {'':2s} {'':7s} {len(t):5d} {stats} {frame_in}")
    if still_total:
        print(f"{still_total} step(s) without a new frame (the figure did not change): counted, not timed")
    if lost_total:
        print(f"{lost_total} step(s) lost: no new frame, no kernel answer within {TIMEOUT_MS / 1000:.0f} s")
    print("target: median ≤ 100 ms (stretch 50 ms):", "met" if np.median(t) <= 100 else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
