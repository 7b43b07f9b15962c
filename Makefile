# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Installed when pyproject.toml or the constraints change.
STAMP := $(VENV)/.installed
# make test adds the optional extras whose tests run here (Ray: about 10 s and 500 MB;
# Qdrant's client; ONNX Runtime and onnx: about 110 MB).
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test bench lint format eval train clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# constraints.txt pins the small CPU build of torch (a plain install pulls a CUDA build).
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

$(TEST_STAMP): $(STAMP) Makefile
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,ray,qdrant,onnx]'
	touch $(TEST_STAMP)

run: $(STAMP)
	$(BIN)/newsdesk index
	$(BIN)/newsdesk run

test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/newsdesk eval tests/data/dev.jsonl

# Rebuilds the committed models from ../shared/eval/external (fixed seed, deterministic).
train: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,train]'
	OMP_NUM_THREADS=2 $(BIN)/python scripts/train_answers.py --seed 0
	OMP_NUM_THREADS=2 $(BIN)/python scripts/train_verdicts.py --seed 0

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/run.py

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf .newsdesk .pytest_cache .ruff_cache .mypy_cache
