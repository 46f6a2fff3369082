# Two commands on a fresh machine (Python 3.11+ and make only):
#   make run   - set up and serve the demo on http://127.0.0.1:8000 (SQLite, tasks in-process)
#   make test  - install the test tools and run the whole suite with pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-dev lint format migrate seed worker beat benchmark benchmark-import messages clean
.PHONY: load list-pages smoke backup-drill samples

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

install: $(VENV)/.runtime-installed
install-dev: $(VENV)/.dev-installed e2e/node_modules/axe-core/axe.min.js

# The accessibility checker the page tests inject (from the npm registry, pinned by the lock
# file); without npm the tests that need it skip, except under CI=true.
e2e/node_modules/axe-core/axe.min.js: e2e/package.json e2e/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix e2e --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the accessibility checks of e2e/test_every_page.py will skip"; fi

# A developer's machine: settings are production-safe by default (DEBUG off refuses to start
# without real secrets), so the demo writes a local .env (never committed) turning DEBUG on;
# after that, plain `.venv/bin/python manage.py ...` works too. Never run this on a server.
.env:
	printf '# Written by make for a developer machine; never on a server.\nDEBUG=true\n' > .env

migrate: install .env
	$(BIN)/python manage.py migrate --no-input

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed
	@echo "travelmgmt: http://$(HOST)/  (đăng nhập bằng một tài khoản ở trên)"
	$(BIN)/python manage.py runserver $(HOST)

# The suite in parallel (pytest-xdist): one process per logical CPU, each with its own test
# database, Celery queue and media folder (conftest.py). TEST_WORKERS=0: one process.
TEST_WORKERS ?= logical
test: install-dev
	$(BIN)/pytest -n $(TEST_WORKERS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Production-style processes (need CELERY_BROKER_URL): one worker, exactly one beat.
worker: install
	$(BIN)/celery -A travelmgmt worker --loglevel=INFO

beat: install
	$(BIN)/celery -A travelmgmt beat --loglevel=INFO

# The policy check and the daily sweep on a large generated PostgreSQL database (created and
# filled once): the README's "Performance" figures, 50 000 officials and 500 000 trips, 200
# runs. BENCHMARK_ARGS="--officials 5000 --trips 50000 --runs 20" for a quicker look; the
# suite runs the same code tiny (benchmarks/tests/).
# It prints CPU time beside wall time and issue 26's goals with met / not met. Each benchmark
# has a database of its own (benchmark, load, list-pages): one's trips, documents and emails
# never skew another's; none leaves an account active that a later sweep would remind.
BENCHMARK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/travelmgmt_bench
BENCHMARK_ARGS ?= --runs 200
benchmark: install-dev
	DATABASE_URL=$(BENCHMARK_DATABASE_URL) $(BIN)/python benchmarks/policy_check.py --sweep $(BENCHMARK_ARGS)

# The reviewers' queue and the trip lists rendered in-process, each query timed.
LIST_PAGES_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/travelmgmt_pages
list-pages: install-dev
	DATABASE_URL=$(LIST_PAGES_DATABASE_URL) $(BIN)/python benchmarks/list_pages.py $(LIST_PAGES_ARGS)

# The officials import: 10 000 rows, then 100 changes, then unchanged (SQLite unless
# DATABASE_URL is set). IMPORT_BENCHMARK_ARGS e.g. "--format xlsx --rows 20000".
benchmark-import: install-dev
	$(BIN)/python benchmarks/officials_import.py $(IMPORT_BENCHMARK_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 test_db.sqlite3* staticfiles .pytest_cache .ruff_cache

# Refresh the English catalogue from the code (needs gettext), then compile it (polib).
messages: install-dev .env
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=e2e --ignore="*/tests/*" --ignore=benchmarks --no-location
	$(BIN)/python scripts/compile_messages.py

# The production stack under load: gunicorn (DEBUG off, 2 sync workers) on a large
# generated PostgreSQL database of its own (filled once), six requests measured side by side.
# LOAD_ARGS e.g. "--requests 50 --seconds 10" for a quicker run; PORT=8123 for gunicorn's
# port (a free one by default).
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/travelmgmt_load
LOAD_BROKER_URL ?= redis://127.0.0.1:6379/9
PORT ?= 0
load: install
	DATABASE_URL=$(LOAD_DATABASE_URL) CELERY_BROKER_URL=$(LOAD_BROKER_URL) \
	  $(BIN)/python benchmarks/load.py --port $(PORT) $(LOAD_ARGS)

# smoke: the production stack started as it will run (gunicorn, Celery worker and beat, an
# SMTP sink) and driven once (PostgreSQL and Redis). backup-drill: back up the demo database
# and uploads, restore them into a fresh database, compare (PostgreSQL).
smoke: install-dev
	bash scripts/ci_production_smoke.sh

backup-drill: install
	bash scripts/ci_backup_drill.sh

# A signed sample decision (the decider's signature, then the body's seal; PAdES B-LT against
# the loopback test PKI) and its trust root in docs/samples/, validated by pyHanko's CLI with
# no network; its first page as PNG and the validation report beside it (README, "Signatures").
samples: install-dev
	SAMPLES_DIR=docs/samples $(BIN)/pytest -n 0 -p no:randomly -q documents/tests/test_samples.py
	pdftoppm -png -r 80 -f 1 -l 1 -singlefile docs/samples/quyet-dinh-mau.pdf docs/samples/quyet-dinh-mau
	last=$$(pdfinfo docs/samples/quyet-dinh-mau.pdf | awk '/^Pages:/ {print $$2}'); \
	  pdftoppm -png -r 110 -f $$last -l $$last -singlefile -x 455 -y 0 -W 454 -H 520 \
	  docs/samples/quyet-dinh-mau.pdf docs/samples/chu-ky
	$(BIN)/pyhanko sign adesverify --pretty-print --trust docs/samples/trust-root.pem --trust-replace \
	  docs/samples/quyet-dinh-mau.pdf > docs/samples/kiem-tra-chu-ky.txt
	pdfsig docs/samples/quyet-dinh-mau.pdf > docs/samples/pdfsig.txt
