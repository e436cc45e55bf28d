# reportgen — the two commands of the README, and their parts.
#   make demo   install what is missing, then build the default documents into output/
#   make test   install the test dependencies too, then run the whole suite
#   make bench  install the benchmark's baseline (docxtpl; LibreOffice), then time everything

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUTPUT := output

.PHONY: demo test lint bench system system-test venv venv-test venv-bench clean

demo: system venv
	$(BIN)/reportgen validate
	$(BIN)/reportgen batch -o $(OUTPUT)

test: system-test venv-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest

bench: system-test venv-bench
	$(BIN)/python bench/run.py

lint: venv-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

system:
	bash scripts/install-system-packages.sh run

system-test:
	bash scripts/install-system-packages.sh test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.stamp-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.stamp-run $@

$(VENV)/.stamp-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $(VENV)/.stamp-run $@

venv: $(VENV)/.stamp-run

venv-test: $(VENV)/.stamp-test

venv-bench: $(VENV)/.stamp-bench

clean:
	rm -rf $(VENV) $(OUTPUT)/*.pdf $(OUTPUT)/*.docx $(OUTPUT)/*.html
