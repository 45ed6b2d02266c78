# linesift — a newcomer needs two targets: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
WORKERS ?= 1
SHARED ?= ../shared

.PHONY: venv run test lint data train eval bench-venv bench clean

# The venv is rebuilt when a pin changes.
$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

venv: $(BIN)/.installed

# One BLAS thread per request: small products, where waking BLAS threads costs more than they save.
run: venv
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/uvicorn app.main:create_app --factory --host $(HOST) --port $(PORT) --workers $(WORKERS)

test: venv
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check classifier app tests bench
	$(BIN)/mypy classifier app

# Compose the training documents from the authored site kits, then train the shipped model.
data: venv
	$(BIN)/linesift compose

train: venv
	$(BIN)/linesift train

# Score the shipped model on the evaluation pages (../shared; evaluation only, never training).
eval: venv
	mkdir -p out
	$(BIN)/linesift evaluate lines $(SHARED)/data/lines.jsonl --out out/lines-pred.jsonl
	$(PYTHON) $(SHARED)/eval/score.py lines out/lines-pred.jsonl

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache

# Chromium for the browser extension's end-to-end test (apt-get; instant when already installed).
.PHONY: browser-deps
browser-deps:
	bash .ci/browser-deps

# The benchmark environment: linesift (editable, no deps) beside the peer extractors, apart from .venv.
BENCH_VENV := .bench-venv
$(BENCH_VENV)/bin/.installed: requirements.txt requirements-bench.txt pyproject.toml
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -r requirements-bench.txt
	$(BENCH_VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $@

bench-venv: $(BENCH_VENV)/bin/.installed

# HTML mode against trafilatura, readability-lxml, jusText, boilerpy3 and resiliparse -> docs/benchmarks-html.md
.PHONY: bench-quality bench-lines
# BLAS single-threaded as the service runs it (see `run`).
bench-quality: bench-venv
	OPENBLAS_NUM_THREADS=1 $(BENCH_VENV)/bin/python bench/quality.py $(SHARED)/data/pages.jsonl

# Lines mode speed against jusText -> docs/benchmarks-lines.md
bench-lines: bench-venv
	OPENBLAS_NUM_THREADS=1 $(BENCH_VENV)/bin/python bench/lines_speed.py $(SHARED)/data/lines.jsonl
