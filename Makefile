# Layanan Konsultasi — everything a fresh machine needs starts here.
#   make run    the whole system on SQLite at http://127.0.0.1:8000 (web server + task worker);
#               another port with `make run PORT=8101`
#   make test   every test, on SQLite and again on PostgreSQL, with coverage
#   make check  ruff, mypy, the import contracts, migrations up to date, then make test
#   make bench  benchmarks at 1,000,000 consultations on SQLite and PostgreSQL (SIZE=quick: 50,000)

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PORT ?= 8000
SIZE ?= full
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bench_$(SIZE)
BENCH_LABEL ?=

.PHONY: run test test-sqlite test-postgres check lint typecheck contracts migrations-check venv chromium dovecot clean bench

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

var/secret_key:
	mkdir -p var
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key

run: venv var/secret_key
	DJANGO_SECRET_KEY="$$(cat var/secret_key)" DJANGO_DEBUG=1 PORT=$(PORT) bin/run-office

# The browser tests drive Debian's chromium (Playwright cannot download browsers here). Installed
# once when missing; without root it says so and the browser tests skip (under CI=true they fail).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	      || { echo "!! could not install chromium"; [ "$${CI:-}" != true ]; }; \
	  else \
	    echo "!! chromium is missing and this is not root: the browser tests will be skipped"; \
	  fi; }

# The inbound-mail tests read a real IMAP server: Debian's dovecot, started by the tests on a
# free loopback port (never as a system service). Installed like chromium.
dovecot:
	@command -v dovecot >/dev/null 2>&1 || test -x /usr/sbin/dovecot || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's dovecot-imapd for the inbound-mail tests"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null; } \
	      || { echo "!! could not install dovecot-imapd"; [ "$${CI:-}" != true ]; }; \
	  else \
	    echo "!! dovecot is missing and this is not root: the inbound-mail tests will be skipped"; \
	  fi; }

test: venv chromium dovecot
	bin/run-tests

test-sqlite: venv chromium dovecot
	bin/run-tests sqlite

test-postgres: venv chromium dovecot
	bin/run-tests postgres

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	DJANGO_DEBUG=1 $(BIN)/mypy konsultasi

contracts: venv
	$(BIN)/lint-imports

migrations-check: venv
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

check: lint typecheck contracts migrations-check test

# Generates the data set once per database (reused afterwards), measures, and writes
# var/bench/latest.json and a table at the end of bench/RESULTS.md. See bench/README.md.
bench: venv
	$(BIN)/python bench/run.py --size $(SIZE) --postgres-url $(BENCH_DATABASE_URL) --label "$(BENCH_LABEL)"

clean:
	rm -rf $(VENV) var/static .coverage htmlcov
