# The two commands in the README are the contract: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for the suites that can run in parallel (the browser suite runs alone).
TEST_WORKERS ?= 2

.PHONY: demo demo-es test lint install assets migrate run check-deploy clean elasticsearch s3

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/localoffer/main.css: node_modules/.installed frontend/build.mjs $(shell find frontend -type f)
	node frontend/build.mjs

install: $(VENV)/.installed node_modules/.installed

assets: install build/static/localoffer/main.css

migrate: install
	$(MANAGE) migrate --noinput

# Set up and serve the site with demo data on the embedded default (SQLite), with a task worker.
demo: assets migrate
	$(MANAGE) load_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C stops the web server and the task worker)"
	@$(SERVE_WITH_WORKER) --noreload

# The worker logs two lines per task; the first demo load queues about 1,150 of Wagtail's reference-index
# tasks, which would bury the demo accounts. Show only what is not a task starting or succeeding
# (failures, retries, the worker's own messages). Bash process substitution keeps $$! the worker's pid.
QUIET_WORKER = > >(grep --line-buffered -v -E ' state=(RUNNING|SUCCESSFUL)$$') 2>&1

# The task worker in the background, the web server in the foreground. Ctrl-C stops the server; on any
# exit the shell then stops the worker (a background job ignores SIGINT) and waits for it to finish.
SERVE_WITH_WORKER = DEBUG=1 $(MANAGE) db_worker --interval 1 --no-reload $(QUIET_WORKER) & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	  DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

run: assets
	@$(SERVE_WITH_WORKER)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# A local Elasticsearch node for the contract tests (scripts/elasticsearch.sh: fetched once from Maven
# Central into .cache/elasticsearch, run as a non-root user on 127.0.0.1:9250). Skipped when
# ELASTICSEARCH_TEST_URL already names a node.
elasticsearch:
	@if [ -z "$$ELASTICSEARCH_TEST_URL" ]; then scripts/elasticsearch.sh start; fi

# The demo on Elasticsearch instead of the database backend: its own node on port 9251.
DEMO_ES_URL = http://127.0.0.1:9251
demo-es: assets migrate
	ES_PORT=9251 scripts/elasticsearch.sh start
	$(MANAGE) load_demo
	ELASTICSEARCH_URL=$(DEMO_ES_URL) $(MANAGE) search_index rebuild
	@echo "Serving on http://$(HOST):$(PORT)/ with Elasticsearch at $(DEMO_ES_URL); ES_PORT=9251 scripts/elasticsearch.sh stop stops the node"
	@export ELASTICSEARCH_URL=$(DEMO_ES_URL); DEBUG=1 $(MANAGE) db_worker --interval 1 --no-reload $(QUIET_WORKER) & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	  DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT) --noreload

# The S3-compatible store for the object-storage tests (scripts/s3.sh: S3Proxy fetched once from Maven
# Central into .cache/s3proxy, on 127.0.0.1:9360). Skipped when S3_TEST_URL already names one.
s3:
	@if [ -z "$$S3_TEST_URL" ]; then scripts/s3.sh start; fi

# Set up and run the whole suite: lint, Django's checks, migrations up to date, then pytest
# (including the Elasticsearch contract tests and the browser tests).
test: assets lint elasticsearch s3
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.production SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" ALLOWED_HOSTS=localoffer.example $(MANAGE) check --deploy --fail-level WARNING
	@# Two workers for everything but the browser suite, whose live servers and Chromium run one at a time.
	ELASTICSEARCH_TEST_URL=$${ELASTICSEARCH_TEST_URL:-$$(scripts/elasticsearch.sh url)} $(BIN)/pytest -m "not stack and not browser" -n $(TEST_WORKERS) $(PYTEST_ARGS)
	ELASTICSEARCH_TEST_URL=$${ELASTICSEARCH_TEST_URL:-$$(scripts/elasticsearch.sh url)} $(BIN)/pytest -m browser $(PYTEST_ARGS)
	@# The multi-server stack (nginx, two gunicorns, PostgreSQL, Elasticsearch, worker, S3) runs once, here:
	@# it starts its own servers on other ports, so it is independent of the database the suite above used.
	$(BIN)/pytest -m stack tests/stack $(PYTEST_ARGS)
	@# With TEST_POSTGRES_URL set (CI sets it), everything that talks to the database runs again on
	@# PostgreSQL, the production database. The browser and stack suites exercise the same code through a
	@# browser or a load balancer and run once, above, so CI stays well inside its time budget.
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
	  echo "== pytest on PostgreSQL ($$TEST_POSTGRES_URL), browser and stack suites excluded"; \
	  DATABASE_URL=$$TEST_POSTGRES_URL $(MANAGE) makemigrations --check --dry-run && \
	  DATABASE_URL=$$TEST_POSTGRES_URL ELASTICSEARCH_TEST_URL=$${ELASTICSEARCH_TEST_URL:-$$(scripts/elasticsearch.sh url)} \
	    $(BIN)/pytest -m "not browser and not stack" -n $(TEST_WORKERS) $(PYTEST_ARGS); \
	fi

clean:
	rm -rf build staticfiles node_modules $(VENV)
