# Liên hiệp — every entry point. `make demo` and `make test` are the two a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
# Python 3.12: pyenv's (selected by .python-version) or any python3.12 on the PATH.
PY312  ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.12.*/bin/python3.12) $(shell command -v python3.12 2>/dev/null))
HOST   ?= 127.0.0.1
PORT   ?= 8000
DEMO_ENV := DEBUG=0 SECRET_KEY=demo-only-secret-key-not-for-production-use-0123456789abcdef

.PHONY: help demo demo-reset serve setup install system-deps messages makemessages migrate seed static \
        test suite test-db test-fast test-browser shots lint format bench lock clean prod-check backup restore

help: ## List every target
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

demo: setup migrate seed static ## Set everything up, load the demo data and serve it at http://127.0.0.1:8000
	@$(MAKE) --no-print-directory logins
	@# The background worker (imports, later reports) runs beside the web server and stops with it.
	$(DEMO_ENV) $(PY) manage.py db_worker --interval 1 --no-startup-delay & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(DEMO_ENV) $(PY) manage.py runserver --noreload $(HOST):$(PORT)

demo-reset: ## Delete the demo database and start over with fresh demo data
	rm -f var/lienhiep.sqlite3 var/lienhiep.sqlite3-wal var/lienhiep.sqlite3-shm
	@$(MAKE) --no-print-directory demo

logins:
	@echo ""
	@echo "  Liên hiệp demo: http://$(HOST):$(PORT)   (password for every account: lienhiep-demo)"
	@echo "    admin             system administrator"
	@echo "    vusta.canbo       union officer, national union (VUSTA)"
	@echo "    hatinh.canbo      union officer, Hà Tĩnh provincial union"
	@echo "    hatinh.lanhdao    leader (read only), Hà Tĩnh provincial union"
	@echo "    trungluong.thuky  secretary, Hội KH&KT phường Trung Lương (Hồng Lĩnh)"
	@echo "    bacninh.canbo     union officer, Bắc Ninh provincial union"
	@echo "    bacninh.lanhdao   leader (read only), Bắc Ninh provincial union"
	@echo "    bacninh.thuky     secretary, Hội Luật gia tỉnh Bắc Ninh"
	@echo "    hatinh.chuyengia  expert on Hà Tĩnh's list: no role, sees only the dossiers assigned to her"
	@echo "    hatinh.giamkhao   juror of Hà Tĩnh's 2026 contest: no role, scores only the entries on her sheet"
	@echo "    khach             no role (sees nothing)"
	@$(DEMO_ENV) $(PY) manage.py demo_codes
	@echo ""

setup: install messages ## Create the virtualenv, install Python and front-end packages, compile translations

install: $(VENV)/.installed node_modules/.installed

# A developer's venv has the test and lint tools too; a server installs requirements.txt alone (docs/deploy.md).
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PY312)" || { echo "Python 3.12 not found (pyenv install 3.12.1, or put python3.12 on PATH)"; exit 1; }
	test -x $(PY) || $(PY312) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# A git worktree may link node_modules to another checkout's: `npm ci` would empty that checkout's packages.
node_modules/.installed: package.json package-lock.json
	@if [ -L node_modules ]; then echo "node_modules links to $$(readlink node_modules): run 'npm ci' there."; exit 1; fi
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

SYSTEM_PACKAGES := chromium chromium-headless-shell fonts-liberation2 gettext poppler-utils libreoffice-writer-nogui

system-deps: ## Install Chromium, Vietnamese fonts, gettext, pdftotext and LibreOffice (reports as PDF) for the tests (Debian, as root), if missing
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromium-headless-shell ] || ! command -v xgettext >/dev/null || ! command -v pdftotext >/dev/null || ! command -v soffice >/dev/null || ! fc-list 2>/dev/null | grep -qi "Liberation Sans"; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null 2>&1 || \
	     (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null)); \
	  else echo "Install Debian's $(SYSTEM_PACKAGES) for the tests."; exit 1; fi; \
	fi

messages: $(VENV)/.installed ## Compile the translation catalogues (.po -> .mo)
	@$(VENV)/bin/pybabel compile -q -d locale -D django --use-fuzzy 2>/dev/null || $(VENV)/bin/pybabel compile -d locale -D django

makemessages: ## Update locale/vi/LC_MESSAGES/django.po from the code (needs GNU gettext)
	DJANGO_SETTINGS_MODULE=config.settings_test $(PY) manage.py makemessages -l vi -l en --no-obsolete --no-location --ignore=node_modules --ignore=.venv --ignore=staticfiles
	DJANGO_SETTINGS_MODULE=config.settings_test $(PY) manage.py makemessages -d djangojs -l vi --no-obsolete --no-location --ignore=node_modules --ignore=.venv --ignore=staticfiles || true

migrate: setup ## Apply database migrations
	@mkdir -p var
	$(DEMO_ENV) $(PY) manage.py migrate --no-input -v 0

seed: migrate ## Load the demo data (keeps what is there)
	$(DEMO_ENV) $(PY) manage.py seed_demo

static: setup
	$(DEMO_ENV) $(PY) manage.py collectstatic --no-input -v 0

# The lint runs beside the migration of the test databases' template (tests/testdb.py) and the suite: mypy keeps one
# core for most of a minute, which the suite would otherwise wait for. Either failing fails `make test`.
test: setup system-deps ## Set everything up, lint, and run the whole suite (browser tests included)
	@$(MAKE) --no-print-directory -j 2 lint suite

# Three workers on a 2-core machine: a worker waiting on Chromium, the live server or PostgreSQL leaves a core idle
# that the third one uses (docs/benchmarks.md, session 16 and 17: both passes measured with two and three).
WORKERS ?= 3

suite: test-db ## The whole suite alone, browser tests included (no setup, no lint: CI's second database)
	$(PY) -m pytest -q -n $(WORKERS) --dist loadgroup

test-db: ## Migrate the test databases' template now (the suite copies it; made again when the code changes)
	$(PY) -m tests.testdb

test-browser: setup system-deps ## The browser journeys alone (headless Chromium)
	$(PY) -m pytest -q -n $(WORKERS) -m browser

shots: setup system-deps ## The browser journeys, writing their screenshots to test-artifacts/<test file>/ (the suite takes none)
	LIENHIEP_SHOTS=1 $(PY) -m pytest -q -n $(WORKERS) -m browser

test-fast: setup ## The suite without the browser tests
	$(PY) -m pytest -q -n $(WORKERS) -m "not browser"

lint: $(VENV)/.installed ## ruff (format + lint), mypy, makemigrations --check, import-linter (needs no front-end packages)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy lienhiep config
	DJANGO_SETTINGS_MODULE=config.settings_test $(PY) manage.py makemigrations --check --dry-run -v 1
	$(VENV)/bin/lint-imports --no-cache

format: setup ## Format and auto-fix the code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The production settings from an environment file (a server's: ENV_FILE=/etc/lienhiep/lienhiep.env), read as
# systemd reads it (core/env.py), then Django's deploy checks and ours (core/checks.py): any warning fails.
ENV_FILE ?= .env
prod-check: ## Check a production configuration (ENV_FILE, default .env): check --deploy, failing on any warning
	@test -f "$(ENV_FILE)" || { echo "$(ENV_FILE) not found: copy .env.example and edit it, or set ENV_FILE=…"; exit 1; }
	$(PY) -m lienhiep.core.env "$(ENV_FILE)" manage.py check --deploy --fail-level WARNING

backup: ## Back up the database and the private files into BACKUP_DIR, then rotate (docs/backup.md)
	$(PY) manage.py backup

restore: ## Restore an archive into an empty instance: make restore FILE=var/backups/lienhiep-….tar[.age] (docs/backup.md)
	@test -n "$(FILE)" || { echo "Say which archive: make restore FILE=path/to/lienhiep-<time>.tar[.age]"; exit 1; }
	$(PY) manage.py restore "$(FILE)" $(if $(FORCE),--force)

bench: setup ## Run the benchmarks (see docs/benchmarks.md)
	$(PY) bench/tree.py

LOCK := /tmp/lienhiep-lock
lock: ## Re-pin requirements.txt (production, from requirements.in) and requirements-dev.txt (from requirements-dev.in)
	rm -rf $(LOCK) && $(PY312) -m venv $(LOCK)
	$(LOCK)/bin/pip install --quiet -r requirements.in
	( echo "# Production, fully pinned (generated by \`make lock\` from requirements.in). Do not edit by hand."; \
	  $(LOCK)/bin/pip freeze ) > requirements.txt
	$(LOCK)/bin/pip install --quiet -r requirements-dev.in -c requirements.txt
	( echo "# Development and tests: production's pins plus the test and lint tools, fully pinned (generated by"; \
	  echo "# \`make lock\` from requirements-dev.in). Do not edit by hand."; \
	  echo "-r requirements.txt"; \
	  $(LOCK)/bin/pip freeze | grep -vxF -f <(grep -v '^#' requirements.txt) ) > requirements-dev.txt

clean: ## Remove the virtualenv, node_modules and collected static files (keeps the database)
	rm -rf $(VENV) node_modules staticfiles
