# Set-up is automatic: every target creates .venv (Python 3.12) and installs what it needs when
# that is missing. Set PY312=/path/to/python3.12 if it is somewhere unusual.
PY312 ?= $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12 \
	/usr/local/bin/python3.12 /usr/bin/python3.12 /opt/python*/bin/python3.12; do \
	if "$$p" -c 'import sys; assert sys.version_info[:2] == (3, 12)' >/dev/null 2>&1; then \
	echo "$$p"; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin

# What each set installs (pyproject.toml's dependencies, then its extras): `base` runs the model,
# the command line, sweeps on one machine, sensitivity and reproduce; `live` adds the live page;
# `company` adds the fit of a company (pyabc); `lint` adds the linters; `test` everything the
# tests run (the live page, the browser test, the Ray and SLURM launchers, the fit). Each set has
# its own stamp, made again when pyproject.toml changes.
EXTRAS_base :=
EXTRAS_live := [live]
EXTRAS_lint := [test]
EXTRAS_company := [calibrate]
EXTRAS_test := [test,live,ray,slurm,calibrate]
BASE := $(VENV)/.installed-base
LIVE := $(VENV)/.installed-live
LINT := $(VENV)/.installed-lint
COMPANY := $(VENV)/.installed-company
TEST := $(VENV)/.installed-test

$(VENV)/.created:
	@if [ ! -x $(BIN)/python ]; then \
	  if [ -z "$(PY312)" ]; then echo "error: Python 3.12 not found; set PY312=/path/to/python3.12" >&2; exit 1; fi; \
	  echo "creating $(VENV) with $(PY312)"; "$(PY312)" -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed-%: pyproject.toml $(VENV)/.created
	@echo "installing the project$(EXTRAS_$*) into $(VENV)"
	$(BIN)/python -m pip install --quiet -e ".$(EXTRAS_$*)"
	@touch $@

SCENARIOS ?= baseline sales_led everybody_sells values_based_pay purge_non_believers cross_functional amazing_culture
SEEDS ?= 10
YEARS ?= 5

.PHONY: compare company test live lint benchmark calibration evidence effects experiments published clean

compare: $(BASE)  ## compare the presets that matter most: table + plot
	$(BIN)/salesculture compare $(SCENARIOS) --seeds $(SEEDS) --years $(YEARS) --plot outputs/compare.png

COMPANY_NAME ?= example
company: $(COMPANY)  ## fit a company profile (conf/company/$(COMPANY_NAME).yaml), then compare regimes for it
	$(BIN)/salesculture calibrate $(COMPANY_NAME)
	$(BIN)/salesculture compare --company $(COMPANY_NAME) baseline sales_led --plot outputs/company.png

live: $(LIVE)  ## the workshop page on http://127.0.0.1:8765/ (no internet needed), opened in a browser
	$(BIN)/salesculture live --open

test: $(TEST)  ## lint, then the whole test suite, slow tests included
	$(BIN)/ruff check salesculture sim agents scenarios hydra_plugins tests benchmarks experiments
	$(BIN)/python -m pytest -q -n 2

lint: $(LINT)  ## ruff, and the import contracts (pyproject.toml [tool.importlinter])
	$(BIN)/ruff check salesculture sim agents scenarios hydra_plugins tests benchmarks experiments
	$(BIN)/python -c "import sys, salesculture; from importlinter.cli import lint_imports; sys.exit(lint_imports())"

benchmark: $(BASE)
	$(BIN)/python benchmarks/run_benchmark.py

calibration: $(BASE)  ## the baseline against published stylized facts: updates docs/calibration.md
	$(BIN)/python experiments/calibration/calibrate.py --seeds 20 --update-docs

evidence: $(BASE)  ## each mechanism alone against its published range: docs/evidence.md
	$(BIN)/python experiments/evidence/measure.py --seeds 10 --years 5 --out docs/evidence.md

effects: $(BASE)  ## every preset against the baseline, and the dual-approach interaction
	$(BIN)/python experiments/regimes/effects.py --seeds 10 --years 5 --out docs/regimes.md

EXPERIMENTS ?= $(shell ls conf/experiment | grep -v _quick | sed 's/\.yaml$$//')

experiments: $(BASE)  ## every experiment, full and reduced design: expected.json, README tables and figures, docs/experiments.md
	for name in $(EXPERIMENTS); do \
	  $(BIN)/salesculture reproduce $$name --write-expected || exit 1; \
	  $(BIN)/salesculture reproduce $$name --quick --write-expected || exit 1; \
	done
	$(BIN)/python -m salesculture.sim.docgen.experimentdoc

published: $(BASE)  ## every published number from the code as it is: parameters, regimes, calibration, evidence, effects, experiments
	$(BIN)/python -m salesculture.sim.docgen.paramdoc
	$(BIN)/python -m salesculture.sim.docgen.metricdoc
	$(BIN)/python -m salesculture.sim.docgen.regimedoc
	$(BIN)/python -m salesculture.sim.docgen.apidoc
	$(MAKE) calibration evidence effects experiments

clean:
	rm -rf $(VENV) outputs .pytest_cache
