# Rapport: `make run` and `make test` are the two commands a new machine needs (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
             command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; \
           done)
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := frontend/node_modules/.installed
# graphql-http's GraphQL over HTTP audits, run by tests/graphql/test_http_audit.py
AUDIT_STAMP := tests/graphql/http_audit/node_modules/.installed
DIST := frontend/dist/index.html
FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/codegen.ts \
                      frontend/package.json frontend/tsconfig.json -type f 2>/dev/null | grep -v '/src/generated/')
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)
export CHROMIUM

.PHONY: help run install build test lint fmt typecheck schema schema-check generated-check policy pytest pytest-backend pytest-server frontend-test \
        e2e browser bench clean

help:
	@echo "make run    install what is missing, build the SPA, serve Rapport at http://127.0.0.1:8000/ (email: a local sink)"
	@echo "make test   lint, types, schema drift, backend tests, frontend tests and browser tests"
	@echo "make schema regenerate schema.graphql from the code"
	@echo "make policy regenerate the shipped authorization policy CSV (grants in core/authz/defaults.py, field groups in each domain's policy.py)"

# The server with a local SMTP sink (aiosmtpd on SMTP_PORT, default 8025): email lands in the development inbox.
run: install build
	$(BIN)/rapport serve --mail-sink

# --- installing -------------------------------------------------------------------------------------------
install: $(PY_STAMP) $(NODE_STAMP) $(AUDIT_STAMP)

$(PY_STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Rapport needs Python 3.11 or newer on PATH."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

$(NODE_STAMP): frontend/package.json frontend/package-lock.json
	@command -v npm >/dev/null || { echo "Rapport needs Node.js 20+ and npm on PATH."; exit 1; }
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

$(AUDIT_STAMP): tests/graphql/http_audit/package.json tests/graphql/http_audit/package-lock.json
	@command -v npm >/dev/null || { echo "Rapport's tests need Node.js 20+ and npm on PATH."; exit 1; }
	cd tests/graphql/http_audit && npm ci --no-audit --no-fund
	@touch $@

# --- building the SPA (only when its sources or the schema changed) ---------------------------------------
build: $(DIST)

$(DIST): $(NODE_STAMP) $(FRONTEND_SOURCES) schema.graphql
	cd frontend && npm run build
	@touch $@

# --- checks -----------------------------------------------------------------------------------------------
test: install generated-check build lint typecheck schema-check frontend-test browser pytest

lint: $(PY_STAMP) $(NODE_STAMP)
	$(BIN)/ruff check --no-cache backend tests $(wildcard bench)
	$(BIN)/ruff format --no-cache --check backend tests $(wildcard bench)
	$(BIN)/lint-imports --no-cache
	cd frontend && npm run lint

typecheck: $(PY_STAMP)
	$(BIN)/mypy

fmt: $(PY_STAMP)
	$(BIN)/ruff format backend tests $(wildcard bench)
	$(BIN)/ruff check --fix backend tests $(wildcard bench)

schema: $(PY_STAMP)
	$(BIN)/rapport export-schema > schema.graphql

# The shipped authorization policy: the grants of rapport/core/authz/defaults.py with each domain's field groups.
policy: $(PY_STAMP)
	$(BIN)/python -m rapport.assembly policy > backend/rapport/core/authz/default_policy.csv

schema-check: $(PY_STAMP)
	@$(BIN)/rapport export-schema | diff -u schema.graphql - \
	  || { echo "schema.graphql is stale: run 'make schema' and commit it."; exit 1; }

# frontend/src/generated/ (typed documents, the trusted-documents manifest the server loads, and the page ->
# operation map with each route's page rule) is committed: it must be what codegen writes from the schema, the
# operations under frontend/src/ and the route table. Checked before `build` regenerates it.
generated-check: $(NODE_STAMP)
	@cd frontend && npx graphql-codegen --config codegen.ts --check --silent >/dev/null \
	  || { echo "frontend/src/generated/ is stale: run 'cd frontend && npm run codegen' and commit it."; exit 1; }
	@cd frontend && node scripts/pageOperations.mjs --check

frontend-test: $(NODE_STAMP) $(DIST)
	cd frontend && npm test && npm run size

# Browser tests need Chromium; install Debian's when missing and we may (never a downloaded browser).
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null; \
	  else echo "Browser tests need Chromium: sudo apt-get install chromium (or set CHROMIUM=/path)"; exit 1; fi; \
	fi

# Tests run in PYTEST_WORKERS processes (pytest-xdist), each on a database of its own on one server (see
# tests/conftest.py); tests sharing a module-scoped fixture stay on one worker (loadgroup). PYTEST_WORKERS=0: serial.
PYTEST_WORKERS ?= 2
XDIST := -n $(PYTEST_WORKERS) --dist loadgroup --durations=30

# Everything pytest holds, browser tests included (they drive the built SPA).
pytest: $(PY_STAMP) $(AUDIT_STAMP) $(DIST) browser
	$(BIN)/pytest $(XDIST)

# Backend tests only (CI runs these once more against the machine's PostgreSQL server).
pytest-backend: $(PY_STAMP) $(AUDIT_STAMP)
	$(BIN)/pytest $(XDIST) -m "not e2e"

# What CI runs once more against the machine's PostgreSQL server (another major version than the embedded one):
# the migrations up and down, the platform (processes, jobs, backups, the database layer) and the GraphQL layer with
# its compiled SQL. The whole backend suite ran against the embedded server just before; running all of it twice
# took CI past its time budget.
pytest-server: $(PY_STAMP) $(AUDIT_STAMP)
	$(BIN)/pytest $(XDIST) -m "not e2e" tests/test_operations.py tests/test_schema.py tests/core tests/graphql

e2e: $(PY_STAMP) $(DIST) browser
	$(BIN)/pytest tests/e2e

# Benchmarks (not tests): `make bench` compares Rapport with PostGraphile 4 and the SQL floor;
# make bench ARGS="compare --scale large" / ARGS="authz" / ARGS="subscriptions". Needs wrk (apt-get install wrk).
bench: install build
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then apt-get install -y -qq wrk >/dev/null; \
	  else echo "Benchmarks need wrk: apt-get install wrk"; exit 1; fi; }
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	cd bench/postgraphile && npm ci --no-audit --no-fund
	$(BIN)/python -m bench $(or $(ARGS),compare)

clean:
	rm -rf frontend/dist frontend/node_modules tests/graphql/http_audit/node_modules $(VENV) test-output
