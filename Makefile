# The whole set-up is two commands: `make lab` and `make test`.
# Both create .venv on first use and reinstall when requirements.txt or pyproject.toml change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?= -n auto --dist loadscope

.PHONY: lab test lint format bench student clean help

help:
	@echo "make lab    - install into .venv (first time) and open JupyterLab on notebooks/"
	@echo "make test   - install into .venv (first time) and run the whole test suite + ruff"
	@echo "make bench  - print the benchmark tables"
	@echo "make student - regenerate notebooks/ (student versions) from solutions/ (the source)"
	@echo "make format - ruff format + fix"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed, found " + sys.version.split()[0] + " (set PYTHON=...)")'
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

LAB_ROOT ?= notebooks
# Jupyter refuses to start as root unless told; in a container (often root) it is told.
# Token authentication stays on either way.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=$(LAB_ROOT) $(ALLOW_ROOT)

# Tests run two notebooks at a time (xdist); one BLAS thread each keeps them off each other's cores.
test: $(STAMP)
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python -m pytest $(PYTEST_ARGS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache *.egg-info
