# Only Python (>= 3.11) and make are needed: every target creates .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test bench install install-test examples clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# A regular (non-editable) install: tests run against what users get from `pip install .`.
install: $(BIN)/python
	$(BIN)/python -m pip install --quiet ".[pdf]"

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet ".[test,pdf]"

demo: install
	$(BIN)/ctglint check examples/ ; test $$? -le 1

test: install-test
	cd tests && ../$(BIN)/python -m pytest -p no:cacheprovider

bench: install-test
	$(BIN)/python bench/run.py

# Regenerate the .docx examples from the .txt ones (needs LibreOffice: soffice).
examples: install
	$(BIN)/python scripts/make_examples.py

clean:
	rm -rf $(VENV) build *.egg-info
