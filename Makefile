# `make run` and `make test` set up everything they need on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint eval benchmark clean

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(INSTALLED)
	$(BIN)/matcher load-sample
	$(BIN)/matcher run --host $(HOST) --port $(PORT)

test: $(INSTALLED)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src
	$(BIN)/python -m pytest

lint: $(INSTALLED)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

eval: $(INSTALLED)
	$(BIN)/matcher eval --catalogue ../shared/eval/dev_catalogue.csv --personas ../shared/eval/dev_personas.json

benchmark: $(INSTALLED)
	$(BIN)/python benchmarks/ranking.py

clean:
	rm -rf $(VENV) instance .pytest_cache
