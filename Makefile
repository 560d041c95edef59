# The two commands of the README: `make run` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/budaya-bot run

lint: $(STAMP)
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck unit

# Daily delivery at scale: 10,000 people through the fake Bot API capped at 200 msg/s,
# clean and with 429s + 5% 5xx (bench/run.py); about two minutes. Then the summaries over
# 10,000 people and a year of check-ins (bench/reports_bench.py); about a minute.
bench: $(STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.reports_bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
