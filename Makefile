# 科技台账 — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# System packages: what the app needs to run (PDF rendering, CJK fonts) and what the tests add.
RUNTIME_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-arphic-gkai00mp
TEST_PACKAGES := chromium poppler-utils
HOST ?= 127.0.0.1
# make run serves as a bureau's own machine would (DEBUG off); runserver keeps the dev settings.
RUN_SETTINGS ?= bureau.settings.local
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= bureau.settings.dev

.PHONY: help setup setup-test run test lint pytest bench clean

help: ## List the documented targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup: ## Install system packages (when root) and the pinned Python packages into .venv
	@bash scripts/ensure-packages.sh $(RUNTIME_PACKAGES)
	@$(MAKE) --no-print-directory $(VENV)/.installed

setup-test: setup ## setup, plus Chromium and poppler for the browser and PDF tests
	@bash scripts/ensure-packages.sh $(TEST_PACKAGES)

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: run 'apt-get install python3-venv' as root"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $@

run: setup ## Set up, migrate, load the 2023 demo ledger if empty, and serve on http://127.0.0.1:8000
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py load_demo --if-empty
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "科技台账 running on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	TZ=Asia/Shanghai $(VENV)/bin/gunicorn bureau.wsgi --env DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) --bind $(HOST):$(PORT) --workers 2 --timeout 120 --access-logfile -

lint: setup ## ruff lint and format check, import-linter's layer contracts, Django system check, missing migrations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=bureau.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=bureau.settings.test $(PY) manage.py makemigrations --check --dry-run

pytest: setup-test ## The pytest suite only (honours DATABASE_URL)
	DJANGO_SETTINGS_MODULE=bureau.settings.test $(VENV)/bin/pytest $(PYTEST_ARGS)

test: setup-test lint pytest ## Everything CI runs: setup, ruff, check, makemigrations --check, pytest with browser tests

bench: setup ## The benchmark (quick form); see README
	$(PY) manage.py bench --quick

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var
