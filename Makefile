# store_app: `make run` starts the shop, `make test` runs every test. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUN_VERSION := 1.4.4
BUN_DIR := .tools/bun
BUN := $(BUN_DIR)/node_modules/.bin/bun
CHROMIUM ?= /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

export PATH := $(CURDIR)/$(BUN_DIR)/node_modules/.bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run run-scaled test install install-test lint format clean

# HOST, PORT and every other setting come from the environment (`make run PORT=8080` too: make exports
# command-line variables to recipes); their defaults live in store_app/core/settings.py only.
run: install ## install what is missing, migrate, load demo data, start the shop
	$(PY) -m store_app.manage setup
	exec $(PY) -m store_app.manage serve

# The shop scaled out (README "Running on PostgreSQL and Redis"); the scaled-out browser tests run this target.
WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
# Seconds an idle tab's state stays in Redis (Reflex's own setting; a page reload builds it again).
STATE_EXPIRY ?= 3600
# 1: a worker keeps a tab's state and its Redis lock between that tab's events (Reflex's opportunistic lock,
# given back within half the lock expiry or as soon as another worker asks), so an event costs no Redis
# round trip for the state: the cart capacity of 1 and 2 workers in README "Load benchmarks". 0: Reflex's default.
STATE_LEASE ?= 1
run-scaled: install ## several backend workers sharing PostgreSQL (DB_URL) and Redis (REDIS_URL)
	@test -n "$$DB_URL" -a -n "$$REDIS_URL" || { echo "run-scaled needs DB_URL and REDIS_URL (see README.md)" >&2; exit 2; }
	$(PY) -m store_app.manage setup
	GRANIAN_WORKERS=$(WORKERS) REFLEX_REDIS_TOKEN_EXPIRATION=$(STATE_EXPIRY) REFLEX_OPLOCK_ENABLED=$(STATE_LEASE) \
	  exec $(PY) -m store_app.manage serve

# --durations: every run (CI's too) lists its slowest set-ups and tests, where the suite's time goes.
test: install-test ## install what the tests need, then run the whole suite
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest --durations=30

install: $(VENV)/.installed $(BUN)

install-test: install $(VENV)/.installed-test $(CHROMIUM)

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt requirements.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

$(BUN):
	npm install --prefix $(BUN_DIR) --no-audit --no-fund --loglevel=error bun@$(BUN_VERSION)
	$(BUN) --version

# Debian's Chromium for the browser tests (Playwright's own browser download cannot work offline).
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf .web .states test-artifacts
