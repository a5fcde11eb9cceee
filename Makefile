# The two commands of the quick start (`make run`, `make test`) and the developer's helpers.
# Every target sets up what it needs: the virtual environment and the installed packages.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test bench lint format clean ui ui-lint

$(BIN)/python:
	@echo "Creating the virtual environment $(VENV) with $(PYTHON)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the dependencies change. pip says what it collects and shows its own progress
# bars; a first install takes a minute or two.
$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing EMPACT and its dependencies into $(VENV) (a minute or two the first time)..."
	$(BIN)/python -m pip install --progress-bar on -e '.[dev]'
	touch $@

# The web UI (frontend/): its packages are installed again when the lock file changes, and it
# is built again when its sources, packages or configuration are newer than the build.
UI_MODULES := frontend/node_modules/.package-lock.json
UI_BUILD := frontend/dist/index.html
UI_SOURCES := $(shell find frontend/src -type f 2>/dev/null) frontend/index.html \
	frontend/package.json frontend/package-lock.json frontend/vite.config.ts \
	$(wildcard frontend/tsconfig*.json) $(wildcard frontend/public/*)

$(UI_MODULES): frontend/package.json frontend/package-lock.json
	@echo "Installing the web UI's packages (frontend/node_modules)..."
	cd frontend && npm ci --no-audit --no-fund
	touch $@

$(UI_BUILD): $(UI_SOURCES) $(UI_MODULES)
	@echo "Building the web UI (frontend/dist)..."
	cd frontend && npm run build
	touch $@

ui: $(UI_BUILD)

# The browser tests drive Debian's Chromium; no browser is ever downloaded at test time.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium

# The benchmarks drive the API with wrk, also from Debian.
WRK := /usr/bin/wrk
$(WRK):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk

# The round-trip test has LibreOffice Calc, also from Debian, re-save a filled workbook.
SOFFICE := /usr/bin/soffice
$(SOFFICE):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc

run: $(STAMP) $(UI_BUILD)
	$(BIN)/empact run

# One worker per core; the browser tests share one running instance, so they go to one worker.
test: $(STAMP) $(UI_BUILD) $(CHROMIUM) $(WRK) $(SOFFICE)
	$(BIN)/pytest -n auto --dist loadgroup

# Ten times EMPACT's scale on SQLite and PostgreSQL; the table is printed, the JSON written
# to var/bench/results.json. See docs/performance.md.
bench: $(STAMP) $(WRK)
	$(BIN)/python -m tests.bench

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(MAKE) ui-lint

ui-lint: $(UI_MODULES)
	cd frontend && npm run typecheck
	cd frontend && npm run lint

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
