# Tutori: `make demo` serves the demo, `make test` runs every check. Both make .venv first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | sha1sum | cut -c1-12)
TEST_STAMP := $(VENV)/.installed-test-$(shell cat pyproject.toml requirements.lock requirements-test.lock | sha1sum | cut -c1-12)

.PHONY: demo test lint typecheck pytest pytest-postgres messages compilemessages chromium pango bench bench-smoke clean lock

# What Tutori runs on: exactly what requirements.lock pins (the runtime and the build
# back-end), every file checked against its hash; then Tutori itself, built with the locked
# setuptools. The demo needs nothing more.
$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The test tools besides: requirements-test.lock pins the test extras, resolved within the
# runtime lock's pins (so the two never disagree), again every file by its hash.
$(TEST_STAMP): $(STAMP) requirements-test.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock -r requirements-test.lock
	touch $(TEST_STAMP)

# Both locks again from pyproject.toml, after a dependency changed (pins that still fit are
# kept; `make lock LOCK_ARGS=--upgrade` takes the newest of everything): the runtime and the
# build back-end first, then the test extras constrained by it. pip-tools is a tool of this
# target only, never a dependency of Tutori.
LOCK_ARGS ?=
LOCK_OPTIONS = --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
  --no-emit-find-links $(LOCK_ARGS)
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip-tools==7.6.2
	$(BIN)/pip-compile $(LOCK_OPTIONS) --all-build-deps -o requirements.lock pyproject.toml
	$(BIN)/pip-compile $(LOCK_OPTIONS) --extra test -c requirements.lock \
	  -o requirements-test.lock pyproject.toml

compilemessages: $(STAMP)
	$(BIN)/tutori compile_translations -v 0

demo: $(STAMP) compilemessages pango
	$(BIN)/tutori demo

# Debian's chromium for the browser tests, wrk for the benchmark (and its smoke run in the
# suite), hey for ad-hoc load by hand.
chromium:
	@{ test -x /usr/bin/chromium && command -v hey >/dev/null && command -v wrk >/dev/null; } || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core hey wrk >/dev/null; }

# Debian's Pango and DejaVu fonts: WeasyPrint draws the completion certificates' PDF with them.
pango:
	@{ ls /usr/lib/*/libpangoft2-1.0.so.0 >/dev/null 2>&1 && test -d /usr/share/fonts/truetype/dejavu; } || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }

lint: $(TEST_STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

typecheck: $(TEST_STAMP)
	$(BIN)/mypy tutori

pytest: $(TEST_STAMP) compilemessages chromium pango
	$(BIN)/pytest -n 2 --dist loadgroup

# CI sets TEST_POSTGRES_URL; the whole suite then runs a second time on PostgreSQL.
pytest-postgres: $(TEST_STAMP) compilemessages chromium pango
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
	  echo "== pytest on PostgreSQL"; DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/pytest -n 2 --dist loadgroup; \
	else echo "== TEST_POSTGRES_URL not set: PostgreSQL run skipped"; fi

test: lint typecheck pytest pytest-postgres

# The benchmark: SCALE=small|municipal|national, DB=sqlite|postgres (BENCH_POSTGRES_URL);
# PEER=pretix also measures pretix, installed into its own venv (bench/peer_pretix.py).
SCALE ?= small
DB ?= sqlite
PEER ?=
bench: $(STAMP) compilemessages
	$(BIN)/python bench/run.py --scale $(SCALE) --db $(DB)$(if $(PEER), --peer $(PEER))

bench-smoke: $(STAMP) compilemessages
	$(BIN)/python bench/run.py --smoke

messages: $(STAMP)
	cd tutori && ../$(BIN)/django-admin makemessages -l fi -l sv -l en --no-obsolete --ignore=.venv -v 0
	$(BIN)/tutori fill_source_language

clean:
	rm -rf $(VENV) var/static
