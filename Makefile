# Size Up — the two commands of the README, and a few more for contributors.
#   make demo   creates the environment (.venv) and runs the curriculum on the default sample
#   make test   creates the environment and runs the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.sizeup-installed
# Binder's Jupyter settings (jupyter-config/, copied by postBuild there), in the venv too:
# menus in French, idle kernels culled only once their page is closed, no news pop-up.
JUPYTER_SETTINGS := $(VENV)/etc/jupyter/jupyter_server_config.d/sizeup.json \
                    $(VENV)/etc/jupyter/labconfig/page_config.json \
                    $(VENV)/share/jupyter/lab/settings/overrides.json

.PHONY: demo test env exercises samples benchmarks golden lint clean

demo: $(STAMP) $(JUPYTER_SETTINGS)
	$(BIN)/sizeup demo

test: $(STAMP) $(JUPYTER_SETTINGS)
	@sh tools/ensure-chromium.sh
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

env: $(STAMP) $(JUPYTER_SETTINGS)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (Size Up)" >/dev/null
	touch $(STAMP)

$(VENV)/etc/jupyter/jupyter_server_config.d/sizeup.json: jupyter-config/jupyter_server_config.d/sizeup.json $(STAMP)
	mkdir -p $(@D) && cp $< $@

$(VENV)/etc/jupyter/labconfig/page_config.json: jupyter-config/labconfig/page_config.json $(STAMP)
	mkdir -p $(@D) && cp $< $@

$(VENV)/share/jupyter/lab/settings/overrides.json: jupyter-config/lab-settings/overrides.json $(STAMP)
	mkdir -p $(@D) && cp $< $@

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
