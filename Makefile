# Two commands on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
# Local development: DEBUG on unless the caller says otherwise (production sets SECRET_KEY).
export DEBUG ?= true

.PHONY: run test install system-deps frontend migrate demo lint format bench clean lock mutation screens

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

# Regenerate requirements.lock from pyproject.toml (see README, "Upgrading dependencies").
# From PyPI alone (no local mirror or config), so every file PyPI has for a pin is hashed.
lock: $(VENV)/.installed
	env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null $(VENV)/bin/pip-compile -q $(LOCK_ARGS) \
	  --generate-hashes --allow-unsafe --all-build-deps --extra test --strip-extras \
	  -o requirements.lock pyproject.toml

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

# Each role's home page at 1,280 and 375 px, against the demo, into docs/screens/ (README).
screens: install
	CSCP_SCREENS=1 $(PY) -m pytest -q -n0 tests/journeys/test_screens.py

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Parallel: one pytest-xdist worker per core (its own test database, live server, Chromium and
# cache key prefix); TEST_WORKERS=0 runs serially. loadgroup keeps @xdist_group tests together.
TEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadgroup --durations=15

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# mypy + django-stubs over services, selectors and report contributions (files: pyproject's
# [tool.mypy], by glob; decision 0014). Incremental: a warm run takes seconds.
.PHONY: typecheck
typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

# Mutation testing of the rule modules, each against its own few test files (README).
mutation: install
	bash scripts/mutation.sh $(MODULES)

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules static/build staticfiles db.sqlite3
