# Two commands on a fresh machine with only Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint unit bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/rectrack demo

lint: $(STAMP)
	$(BIN)/ruff check tracker tui tests bench migrations
	$(BIN)/ruff format --check tracker tui tests bench migrations
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

unit: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow" tests/unit

bench: $(STAMP)
	$(BIN)/python -m bench --write

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
