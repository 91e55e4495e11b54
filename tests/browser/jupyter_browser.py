"""JupyterLab and Jupyter Notebook 7 in a headless Chromium, for the browser tests and
``benchmarks/bench_browser.py``.

:class:`JupyterLab` starts ``jupyter lab``, :class:`JupyterNotebook` starts ``jupyter notebook``
(Notebook 7; both the ones of this Python environment, both through :class:`JupyterServer`) in a
throw-away root directory holding copies of ``notebooks/`` and ``solutions/``, so a browser run
never writes into the repository. The server listens on 127.0.0.1 on a free port, with a random
token (token authentication stays on), its own config, data, runtime, workspaces and settings
directories, and these settings overrides:

* ``windowingMode: "none"``: every cell is attached to the page, also those scrolled out of view
  (JupyterLab's default leaves off-screen cells unrendered; ``bench_browser.py`` passes
  ``windowing="contentVisibility"``, that default, to measure what a student gets);
* no news and no update check (no network at test time), no autosave.

:class:`JupyterPage` drives one browser page: open a notebook, Run All, wait until the kernel is
idle and every cell has run, inspect cells and widgets, move a slider with the keyboard, close
the notebook and shut its kernel down. Notebook 7's front end is built from JupyterLab's
components (the same notebook panel, commands and widget manager), so one set of in-page helpers
serves both: they call the application's own commands through ``window.jupyterapp``
(``expose_app_in_browser``, a documented option of both apps), so nothing depends on menu labels
or on where buttons are. JupyterLab opens every notebook in one page (``/lab``); Notebook 7 shows
one notebook per page (``/notebooks/<path>``), so there :meth:`JupyterPage.open` loads that page.

An interactive figure (``course_lib.widgets.LiveFigure``) shows its frames in an
``ipywidgets.Image``: an ``<img class="course-figure">`` in the page, whose ``src`` is replaced by
a whole PNG at every frame. Its pixels are read by drawing the loaded image onto an offscreen
canvas of its natural size.

Chromium is Debian's (``/usr/bin/chromium``, or ``$CHROMIUM_PATH``); Playwright never downloads
a browser here. Everything waits on conditions, never for a fixed time.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI containers run as root, where Chromium's sandbox cannot start
    "--disable-dev-shm-usage",  # /dev/shm is tiny in containers
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--no-first-run",
    "--mute-audio",
]
VIEWPORT = {"width": 1280, "height": 900}
BUILDER_CALL = re.compile(r"\b(\w+_explorer)\(")  # a cell that builds an interactive figure

# JupyterLab's settings for every page of the test server (written to <app settings>/overrides.json;
# Notebook 7 reads the same plugins' settings)
LAB_OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
}


def missing_requirement() -> str | None:
    """Why the browser tests cannot run here (one line), or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the 'playwright' Python package is not installed (pip install -r requirements.txt)"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class JupyterServer:
    """A private Jupyter server, ``jupyter <app>``: ``with JupyterLab() as server: ... server.url``.

    The base of :class:`JupyterLab` and :class:`JupyterNotebook`, which say which app to start and
    which page shows a notebook. Leaving the ``with`` block checks that no kernel is left running,
    stops the server with SIGTERM, waits for it to exit and checks that none of its child
    processes survived it; a problem raises ``RuntimeError`` (after the clean-up, so nothing is
    left behind either way).
    """

    app = ""  # the subcommand: jupyter <app>
    app_class = ""  # the app's configurable class (settings, workspaces, expose_app_in_browser)
    title = ""  # for messages
    one_notebook_per_page = False  # Notebook 7: a notebook has a page of its own
    slider_keys = ("ArrowRight", "ArrowLeft")  # what JupyterPage.move_slider presses: up, down
    slider_presses = 3
    # Uncaught JavaScript errors of the app itself, tolerated while a page loads (not later):
    # exact messages, each with the upstream issue that reports it
    known_loading_errors: ClassVar[dict[str, str]] = {}

    def __init__(
        self, folders=("notebooks", "solutions"), startup_timeout: float = 90, windowing: str = "none"
    ):
        self.folders = folders
        self.windowing = windowing  # the notebook's windowingMode ("none" for the tests, see above)
        self.startup_timeout = startup_timeout
        self.token = secrets.token_hex(24)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._tmp = tempfile.TemporaryDirectory(prefix="course-lab-")
        self.home = Path(self._tmp.name)
        self.root = self.home / "root"  # what the browser sees
        self.proc: subprocess.Popen | None = None
        # kernels shut down in the background while the next notebook opens (see shutdown_kernel_of)
        self._shutdowns = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kernel-shutdown")
        self._pending: list = []

    # -- start and stop
    def __enter__(self) -> JupyterServer:
        try:
            self._start()
        except BaseException:
            self._kill()
            self._tmp.cleanup()
            raise
        return self

    def _start(self) -> None:
        self.root.mkdir()
        for folder in self.folders:
            shutil.copytree(ROOT / folder, self.root / folder, ignore=shutil.ignore_patterns(".ipynb_*"))
        app_settings = self.home / "app-settings"
        app_settings.mkdir(exist_ok=True)
        windowing = {"@jupyterlab/notebook-extension:tracker": {"windowingMode": self.windowing}}
        overrides = LAB_OVERRIDES | windowing
        (app_settings / "overrides.json").write_text(json.dumps(overrides, indent=2))
        # Jupyter's and IPython's per-user directories point into the temp dir as well, so
        # nothing from ~/.jupyter or ~/.ipython (config, kernels, startup files) leaks in.
        env = os.environ | {
            "JUPYTER_CONFIG_DIR": str(self.home / "config"),
            "JUPYTER_DATA_DIR": str(self.home / "data"),
            "JUPYTER_RUNTIME_DIR": str(self.home / "runtime"),
            "JUPYTER_PLATFORM_DIRS": "1",
            "IPYTHONDIR": str(self.home / "ipython"),
        }
        cmd = [
            sys.executable,
            "-m",
            "jupyter",
            self.app,
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.news_url=None",
            "--LabApp.extension_manager=readonly",  # no PyPI look-ups
        ]
        # `jupyter notebook` loads JupyterLab's server extension too, and it is LabApp's handler
        # that answers /lab/api/settings there: both apps get the private directories.
        for app_class in dict.fromkeys(["LabApp", self.app_class]):
            cmd += [
                f"--{app_class}.workspaces_dir={self.home / 'workspaces'}",
                f"--{app_class}.user_settings_dir={self.home / 'user-settings'}",
                f"--{app_class}.app_settings_dir={app_settings}",
                f"--{app_class}.expose_app_in_browser=True",
            ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log_path = self.home / "server.log"
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                cmd, cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                raise RuntimeError(f"jupyter {self.app} exited with code {code}:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status", timeout=2)
                return
            except OSError:  # not listening yet (urllib's URLError is an OSError too)
                if time.monotonic() > deadline:
                    late = f"jupyter {self.app} did not answer within {self.startup_timeout} s"
                    raise RuntimeError(f"{late}:\n{self.log_tail()}") from None
                time.sleep(0.1)  # polling interval, not a fixed wait

    def __exit__(self, *exc) -> None:
        problems = []
        try:
            problems += self.wait_for_shutdowns()
            if self.proc is not None and self.proc.poll() is None:
                kernels = self.api("GET", "/api/kernels")
                if kernels:
                    problems.append(f"{len(kernels)} kernel(s) still running at the end: {kernels}")
            problems += self._stop()
        finally:
            self._shutdowns.shutdown()
            self._tmp.cleanup()
        if problems and exc[0] is None:
            raise RuntimeError(f"{self.title} did not shut down cleanly:\n" + "\n".join(problems))

    def _stop(self, timeout: float = 30) -> list[str]:
        """SIGTERM, wait for the exit, then check that every child process has gone too."""
        import psutil  # a dependency of ipykernel

        problems = []
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            problems.append(f"jupyter {self.app} ignored SIGTERM for {timeout} s; killed")
            self._kill()
        _, alive = psutil.wait_procs(children, timeout=10)
        for child in alive:
            try:
                problems.append(f"process {child.pid} ({' '.join(child.cmdline()[:4])}) outlived the server")
                child.kill()
            except psutil.NoSuchProcess:
                pass
        return problems

    def _kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    # -- REST API
    def api(self, method: str, path: str, timeout: float = 30):
        """Call the server's REST API with the token; return the decoded JSON answer (or None)."""
        request = urllib.request.Request(
            self.url + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernel_of(self, path: str) -> None:
        """Delete the session of the notebook at ``path`` (relative to the root), which shuts its
        kernel down. This runs in the background: a kernel takes about a second to exit, and the
        next notebook need not wait for that. :meth:`wait_for_shutdowns` collects the results."""

        def shutdown():
            for session in self.api("GET", "/api/sessions"):
                if session.get("path") == path:
                    self.api("DELETE", f"/api/sessions/{session['id']}")

        self._pending.append((path, self._shutdowns.submit(shutdown)))

    def wait_for_shutdowns(self) -> list[str]:
        """Wait for the background kernel shutdowns; return what went wrong."""
        problems = []
        for path, future in self._pending:
            try:
                future.result(timeout=60)
            except Exception as error:
                problems.append(f"shutting down the kernel of {path} failed: {error!r}")
        self._pending.clear()
        return problems

    # -- browser
    @staticmethod
    def launch(playwright):
        """A headless Chromium (Debian's) from a started ``sync_playwright()``."""
        return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)

    def page_url(self, path: str | None = None) -> str:
        """The address of the page that shows the notebook at ``path`` (with the token)."""
        raise NotImplementedError

    def new_page(self, browser) -> JupyterPage:
        """A browser page for this server; with JupyterLab, loaded and started (left sidebar
        closed). With Notebook 7, :meth:`JupyterPage.open` loads the notebook's own page."""
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
        page.set_default_timeout(60_000)
        jupyter_page = JupyterPage(self, page)
        if not self.one_notebook_per_page:
            jupyter_page.load(self.page_url())
        return jupyter_page


class JupyterLab(JupyterServer):
    """A private ``jupyter lab``; every notebook opens in one page, ``/lab``."""

    app = "lab"
    app_class = "LabApp"
    title = "JupyterLab"

    def page_url(self, path: str | None = None) -> str:
        return f"{self.url}/lab?token={self.token}"


class JupyterNotebook(JupyterServer):
    """A private ``jupyter notebook`` (Notebook 7): the notebook at ``path`` has its own page,
    ``/notebooks/<path>``, whose main area holds that notebook alone."""

    app = "notebook"
    app_class = "JupyterNotebookApp"
    title = "Jupyter Notebook 7"
    one_notebook_per_page = True
    # Notebook 7 (7.6) starts its front end without JupyterLab's ``bubblingKeydown``, so its
    # command-mode shortcuts see a key press before the focused widget does: all four arrow keys
    # are notebook shortcuts (move to the cell or heading above/below) and never reach a slider.
    # PageUp/PageDown are not shortcuts; ipywidgets' slider moves by 5 steps on each.
    slider_keys = ("PageUp", "PageDown")
    slider_presses = 1
    known_loading_errors: ClassVar[dict[str, str]] = {
        # Notebook 7.6's keyboard-shortcuts settings react to a plugin's settings loading before
        # that plugin is in the registry: an uncaught TypeError on every page load, whatever the
        # configuration (a bare `jupyter notebook` shows it too); nothing in the notebook depends
        # on it.
        "Cannot read properties of undefined (reading 'schema')": "jupyter/notebook#7862",
    }

    def page_url(self, path: str | None = None) -> str:
        if path is None:
            raise ValueError("Notebook 7 shows one notebook per page: which one?")
        return f"{self.url}/notebooks/{urllib.parse.quote(path)}?token={self.token}"


# In-page helpers, installed once per page as window.__course. `open` keeps the notebook panel
# it opened in __course.panel; the other helpers act on that panel. The same code runs in
# JupyterLab and in Notebook 7 (see the module docstring).
_JS_SETUP = """
async () => {
  const app = window.jupyterapp;
  await app.started;
  await app.restored;
  if (!app.shell.leftCollapsed) app.shell.collapseLeft();
  const WIDGET = 'application/vnd.jupyter.widget-view+json';
  const STDERR = 'application/vnd.jupyter.stderr';  // stderr text and tracebacks: the red outputs
  // An interactive figure: the ipywidgets.Image of a course_lib LiveFigure.
  const FIGURE = 'img.course-figure';
  const c = window.__course = {
    panel: null,
    // Open a notebook and wait for its kernel; fails after `timeout` ms. A notebook the page
    // already shows (Notebook 7's /notebooks/<path>) is taken as it is.
    async open(path, timeout) {
      let timer;
      const late = new Promise((_, reject) => {
        const fail = () => reject(new Error(`${path}: not open with a kernel after ${timeout} ms`));
        timer = setTimeout(fail, timeout);
      });
      const opening = (async () => {
        await app.restored;
        const shown = app.shell.currentWidget;
        const panel = c.panel = shown?.context?.path === path ? shown
          : await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
        await panel.context.ready;
        await panel.sessionContext.ready;
        await panel.revealed;
        app.shell.activateById(panel.id);
      })();
      try {
        await Promise.race([opening, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    codeCells() {
      return c.panel.content.widgets.filter(cell => cell.model.type === 'code');
    },
    // Run All; c.done turns true when JupyterLab says every cell has run (or Run All stopped).
    runAll() {
      c.done = false;
      const done = () => { c.done = true; };
      app.shell.activateById(c.panel.id);
      app.commands.execute('notebook:run-all-cells').then(done, done);
    },
    // Run All has finished: kernel idle, and every non-empty code cell has an execution count
    // (or a cell failed, which stops Run All; the caller then reports the error).
    finished() {
      const kernel = c.panel.sessionContext.session?.kernel;
      if (!kernel || kernel.status !== 'idle') return false;
      const cells = c.codeCells();
      const errored = cells.some(cell => cell.model.outputs.toJSON().some(o => o.output_type === 'error'));
      return errored || cells.every(cell =>
        cell.model.sharedModel.getSource().trim() === '' || cell.model.executionCount !== null);
    },
    // The output nodes of the outputs that hold a widget, in notebook order (null where the
    // output is not on the page); each is marked data-course-widget="<its index>".
    views() {
      const views = [];
      for (const cell of c.codeCells()) {
        cell.model.outputs.toJSON().forEach((output, i) => {
          if (!(output.data && output.data[WIDGET])) return;
          const node = cell.outputArea.widgets[i]?.node.querySelector('.jp-OutputArea-output') ?? null;
          if (node) node.dataset.courseWidget = views.length;
          views.push({cell, node});
        });
      }
      return views;
    },
    // A summary of every code cell, as rendered: prompt, errors, stderr, text, widgets.
    cells() {
      const views = c.views();
      return c.codeCells().map((cell, index) => {
        const node = cell.node;
        return {
          index,
          source: cell.model.sharedModel.getSource(),
          prompt: node.querySelector('.jp-InputPrompt')?.textContent.trim() ?? '',
          // a collapsed (verify) cell shows no prompt: its execution count comes from the model
          executionCount: cell.model.executionCount,
          tags: cell.model.getMetadata('tags') ?? [],
          collapsed: cell.inputHidden,
          placeholder: node.querySelector('.jp-InputPlaceholder') !== null,
          errors: cell.model.outputs.toJSON().filter(o => o.output_type === 'error')
                    .map(o => `${o.ename}: ${o.evalue}`),
          stderr: [...node.querySelectorAll(`.jp-OutputArea-output[data-mime-type="${STDERR}"]`)]
                    .map(o => o.innerText.slice(0, 2000)),
          text: node.querySelector('.jp-Cell-outputArea')?.innerText ?? '',
          widgets: views.filter(view => view.cell === cell).map(({node}) => node && ({
            index: Number(node.dataset.courseWidget),
            text: node.innerText.slice(0, 300),
            figures: node.querySelectorAll(FIGURE).length,
            blank: [...node.querySelectorAll(FIGURE)].filter(img => !c.painted(img)).length,
            seeThrough: [...node.querySelectorAll(FIGURE)].reduce((sum, img) => sum + c.seeThrough(img), 0),
            sliders: node.querySelectorAll('.widget-slider .noUi-handle').length,
          })),
        };
      });
    },
    // The RGBA bytes of a figure image at its natural size, read by drawing it onto an
    // offscreen canvas; null until the image (its current src) has loaded.
    pixels(img) {
      if (!img || !img.complete || !img.naturalWidth) return null;
      const canvas = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
      const context = canvas.getContext('2d', {willReadFrequently: true});
      context.drawImage(img, 0, 0);
      return context.getImageData(0, 0, canvas.width, canvas.height).data;
    },
    // A figure image is painted: loaded, and not every pixel the same (a figure has at least
    // its axes on its background).
    painted(img) {
      const bytes = c.pixels(img);
      if (!bytes) return false;
      const data = new Uint32Array(bytes.buffer);
      return data.some(pixel => pixel !== data[0]);
    },
    // How many pixels of a figure image are not opaque: a course figure has an opaque
    // facecolor, so none (null while the image is loading).
    seeThrough(img) {
      const bytes = c.pixels(img);
      if (!bytes) return null;
      let count = 0;
      for (let i = 3; i < bytes.length; i += 4) count += bytes[i] !== 255;
      return count;
    },
    // Every widget is on the page and rendered, and every figure in one is painted.
    widgetsReady() {
      return c.views().every(({node}) => node && !node.textContent.includes('Loading widget...') &&
        [...node.querySelectorAll(FIGURE)].every(img => c.painted(img)));
    },
    // The (first) figure image of widget n, or null.
    figure(n) {
      return c.panel.node.querySelector(`[data-course-widget="${n}"] ${FIGURE}`);
    },
    // FNV-1a hash of the pixels of the figure in widget n (null if it has no figure, or while
    // its image is loading).
    figureHash(n) {
      const bytes = c.pixels(c.figure(n));
      if (!bytes) return null;
      let h = 0x811c9dc5;
      for (let i = 0; i < bytes.length; i += 1) h = Math.imul(h ^ bytes[i], 0x01000193);
      return h >>> 0;
    },
    kernelIdle() {
      return c.panel.sessionContext.session?.kernel?.status === 'idle';
    },
    close() {
      const panel = c.panel;
      c.panel = null;
      if (panel && !panel.isDisposed) {
        panel.context.model.dirty = false;  // no "save your changes?" dialog
        panel.dispose();
      }
    },
  };
}
"""


class JupyterPage:
    """One browser page with JupyterLab or Notebook 7; opens, runs and inspects one notebook at a
    time."""

    def __init__(self, server: JupyterServer, page):
        self.server = server
        self.page = page
        self.path: str | None = None

    def load(self, url: str) -> None:
        """Go to ``url`` (a page of the server's app), wait until the app has started and
        restored its layout, install the in-page helpers and close the left sidebar."""
        self.page.goto(url)
        self.page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", polling=100)
        self.page.evaluate(_JS_SETUP)

    def open(self, path: str, timeout: float = 60) -> None:
        """Open the notebook at ``path`` (relative to the server's root) and wait for its kernel.
        (Notebook 7: load the notebook's page first.)"""
        self.path = path
        if self.server.one_notebook_per_page:
            self.load(self.server.page_url(path))
        self.page.evaluate("([path, ms]) => window.__course.open(path, ms)", [path, timeout * 1000])

    def run_all(self, timeout: float = 120, widget_timeout: float = 20) -> str | None:
        """Run All, then wait until every cell has run and every widget has rendered. Returns
        None, or what did not finish in time (the cells and widgets then show what is wrong)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        self.page.evaluate("() => window.__course.runAll()")
        try:
            self.page.wait_for_function(
                "() => window.__course.done && window.__course.finished()",
                polling=100,
                timeout=timeout * 1000,
            )
        except PlaywrightTimeout:
            return f"Run All did not finish within {timeout:.0f} s"
        try:
            self.page.wait_for_function(
                "() => window.__course.widgetsReady()", polling=200, timeout=widget_timeout * 1000
            )
        except PlaywrightTimeout:
            return f"the widgets were not all rendered {widget_timeout:.0f} s after Run All"
        return None

    def cells(self) -> list[dict]:
        return self.page.evaluate("() => window.__course.cells()")

    def close(self) -> None:
        """Close the notebook's tab without saving, and shut its kernel down (REST API)."""
        if self.path is None:
            return
        try:
            self.page.evaluate("() => window.__course.close()")
        finally:
            self.server.shutdown_kernel_of(self.path)
            self.path = None

    # -- widgets (numbered in notebook order, as ``cells()`` numbers them)
    def widget(self, n: int):
        """The Playwright locator of the n-th widget output of the notebook."""
        return self.page.locator(f'[data-course-widget="{n}"]')

    def figure_hash(self, n: int) -> int | None:
        """A hash of the pixels of the figure in the n-th widget (None if it has no figure, or
        while its image is loading)."""
        return self.page.evaluate("n => window.__course.figureHash(n)", n)

    def see_through(self, n: int) -> int | None:
        """How many pixels of the figure in the n-th widget are not opaque (None: no figure, or
        its image is loading)."""
        return self.page.evaluate("n => window.__course.seeThrough(window.__course.figure(n))", n)

    def move_slider(self, view: int, slider: int = 0, timeout: float = 15) -> dict:
        """Focus a slider handle of the ``view``-th widget and press the server's ``slider_keys``:
        the first (ArrowRight in JupyterLab), or the second (ArrowLeft) when the slider is at its
        maximum, ``slider_presses`` times; wait until the figure in that widget has changed (a
        new frame, loaded) and the kernel is idle again. Returns the slider's value and the
        figure's hash, before and after, and the count of see-through pixels of the figure
        after."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        slider_box = self.widget(view).locator(".widget-slider").nth(slider)
        handle = slider_box.locator(".noUi-handle")
        readout = slider_box.locator(".widget-readout")  # the value as shown (aria-valuenow is rounded)
        at_max = float(handle.get_attribute("aria-valuenow")) >= float(handle.get_attribute("aria-valuemax"))
        up, down = self.server.slider_keys
        moved = {
            "key": down if at_max else up,
            "value_before": readout.inner_text(),
            "hash_before": self.figure_hash(view),
        }
        handle.focus()
        for _ in range(self.server.slider_presses):
            handle.press(moved["key"])
        try:
            self.page.wait_for_function(
                """([n, h]) => {
                  const c = window.__course, hash = c.figureHash(n);
                  return hash !== null && hash !== h && c.kernelIdle();
                }""",
                arg=[view, moved["hash_before"]],
                polling=50,
                timeout=timeout * 1000,
            )
        except PlaywrightTimeout:  # the caller's assertion reports what did not change
            pass
        return moved | {
            "value_after": readout.inner_text(),
            "hash_after": self.figure_hash(view),
            "see_through_after": self.see_through(view),
        }

    # -- screenshots
    def screenshot_notebook(self, path: Path) -> None:
        """A JPEG of the whole notebook, not only of what fits in the window: the window is made as
        tall as the notebook for the shot, then set back. (JPEG: a PNG of a 20 000 px tall page
        takes about twice as long to encode.)"""
        height = self.page.evaluate(
            """() => {
              const outer = window.__course.panel.node.querySelector('.jp-WindowedPanel-outer');
              outer.scrollTop = 0;
              return outer.scrollHeight + (window.innerHeight - outer.clientHeight);
            }"""
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.set_viewport_size({"width": VIEWPORT["width"], "height": min(height, 30_000)})
        try:
            self.page.screenshot(path=path, type="jpeg", quality=70)
        finally:
            self.page.set_viewport_size(VIEWPORT)

    def screenshot_widget(self, view: int, path: Path) -> None:
        """A screenshot of the ``view``-th widget view alone (controls and figure)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.widget(view).screenshot(path=path)
