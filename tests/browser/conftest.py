"""Browser tests: notebooks run in JupyterLab and in Jupyter Notebook 7, in a headless Chromium
(see checks.py).

One Chromium serves all browser tests of a pytest process (with xdist, one per worker; two
Playwright instances cannot run in one thread). One JupyterLab server and one page in it serve
all JupyterLab tests of the process, one Notebook 7 server the Notebook 7 test: each fixture
starts its server at the first test that needs it and stops it after the last, and fails if a
kernel or a child process of the server is left behind.

Without the ``playwright`` package or without Chromium (``/usr/bin/chromium``), this folder's
tests are skipped, with one line in the test summary saying why. On CI (environment variable
``CI=true``, which ``.ci/run`` sets) they are not skipped but fail, so a CI machine without a
browser cannot pass by quietly skipping them.
"""

import os

import pytest

from .jupyter_browser import JupyterLab, JupyterNotebook, missing_requirement

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
def browser():
    """A headless Chromium (Debian's), shared by the JupyterLab and Notebook 7 fixtures."""
    if MISSING:
        pytest.fail(f"browser tests cannot run on CI (CI=true): {MISSING}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = JupyterLab.launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def lab(browser):
    """A JupyterLab page (:class:`jupyter_browser.JupyterPage`) on a private server, shared by
    all JupyterLab tests."""
    with JupyterLab() as server:
        page = server.new_page(browser)
        try:
            yield page
        finally:
            page.page.close()  # before the server stops


@pytest.fixture(scope="session")
def notebook7(browser):
    """A Jupyter Notebook 7 page (:class:`jupyter_browser.JupyterPage`) on a private server
    holding the solution notebooks."""
    with JupyterNotebook(folders=("solutions",)) as server:
        page = server.new_page(browser)
        try:
            yield page
        finally:
            page.page.close()  # before the server stops
