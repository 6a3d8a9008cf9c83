# Two commands on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
# Local development: DEBUG on unless the caller says otherwise (production sets SECRET_KEY).
export DEBUG ?= true

.PHONY: run test install system-deps frontend migrate demo lint format bench clean

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c requirements.lock -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/app.css: node_modules/.installed static/scss/app.scss static/scss/copy-assets.mjs
	npm run --silent build

frontend: static/build/app.css

system-deps:
	bash scripts/system-deps.sh

install: system-deps $(VENV)/.installed frontend

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Parallel: one pytest-xdist worker per core (its own test database, live server, Chromium and
# cache key prefix); TEST_WORKERS=0 runs serially. loadgroup keeps @xdist_group tests together.
TEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -q -p no:randomly -n $(TEST_WORKERS) --dist loadgroup --durations=15

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules static/build staticfiles db.sqlite3
