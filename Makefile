# provcheck: two commands on a fresh clone.
#   make demo   index corpora/demo, check its briefing, write an HTML report
#   make test   run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
BUILD  := build

.PHONY: demo test lint install clean fuzz soak

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,scale]'
	touch $@

demo: install
	mkdir -p $(BUILD)
	HF_HUB_OFFLINE=1 $(BIN)/provcheck index corpora/demo/sources --db $(BUILD)/demo.db
	HF_HUB_OFFLINE=1 $(BIN)/provcheck check corpora/demo/briefing.md --db $(BUILD)/demo.db \
		--format html -o $(BUILD)/demo-report.html --ledger $(BUILD)/ledger.db; test $$? -le 1
	HF_HUB_OFFLINE=1 $(BIN)/provcheck check corpora/demo/briefing.md --db $(BUILD)/demo.db --no-ledger; test $$? -le 1
	@echo "HTML report: $(abspath $(BUILD)/demo-report.html)"
	@echo "Audit ledger: $(BUILD)/ledger.db (provcheck ledger list --ledger $(BUILD)/ledger.db)"

test: install
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check provcheck tests
	$(BIN)/mypy provcheck

clean:
	rm -rf $(BUILD) .pytest_cache

# every parser fuzzed at length: 10,000 inputs per target, Hypothesis' statistics printed
FUZZ_TESTS := tests/test_fuzz_ingest.py tests/test_fuzz_claims.py tests/test_fuzz_values.py tests/test_fuzz_ledger.py
fuzz: install
	PROVCHECK_FUZZ_EXAMPLES=10000 HF_HUB_OFFLINE=1 $(BIN)/python -m pytest $(FUZZ_TESTS) --hypothesis-show-statistics

# the crash tests at length: 200 SIGKILLs of `provcheck index` and of `provcheck signoff` (tallies printed),
# with the 220 kills of a ledger append that `make test` runs too
soak: install
	PROVCHECK_KILLS=200 HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -s tests/test_crashes.py tests/test_ledger_reliability.py -k sigkill
