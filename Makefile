# The two commands of the README: `make run` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make run` needs the bot (the demo included) only, no test tools: its own, smaller install.
RUN_STAMP := $(VENV)/.installed-run

CHROMIUM := /usr/bin/chromium
# Root installs directly (CI); anyone else through sudo.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: run demo test lint typecheck unit bench bench-scale clean chromium screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP) $(RUN_STAMP)

$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(RUN_STAMP)

# With BOT_TOKEN (in .env or the environment): the bot. Without: on a developer's machine
# (a terminal, BUDAYA_ENV not production) says so, then the demo; on a server, fails.
run: $(RUN_STAMP)
	$(BIN)/budaya-bot run --demo-if-no-token

# The bot with an emulated Telegram and a chat page on 127.0.0.1 (prints the address).
demo: $(RUN_STAMP)
	$(BIN)/budaya-bot demo

# Debian's Chromium for the demo's browser test (tests/test_demo_browser.py); no browser
# download. apt-get update only when the package lists are too old to install it.
chromium:
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian's chromium for the browser test"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $(SUDO) apt-get install -y --no-install-recommends chromium \
	  || { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends chromium; }; \
	}

# The README's screenshots (docs/demo-*.png), taken by the browser test; Telegram's emoji
# need a color emoji font.
screenshots: $(STAMP) chromium
	@fc-list | grep -qi "color emoji" || $(SUDO) apt-get install -y --no-install-recommends fonts-noto-color-emoji
	DEMO_SCREENSHOTS=docs $(BIN)/pytest -q tests/test_demo_browser.py

lint: $(STAMP)
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# Four workers for most tests (they mostly wait on sockets and the database), then the
# tests that time real processes or drive a browser, apart from that load: two files at a
# time, each file on one worker (one browser). Both database engines (tests/engines.py
# says which ran).
unit: $(STAMP) chromium
	$(BIN)/pytest -q -n 4 -m "not serial"
	$(BIN)/pytest -q -n 2 --dist loadfile -m serial

test: lint typecheck unit

# Daily delivery at scale: 10,000 people through the fake Bot API capped at 200 msg/s,
# clean and with 429s + 5% 5xx (bench/run.py); about two minutes. Then people using the
# bot while it sends, 100 ms per Bot API call, the outbox beside the sequential path: the
# morning rush (2,000 taps in 60 s) and mixed traffic (a 10,000-person broadcast with
# commands meanwhile) (bench/traffic.py); about six minutes. Then the summaries over
# 10,000 people and a year of check-ins (bench/reports_bench.py); about a minute.
bench: $(STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.traffic
	$(BIN)/python -m bench.reports_bench

# Many Pemda on PostgreSQL (the server of $$BENCH_DATABASE_URL, by default the local one):
# 20 Pemda of 1,000 people, a bot each capped at 30 msg/s, two `budaya-bot run` workers; a
# clean morning, then one with a worker killed mid-broadcast (bench/scale.py); then
# /laporan semester over 2.3 M check-ins (bench/reports_bench.py). About five minutes.
bench-scale: $(STAMP)
	$(BIN)/python -m bench.scale

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
