# Two entry points for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run

.PHONY: demo test lint bench browser virtuoso clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# what running tnkg needs (the endpoint and the pictures included), installed as a user gets
# it (an editable install makes setuptools print a warning about its import hook) ...
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet '.[serve,viz,remote]'
	touch $(RUN_STAMP)

# ... and what the tests and benchmarks need besides (the dev extra holds serve, viz, bench)
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $(RUN_STAMP)

# builds the sample, then says how to reach `tnkg` in a new shell and what to try next
demo: $(RUN_STAMP)
	$(BIN)/tnkg build --out tnkg-out
	@echo
	@echo "tnkg is installed in $(VENV)/. In a new shell, first run:  source $(VENV)/bin/activate"
	@echo "Then try:"
	@echo "  tnkg query partner-cities-ranked --param country=GB"
	@echo "  tnkg viz --focus Transnet -o transnet.html"
	@echo "  tnkg serve      # then open http://127.0.0.1:7878/ in a browser"

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "chromium could not be installed: browser tests will be skipped"; }

# the external-store tests run against a real OpenLink Virtuoso (tests/remote/)
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { \
	  echo "installing Debian's virtuoso-opensource for the external-store tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    virtuoso-opensource >/dev/null) \
	  || echo "virtuoso-opensource could not be installed: external-store tests will be skipped"; }

lint: $(STAMP)
	$(BIN)/ruff check .

# two workers, as CI's two cores; a test file stays on one worker, so its module fixtures
# (a built sample, a started server) are made once
TEST_WORKERS ?= 2
test: $(STAMP) browser virtuoso lint
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# Hours on a 2-core machine (docs/benchmarks.md says how long the last run took); kept out
# of `make test`. The 100,000-page run times the build, the queries on the store, analyze
# and viz: rdflib would need tens of GB to hold that graph, and the other stages grow
# linearly (their rate is the same at 10,000).
BENCH_JSON = bench-out/bench-1000.json bench-out/bench-10000.json bench-out/bench-100000.json
bench: $(STAMP)
	$(BIN)/python -m benchmarks --pages 1000 --json bench-out/bench-1000.json
	$(BIN)/python -m benchmarks --pages 10000 --json bench-out/bench-10000.json
	$(BIN)/python -m benchmarks --pages 100000 --skip tokenize,extract,rdflib,incremental,profile --json bench-out/bench-100000.json
	$(BIN)/python -m benchmarks.figure $(BENCH_JSON) --png docs/img/bench-scaling.png
	$(BIN)/python -m benchmarks.report $(BENCH_JSON) --doc docs/benchmarks.md
	$(BIN)/python -m benchmarks.viz_settle --json bench-out/viz-settle.json --doc docs/viz.md
	$(BIN)/python -m benchmarks.serve_load --json bench-out/serve-load.json --doc docs/serve.md

clean:
	rm -rf $(VENV) tnkg-out bench-out
