# Two commands do all set-up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export PYTHONPATH := plugins

.PHONY: bench serve test build publish validate clean new chromium audit lint intake

$(INSTALLED): requirements.txt requirements-cffconvert.txt package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-cffconvert.txt
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

serve: $(INSTALLED)  ## build, serve at http://localhost:8000 and rebuild + reload on every change
	$(BIN)/invoke serve

test: $(INSTALLED) chromium  ## the linter, then the whole suite
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2

# The browser tests need Chromium: installed where the machine allows (root and apt-get, as in CI);
# elsewhere they skip, and the test run says once how to enable them.
chromium:
	@command -v chromium >/dev/null || [ -n "$$OOGST_CHROMIUM" ] || ! command -v apt-get >/dev/null \
	  || [ "$$(id -u)" != 0 ] || { echo "Chromium installeren voor de browsertests (apt-get install chromium)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	  || echo "Chromium installeren lukte niet: de browsertests worden overgeslagen."; }

build: $(INSTALLED)  ## validate, then build the site into output/
	$(BIN)/invoke build

publish: $(INSTALLED)  ## the site as published: absolute URLs, no drafts
	$(BIN)/invoke build --settings publishconf.py

validate: $(INSTALLED)  ## check every entry, write nothing
	$(BIN)/python -m harvest validate content

# Variables given on the command line reach the recipe's environment: "$$title" survives any quote.
new: $(INSTALLED)  ## start an entry: make new type=tools title="Titel van het instrument"
	$(BIN)/invoke new "$$type" "$$title"

# A mail (text or .eml) or an issue's text becomes content/<type>/<slug>.md: make intake file=mail.eml
intake: $(INSTALLED)  ## make intake file=PATH: the form's mail or an issue's text as an entry
	$(BIN)/python -m harvest intake "$$file"

lint: $(INSTALLED)  ## ruff, as make test and the pull request check run it
	$(BIN)/ruff check .

clean:
	rm -rf output .cache

audit: $(INSTALLED) chromium  ## Lighthouse's four scores on six kinds of page of the published build
	$(BIN)/invoke audit

bench: $(INSTALLED)  ## build and search at 100, 1,000 and 10,000 entries (bench/results.json, .png)
	$(BIN)/invoke bench
