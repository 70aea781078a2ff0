# Two commands do all set-up: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails and the QR code of a sealed verklaring point to the server `make run` starts.
SITE_URL ?= http://$(HOST):$(PORT)
# Django 6.1 needs Python 3.12 or newer; bin/find-python picks one from PATH or pyenv.
PYTHON ?= $(shell bin/find-python)
# Tests run against the real services of the machine (see README "Development").
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/praktijkleren
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15
# Two workers (the machine's two cores); the tenancy matrix is one test per URL and method, so it
# spreads over both.
PYTEST_ARGS ?= -n 2
# The apps, lowest layer first (docs/architecture.md).
APPS := praktijkleren pilots kwalificaties erkenningen deelnemers intake trajecten ondertekening overeenkomsten verklaringen leerbanen monitoring werkvoorraad portaal

# The lock files (docs/operations.md "Dependencies"): requirements/dev.txt (with the dev extra) for
# `make install` and CI, requirements/prod.txt for the Docker image; exact versions with hashes,
# for Python 3.12+ on any platform. `make lock` regenerates them from pyproject.toml, keeping the
# pinned versions that still fit; `make lock LOCK_ARGS=--upgrade` moves everything to the newest.
LOCK_ARGS ?=
UV_COMPILE := $(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.12 \
	--generate-hashes --quiet --custom-compile-command "make lock" $(LOCK_ARGS)

.PHONY: run test install lock migrate demo lint format typecheck messages clean bench

$(VENV)/.installed: requirements/dev.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "No Python >= 3.12 found (set PYTHON=/path/to/python3.12)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

lock:
	@test -n "$(PYTHON)" || test -x $(PY) || { echo "No Python >= 3.12 found (set PYTHON=/path/to/python3.12)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet uv
	$(UV_COMPILE) --extra dev -o requirements/dev.txt
	$(UV_COMPILE) -c requirements/dev.txt -o requirements/prod.txt

migrate: install
	DJANGO_SETTINGS_MODULE=praktijkleren.settings.dev $(PY) manage.py migrate --noinput

demo: migrate
	SITE_URL=$(SITE_URL) DJANGO_SETTINGS_MODULE=praktijkleren.settings.dev $(PY) manage.py seed_demo

run: demo
	@echo "Serving http://$(HOST):$(PORT)/ (demo accounts: see README.md)"
	SITE_URL=$(SITE_URL) DJANGO_SETTINGS_MODULE=praktijkleren.settings.dev $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	bin/ensure-services
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	$(PY) -m pytest $(PYTEST_ARGS)

# The national benchmark (bench/README.md): 100 times the national evaluation, about ten minutes,
# in a throw-away database beside DATABASE_URL's. BENCH_ARGS=--quick: scale 1, about a minute.
BENCH_ARGS ?= --growth
bench: install
	bin/ensure-services
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(TEST_BROKER_URL)} \
	$(PY) bench/national.py $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: install
	$(VENV)/bin/mypy $(APPS)

messages: install
	$(PY) manage.py makemessages -l nl -l en --no-obsolete --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=test-artifacts
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 media/ staticfiles/
