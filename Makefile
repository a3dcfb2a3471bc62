# The two set-up commands: `make run` serves the demo site, `make test` runs the whole suite.
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
# The first Python >= 3.11 on the PATH.
PYTHON ?= $(shell for candidate in python3.13 python3.12 python3.11 python3; do \
	command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$candidate; break; }; done)

.PHONY: run test check-python prepare loadtest

check-python:
	@test -n "$(PYTHON)" || { echo "Trendwatch needs Python 3.11 or newer on the PATH (python3.11, python3.12 or python3)." >&2; exit 1; }

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable ".[test]"
	touch $@ $(VENV)/.installed-run

# Catalogues and static files are build products: made from the sources on every run.
prepare:
	$(BIN)/python manage.py compile_catalogues
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

run: $(VENV)/.installed-run prepare
	$(BIN)/python manage.py migrate --noinput --verbosity 1
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_admin
	TASKS_BACKEND=$${TASKS_BACKEND:-database} $(BIN)/python manage.py serve --port $(PORT)

test: $(VENV)/.installed-test prepare
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# For developers: the site under load with production settings on SQLite and PostgreSQL, driven by wrk;
# writes bench/results/load.json (see trendwatch/loadtest.py).
LOADTEST_SECONDS ?= 60
loadtest: $(VENV)/.installed-run prepare
	$(BIN)/python -m trendwatch.loadtest --seconds $(LOADTEST_SECONDS) $(LOADTEST_ARGS)
