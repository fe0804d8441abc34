# The commands README.md and CI use. `make run` and `make test` do all set-up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall whenever either requirements file changes.
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/var/bench.sqlite3

.PHONY: run test lint format worker bench messages migrate seed

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

# A developer's local settings: DEBUG on, SQLite, Celery eager. Real environment variables win.
.env:
	printf 'DEBUG=1\n' > .env

var:
	mkdir -p var

# Compiles the English translation when there is one and gettext is installed; Vietnamese needs nothing.
# msgfmt directly, not Django's compilemessages: it needs no settings, so it works on a fresh clone.
messages:
	@if ! command -v msgfmt >/dev/null; then \
		echo "gettext (msgfmt) is not installed: the English translation is not compiled, Vietnamese works."; \
	else for po in $$(find locale -name '*.po' 2>/dev/null); do msgfmt --check -o "$${po%.po}.mo" "$$po" || exit 1; done; fi

migrate: $(STAMP) .env | var
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed messages
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: $(STAMP) .env
	$(BIN)/celery -A thidua worker --loglevel=INFO --concurrency=2

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(STAMP) messages
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=thidua.test_settings $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# `manage.py bench` builds its own world in BENCH_DATABASE_URL, serves it with gunicorn and prints the figures.
bench: $(STAMP) .env | var
	DATABASE_URL='$(BENCH_DATABASE_URL)' $(BIN)/python manage.py bench
