# One command each: `make run` starts the application, `make test` runs the whole suite.
# Both build .venv from this project's own files first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	touch $(STAMP)

run: $(STAMP)
	tools/ensure-qt-libs.sh
	$(BIN)/fangpin

lint: $(STAMP)
	$(BIN)/ruff check app tests bench resources docs

test: $(STAMP) lint
	tools/ensure-qt-libs.sh
	tools/ensure-postgresql.sh
	tools/ensure-test-tools.sh
	$(BIN)/python -m pytest -n 2

bench: $(STAMP)
	$(BIN)/python bench/store.py

clean:
	rm -rf $(VENV)

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/screenshots/make_screenshots.py
