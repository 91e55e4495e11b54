"""Browser tests: every notebook run in JupyterLab in a headless Chromium (see checks.py).

One JupyterLab server and one browser page serve all browser tests of a pytest process (with
xdist, one per worker): the ``lab`` fixture starts them at the first browser test and stops them
after the last, and fails if a kernel or a child process of the server is left behind.

Without the ``playwright`` package or without Chromium (``/usr/bin/chromium``), this folder's
tests are skipped, with one line in the test summary saying why. On CI (environment variable
``CI=true``, which ``.ci/run`` sets) they are not skipped but fail, so a CI machine without a
browser cannot pass by quietly skipping them.
"""

import os

import pytest

from .jupyter_browser import JupyterLab, missing_requirement

MISSING = missing_requirement()
ON_CI = os.environ.get("CI", "").lower() == "true"
HERE = os.path.dirname(__file__)


def pytest_collection_modifyitems(config, items):
    """Without a browser (and not on CI): skip this folder's tests, under one reason."""
    if MISSING and not ON_CI:
        skip = pytest.mark.skip(reason=f"browser tests: {MISSING}")
        for item in items:
            if str(item.path).startswith(HERE):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def lab():
    """A JupyterLab page (:class:`jupyter_browser.Lab`) on a private server, shared by all tests."""
    if MISSING:
        pytest.fail(f"browser tests cannot run on CI (CI=true): {MISSING}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with JupyterLab() as server, sync_playwright() as playwright:
        browser = server.launch(playwright)
        try:
            yield server.new_page(browser)
        finally:
            browser.close()
