# `make run` and `make test` are all a fresh machine needs; every target installs what it lacks.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/current.tar.gz
SPACY_MODEL := build/spacy_de_lookup/meta.json
VOCABULARY := data/vocabulary.yml
CHROMIUM := /usr/bin/chromium
WEB_PACKAGES := web/node_modules/.installed
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
TRAINING_DATA := config.yml domain.yml data/nlu.yml data/rules.yml data/stories.yml $(VOCABULARY)

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1
# endpoints.yml names it; scripts/run.sh sets a real one, the trainer tools call no action.
export ACTION_SERVER_TOKEN ?=

.PHONY: help install train validate run test telegram bench review evaluate purge clean scaled-servers run-scaled

help:
	@echo "make run    - install what is missing, train if data changed, start the assistant on localhost"
	@echo "make test   - the whole test suite (what CI runs)"
	@echo "make train  - train the model if its inputs changed"
	@echo "make bench  - benchmarks beside baselines (10-15 min): bench/results/summary.md"
	@echo "make run-scaled - PostgreSQL, Redis, SCALE Rasa servers (2) behind nginx on SCALED_PORT (8000)"
	@echo "make telegram - start only the Telegram front end (needs TELEGRAM_BOT_TOKEN)"
	@echo "make review - conversations from the tracker store -> results/review/ (docs/TRAINING.md)"
	@echo "make purge  - delete the conversations older than RETENTION_DAYS (default 30) from the tracker store"
	@echo "make evaluate - NLU cross-validation, held-out test, test stories -> reports/ (docs/TRAINING.md)"

$(VENV)/.installed: requirements.txt scripts/find_python.sh
	@python=$$(scripts/find_python.sh) && { [ -x $(PY) ] || "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(SPACY_MODEL): scripts/build_spacy_model.py | $(VENV)/.installed
	$(PY) scripts/build_spacy_model.py build/spacy_de_lookup

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
$(CHROMIUM):
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-color-emoji

# The chat widget and its font, served by web/server.py (npm ci installs exactly package-lock.json).
$(WEB_PACKAGES): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

# The scaled profile's servers (Debian packages); scripts/scaled/ starts them itself, never as services.
scaled-servers:
	@scripts/scaled/installed.sh || { $(SUDO) apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql redis-server nginx; }

install: $(VENV)/.installed $(SPACY_MODEL) $(CHROMIUM) $(WEB_PACKAGES) scaled-servers

$(VOCABULARY): $(wildcard knowledge/*.yml) scripts/generate_nlu_vocabulary.py actions/knowledge.py | $(VENV)/.installed
	$(PY) scripts/generate_nlu_vocabulary.py

$(MODEL): $(TRAINING_DATA) $(SPACY_MODEL)
	$(RASA) train --fixed-model-name current --out models

train: install $(MODEL)

validate: install $(VOCABULARY)
	$(RASA) data validate --fail-on-warnings

run: train
	scripts/run.sh

run-scaled: train
	scripts/scaled/run.sh

telegram: install
	set -a; [ ! -f .env ] || . ./.env; set +a; $(PY) -m telegram_bridge

test: train
	$(PY) -m pytest

# Trains the references it needs in temporary folders (the `rasa init` model is cached in build/bench/).
bench: train
	$(PY) -m bench.run --out bench/results

# Trainer tools (docs/TRAINING.md); options go in REVIEW_ARGS and EVALUATE_ARGS, e.g. REVIEW_ARGS="--since 2026-11-01".
review: install
	$(PY) -m trainer.review $(REVIEW_ARGS)

evaluate: train
	$(PY) -m trainer.evaluate $(EVALUATE_ARGS)

purge: install
	set -a; [ ! -f .env ] || . ./.env; set +a; $(PY) -m channels.privacy purge

clean:
	rm -rf models build $(VOCABULARY) .pytest_cache
