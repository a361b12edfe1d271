# `make run` and `make test` set up everything they need on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.14.1
CHROMIUM := /usr/bin/chromium
# WeasyPrint (the wijk folder as PDF) draws text with Debian's pango.
PANGO := /usr/share/doc/libpangoft2-1.0-0
# tests/test_serving.py shares a rate limit between two hosts through a Redis of its own.
REDIS := /usr/bin/redis-server
# benchmarks/match_http.py's clients.
WRK := /usr/bin/wrk
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint lock eval benchmark duplicates-benchmark insight-benchmark http-benchmark load-benchmark staff-load-benchmark import-benchmark soak-benchmark translations clean

# constraints.txt pins every package to the versions the tests last passed with (`make lock`).
$(INSTALLED): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

lock: $(INSTALLED)
	$(BIN)/python -m pip install --quiet --upgrade -e '.[test]'
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^matcher' > constraints.txt

run: $(INSTALLED) $(PANGO)
	$(BIN)/matcher load-sample
	$(BIN)/matcher run --host $(HOST) --port $(PORT)

# The browser tests drive Debian's Chromium with Playwright and check pages with axe-core.
$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

$(REDIS):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server

$(WRK):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk

$(PANGO):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0

$(AXE):
	npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@$(AXE_VERSION)

test: $(INSTALLED) $(CHROMIUM) $(AXE) $(PANGO) $(REDIS)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src
	$(BIN)/python -m pytest -n auto

lint: $(INSTALLED)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

eval: $(INSTALLED)
	$(BIN)/matcher eval --catalogue ../shared/eval/dev_catalogue.csv --personas ../shared/eval/dev_personas.json --honesty ../shared/eval/dev_honesty.json

benchmark: $(INSTALLED)
	$(BIN)/python benchmarks/ranking.py

duplicates-benchmark: $(INSTALLED)
	$(BIN)/python benchmarks/duplicates.py

# Needs a PostgreSQL server (DATABASE_URL; it makes and drops a schema of its own).
insight-benchmark: $(INSTALLED)
	$(BIN)/python benchmarks/insight.py

# POST /api/v1/match at 10,000 activities: gunicorn with 2 workers, 16 wrk connections at once.
http-benchmark: $(INSTALLED) $(WRK)
	$(BIN)/python benchmarks/match_http.py

load-benchmark: $(INSTALLED)
	$(BIN)/python benchmarks/load.py

# 8 consultants on the embedded SQLite database, opening cases and writing: 0 errors allowed.
staff-load-benchmark: $(INSTALLED)
	$(BIN)/python benchmarks/load.py --staff 8 --threads 4

# 10,000 rows new, unchanged and 1 % changed, on SQLite and PostgreSQL (DATABASE_URL; a schema of its own).
import-benchmark: $(INSTALLED)
	$(BIN)/python benchmarks/imports.py

# 10 minutes of residents, consultants and API scripts against matcher serve; memory must stay flat.
soak-benchmark: $(INSTALLED)
	$(BIN)/python benchmarks/soak.py

# Extract the page strings, merge them into every language's catalogue (en, tr, ar, pl, uk: each
# folder in src/matcher/translations), and compile them; docs/web.md says how to add a language.
translations: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location -o messages.pot .
	$(BIN)/pybabel update -i messages.pot -d src/matcher/translations --width 100 --no-fuzzy-matching
	$(BIN)/pybabel compile -d src/matcher/translations
	rm messages.pot

clean:
	rm -rf $(VENV) instance .pytest_cache
