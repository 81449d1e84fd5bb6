# thidua: `make run` starts the demo at http://127.0.0.1:8000, `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SCALE  ?= small
export HOST PORT

STAMP := $(VENV)/.installed

.PHONY: install run test test-sqlite lint bench loadtest messages clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@mkdir -p var
	$(BIN)/thidua migrate --noinput
	$(BIN)/thidua demo --if-empty
	$(BIN)/thidua serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	@scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	@mkdir -p var/bench
	$(BIN)/python -m bench --scale $(SCALE)

# 50 signed-in clerks against the production server for LOAD_SECONDS (60) on a province-scale database:
# SQLite by default, PostgreSQL when DATABASE_URL names one; results in var/bench/load.json.
loadtest: $(STAMP)
	@mkdir -p var/bench
	$(BIN)/python -m bench.load

messages: $(STAMP)
	cd src/thidua && ../../$(BIN)/thidua makemessages -l vi --no-location --no-obsolete && ../../$(BIN)/thidua compilemessages -l vi

clean:
	rm -rf $(VENV) var/static .pytest_cache
