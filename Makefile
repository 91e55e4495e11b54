# The whole set-up is two commands: `make lab` and `make test`.
# Both create .venv on first use and reinstall when requirements.txt or pyproject.toml change
# (`make test` also installs tests/requirements.txt, the tests' own extras, when it changes).
# `make test-oldest` runs the tests again on the lowest versions requirements.txt allows (.venv-oldest).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?= -n auto --dist loadscope

OLDEST       := .venv-oldest
OLDEST_BIN   := $(OLDEST)/bin
OLDEST_STAMP := $(OLDEST)/.installed

.PHONY: lab test test-oldest lint format bench student clean help

help:
	@echo "make lab    - install into .venv (first time) and open JupyterLab on notebooks/"
	@echo "make test   - install into .venv (first time) and run the whole test suite + ruff"
	@echo "make test-oldest - the tests and notebooks again, on the lowest versions requirements.txt allows"
	@echo "make bench  - print the benchmark tables"
	@echo "make student - regenerate notebooks/ (student versions) from solutions/ (the source)"
	@echo "make format - ruff format + fix"

CHECK_PYTHON := $(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed, found " + sys.version.split()[0] + " (set PYTHON=...)")'
$(BIN)/python:
	@$(CHECK_PYTHON)
	$(PYTHON) -m venv $(VENV)

# uv installs what pip would, from PyPI, in ~20 s instead of ~85 s; plain pip when uv cannot be
# had. --compile-bytecode writes the .pyc files as pip does: without them (and with
# PYTHONDONTWRITEBYTECODE set, as on CI) every kernel would compile its imports afresh, ~3 s each.
PIP_QUIET := --quiet --disable-pip-version-check
$(STAMP): $(BIN)/python requirements.txt pyproject.toml
	( $(BIN)/python -m pip install $(PIP_QUIET) uv \
	  && $(BIN)/python -m uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.txt ) \
	|| $(BIN)/python -m pip install $(PIP_QUIET) -r requirements.txt
	touch $(STAMP)

# What only the tests need (nbgrader, for tests/test_nbgrader_roundtrip.py), on top of
# requirements.txt; a student's hub installs requirements.txt alone.
TEST_STAMP := $(VENV)/.installed-tests
$(TEST_STAMP): $(STAMP) tests/requirements.txt
	$(BIN)/python -m uv pip install --quiet --compile-bytecode --python $(BIN)/python -r tests/requirements.txt \
	|| $(BIN)/python -m pip install $(PIP_QUIET) -r tests/requirements.txt
	touch $(TEST_STAMP)

# JupyterLab's settings overrides: the documented overrides.json in the application settings
# directory, <venv>/share/jupyter/lab/settings (Notebook 7 reads the same file). Students and a
# projector in class see no "Would you like to get notified about official Jupyter news?" toast
# over the figures, and nothing checks for updates; Settings → Notification still changes both.
# Token authentication is untouched. Other entries already in the file are kept.
LAB_SETTINGS_KEY := @jupyterlab/apputils-extension:notification
%/share/jupyter/lab/settings/overrides.json: %/.installed Makefile
	$*/bin/python -c 'import json, pathlib, sys; p = pathlib.Path(sys.argv[1]); \
	  o = json.loads(p.read_text()) if p.exists() else {}; \
	  o.setdefault("$(LAB_SETTINGS_KEY)", {}).update(fetchNews="false", checkForUpdates=False); \
	  p.parent.mkdir(parents=True, exist_ok=True); p.write_text(json.dumps(o, indent=2) + "\n")' $@
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json

LAB_ROOT ?= notebooks
# Jupyter refuses to start as root unless told; in a container (often root) it is told.
# Token authentication stays on either way.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP) $(LAB_OVERRIDES)
	$(BIN)/jupyter lab --ServerApp.root_dir=$(LAB_ROOT) $(ALLOW_ROOT)

# Tests run two notebooks at a time (xdist); one BLAS thread each keeps them off each other's cores.
test: $(TEST_STAMP)
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python -m pytest $(PYTEST_ARGS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The lower end of the supported range: every direct requirement at the lowest version it allows
# (uv's --resolution lowest-direct; pip cannot do this, so here uv is needed). Indirect
# dependencies are the newest that fit, as a fresh install would get. The venv is made afresh
# whenever requirements.txt or pyproject.toml change: `uv pip install` keeps an installed version
# that still satisfies a requirement, so an updated venv could hold versions above the lowest.
$(OLDEST_STAMP): requirements.txt pyproject.toml
	@$(CHECK_PYTHON)
	rm -rf $(OLDEST)
	$(PYTHON) -m venv $(OLDEST)
	$(OLDEST_BIN)/python -m pip install $(PIP_QUIET) uv
	$(OLDEST_BIN)/python -m uv pip install --quiet --compile-bytecode --resolution lowest-direct \
	  --python $(OLDEST_BIN)/python -r requirements.txt
	touch $(OLDEST_STAMP)

# The unit tests, the widget tests and every notebook (both versions, nbval), on .venv-oldest; it
# first prints what "oldest" was. Not the browser tests (tests/browser), and not ruff: lint is
# `make test`'s job, and ruff's lowest allowed version may format differently from the newest.
# Nor the nbgrader round trip (tests/test_nbgrader_roundtrip.py): nbgrader comes from
# tests/requirements.txt, which only `make test` installs.
# PYDEVD_DISABLE_FILE_VALIDATION: ipykernel 6.29 imports debugpy, which otherwise prints a
# "Debugger warning: ... frozen modules" notice (harmless; no debugger is used here).
OLDEST_SHOWN := numpy scipy matplotlib ipywidgets jupyterlab notebook ipykernel nbclient nbval pytest
test-oldest: $(OLDEST_STAMP) $(OLDEST)/share/jupyter/lab/settings/overrides.json
	@$(OLDEST_BIN)/python -c 'import sys; from importlib.metadata import version; \
	  print("make test-oldest: Python", sys.version.split()[0] + ",", ", ".join(f"{n} {version(n)}" for n in sys.argv[1:]))' \
	  $(OLDEST_SHOWN)
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 PYDEVD_DISABLE_FILE_VALIDATION=1 \
	  $(OLDEST_BIN)/python -m pytest $(PYTEST_ARGS) --ignore=tests/browser \
	  --ignore=tests/test_nbgrader_roundtrip.py tests notebooks solutions

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

student: $(STAMP)
	$(BIN)/python -m course_lib.release

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_mlp.py
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_notebooks.py
	$(BIN)/python benchmarks/bench_browser.py

clean:
	rm -rf $(VENV) $(OLDEST) .pytest_cache .hypothesis .ruff_cache *.egg-info
