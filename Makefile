# Thi Đua: one command to set up and run, one to test. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test test-suite test-browser test-fast coverage-summary lint format bench audit clean

$(STAMP): requirements/base.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --disable-pip-version-check -q -r requirements/dev.txt
	touch $(STAMP)

# A development .env (DEBUG on, random SECRET_KEY) so manage.py commands work in a checkout.
# Never overwritten; production writes its own from .env.example.
.env:
	$(PYTHON) -c "import secrets, pathlib; pathlib.Path('.env').write_text('# Development settings written by make setup (see .env.example).\nDEBUG=true\nSECRET_KEY=dev-' + secrets.token_urlsafe(50) + '\n')"

# axe-core for the accessibility browser test (e2e/test_accessibility.py), pinned in
# package-lock.json; without npm the test skips and says why.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund && touch $(AXE); \
	else echo "npm not found: accessibility tests will be skipped (apt-get install npm)"; fi

## setup: create .venv and install the pinned dependencies (idempotent)
setup: $(STAMP) .env $(AXE)

## run: set up, migrate SQLite, load the demo, print the demo logins, serve on :8000
run: setup
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py seed_demo --reset-passwords
	@echo "Mở http://$(HOST):$(PORT)/ và đăng nhập bằng một tài khoản ở trên."
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole test suite as CI runs it: test-suite, then test-browser, with coverage
## (DATABASE_URL chooses the database; SQLite by default; PYTEST_ARGS adds pytest options)
WORKERS ?= auto
PYTEST := $(PY) -m pytest -p no:cacheprovider
COV := --cov=thidua --cov-branch --cov-report=
test: test-suite test-browser coverage-summary

## test-suite: every test but the browser ones, on all cores (pytest-xdist), random order
test-suite: setup
	$(PYTEST) -n $(WORKERS) -m "not e2e" $(COV) $(PYTEST_ARGS)

## test-browser: the browser tests (Playwright and Chromium), appended to the coverage
test-browser: setup
	$(PYTEST) -n $(BROWSER_WORKERS) -m e2e $(COV) --cov-append $(PYTEST_ARGS)
BROWSER_WORKERS ?= 2

## coverage-summary: line and branch coverage of thidua/ from the last test run
coverage-summary: setup
	$(PY) .ci/coverage_summary.py

## test-fast: for development: SQLite, no browser, all cores, no coverage
test-fast: setup
	$(PYTEST) -n $(WORKERS) -m "not e2e" -q $(PYTEST_ARGS)

## lint: ruff lint and format check, and migrations in step with the models
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

## audit: bandit on the code and pip-audit on the installed packages (see .ci/audit)
audit: setup
	VENV=$(VENV) bash .ci/audit

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## bench: performance benchmarks with synthetic data
bench: setup
	@set -e; for f in bench/bench_*.py; do [ -f "$$f" ] || continue; echo "== $$f"; $(PY) $$f; done

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache node_modules
