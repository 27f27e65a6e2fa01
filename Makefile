# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup system-deps demo test fuzz fuzz-atheris bench eval clean

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $(STAMP)

# Debian packages the tests use: Samba (SMB connector against a real server) and Chromium (HTML report check).
system-deps:
	@bash scripts/system-deps.sh

setup: $(STAMP)

demo: setup
	$(BIN)/pdscan demo

test: setup system-deps
	$(BIN)/python -m pytest -q

# Every extractor fed damaged files for about ten minutes (tests/fuzz; `make test` runs a short budget of it).
fuzz: setup
	PDSCAN_FUZZ=fuzz $(BIN)/python -m pytest -q tests/fuzz --hypothesis-show-statistics

# The same checks, coverage-guided (atheris/libFuzzer, the `fuzz` extra), for ten minutes.
fuzz-atheris: setup
	$(BIN)/pip install -q -e ".[fuzz]"
	$(BIN)/python -m tests.fuzz.atheris_main -max_total_time=600 -timeout=60 -rss_limit_mb=1024 -artifact_prefix=tests/artifacts/

bench: setup
	$(BIN)/python -m tests.bench

eval: setup
	$(BIN)/python -m pdscan.evaluate.suite

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
