# PetAvatar developer entry points. Each target creates .venv and installs what it needs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
OUT ?= out/demo

.PHONY: demo test lint bench serve clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,aws]'
	$(VENV)/bin/petavatar prepare-model
	touch $@

## demo: generate a persona for the CC0 cat photo that scikit-image ships
demo: $(VENV)/.installed
	mkdir -p $(OUT)
	$(PY) scripts/sample_photo.py $(OUT)/chelsea.jpg
	$(VENV)/bin/petavatar generate $(OUT)/chelsea.jpg --out $(OUT)

## lint: ruff (lint + format check) and mypy --strict on src
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/ruff format --check src tests bench scripts
	$(VENV)/bin/mypy src

## test: lint, then the whole test suite
test: lint
	$(PY) -m pytest -q

bench: $(VENV)/.installed
	$(PY) bench/pipeline_bench.py

serve: $(VENV)/.installed
	$(VENV)/bin/petavatar serve

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .hypothesis
