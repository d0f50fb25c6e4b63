# `make run` and `make test` are all a fresh machine needs; every target installs what it lacks.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/current.tar.gz
SPACY_MODEL := build/spacy_de_lookup/meta.json
VOCABULARY := data/vocabulary.yml
TRAINING_DATA := config.yml domain.yml data/nlu.yml data/rules.yml data/stories.yml $(VOCABULARY)

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install train validate run test telegram clean

help:
	@echo "make run    - install what is missing, train if data changed, start the assistant on localhost"
	@echo "make test   - the whole test suite (what CI runs)"
	@echo "make train  - train the model if its inputs changed"
	@echo "make telegram - start only the Telegram front end (needs TELEGRAM_BOT_TOKEN)"

$(VENV)/.installed: requirements.txt scripts/find_python.sh
	@python=$$(scripts/find_python.sh) && { [ -x $(PY) ] || "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(SPACY_MODEL): $(VENV)/.installed scripts/build_spacy_model.py
	$(PY) scripts/build_spacy_model.py build/spacy_de_lookup

install: $(VENV)/.installed $(SPACY_MODEL)

$(VOCABULARY): $(wildcard knowledge/*.yml) scripts/generate_nlu_vocabulary.py actions/knowledge.py | $(VENV)/.installed
	$(PY) scripts/generate_nlu_vocabulary.py

$(MODEL): $(TRAINING_DATA) $(SPACY_MODEL)
	$(RASA) train --fixed-model-name current --out models

train: install $(MODEL)

validate: install $(VOCABULARY)
	$(RASA) data validate --fail-on-warnings

run: train
	scripts/run.sh

telegram: install
	$(PY) -m telegram_bridge

test: train
	$(PY) -m pytest

clean:
	rm -rf models build $(VOCABULARY) .pytest_cache
