# Touyan: `make demo` runs the demo server, `make test` runs the whole suite.
# Both set up everything they need first and can be run again at any time.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= auto
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test test-postgres lint setup messages static migrate bench clean

setup: $(STAMP) messages static

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Touyan needs Python 3.11 or newer (found %s)" % sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $(STAMP)

messages: $(STAMP)
	@$(BIN)/pybabel compile --domain=django --directory=touyan/locale --statistics 2>&1 | sed 's/^/  /'

# Hashed, compressed copies of the static files, which the app serves itself (whitenoise).
static: $(STAMP)
	@$(BIN)/touyan collectstatic --noinput --verbosity 0

migrate: setup
	$(BIN)/touyan migrate --noinput

# The demo runs with production settings except HTTPS, which a laptop does not have.
DEMO_ENV := DEBUG=0 SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 \
	EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend

# The production server, with a worker for background jobs beside it, stopped when the server
# stops (the worker's main process stops cleanly on TERM).
demo: migrate
	$(BIN)/touyan demo
	@$(DEMO_ENV) sh -c '$(BIN)/touyan worker & worker=$$!; \
		trap "kill $$worker 2>/dev/null" EXIT; trap "exit 130" INT TERM; \
		$(BIN)/touyan serve --bind $(HOST):$(PORT)'

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n $(PYTEST_WORKERS) --durations=15 --durations-min=20

test-postgres:
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/touyan} $(MAKE) test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python benchmarks/roster_import.py

clean:
	rm -rf $(VENV) var build *.egg-info test-artifacts
