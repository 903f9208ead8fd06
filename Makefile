# Size Up — the two commands of the README, and a few more for contributors.
#   make demo   creates the environment (.venv) and runs the curriculum on the default sample
#   make test   creates the environment and runs the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.sizeup-installed

.PHONY: demo test env exercises samples benchmarks golden lint clean

demo: $(STAMP)
	$(BIN)/sizeup demo

test: $(STAMP)
	@sh tools/ensure-chromium.sh
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

env: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (Size Up)" >/dev/null
	touch $(STAMP)

exercises: $(STAMP)
	$(BIN)/sizeup exercises

samples: $(STAMP)
	$(BIN)/python -m tools.samplegen

benchmarks: $(STAMP)
	$(BIN)/python -m benchmarks

golden: $(STAMP)
	$(BIN)/python tools/update_golden.py

clean:
	rm -rf $(VENV) sorties .pytest_cache
