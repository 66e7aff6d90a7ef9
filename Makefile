# KIPP Live: `make run` serves the demo on this machine, `make serve` behind nginx for a LAN or the
# internet, `make test` runs every test. All set up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8050
CHROMIUM ?= /usr/bin/chromium

.PHONY: run serve test lint format bench bench-catalogue bench-load bench-jury bench-soak system-deps clean panduan

# Installs come from the lock files alone, every file checked against its hash.
$(VENV)/.runtime: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $@

## lock: re-pin requirements.lock and requirements-dev.lock from pyproject.toml with pip-tools
## (pins already in the locks are kept; LOCK_ARGS="--upgrade-package dash" moves one on)
LOCK_VENV := .venv-lock
LOCK_ARGS ?=
PIP_COMPILE := PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= CUSTOM_COMPILE_COMMAND="make lock" \
	$(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
.PHONY: lock
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) \
	  && $(LOCK_VENV)/bin/pip install --quiet --disable-pip-version-check pip-tools==7.6.2; }
	$(PIP_COMPILE) -o requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev -c requirements.lock -o requirements-dev.lock pyproject.toml

## run: install, create the SQLite demo database if there is none (live: today falls inside its
## proposal judging), serve on $(HOST):$(PORT)
run: $(VENV)/.runtime
	$(PY) -m data_access init
	$(PY) -m data_access demo --if-missing --live
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn -c gunicorn.conf.py 'app:create_app()'

## serve: nginx in front of gunicorn on one port, for a LAN or the internet (deploy/serve.py):
## 0.0.0.0:8080 unless HOST / PORT say otherwise; needs Debian's nginx (make system-deps)
# `make run`'s defaults (127.0.0.1:8050) are not serve's: only a HOST or PORT given on the
# command line or in the environment is passed on.
SERVE_ENV := $(if $(filter command line environment,$(origin HOST)),HOST=$(HOST)) \
	$(if $(filter command line environment,$(origin PORT)),PORT=$(PORT))
serve: $(VENV)/.runtime
	$(PY) -m data_access init
	$(PY) -m data_access demo --if-missing
	$(SERVE_ENV) $(PY) -m deploy.serve

## plotly-bundle: rebuild assets/vendor/plotly-kipp.min.js (plotly.js with the trace types the
## dashboard draws) from the npm registry and check it against vendor/plotly/SHA256SUMS
## (needs node and npm; the app itself never runs npm)
.PHONY: plotly-bundle
plotly-bundle:
	sh vendor/plotly/build.sh

## axe: axe-core from the npm registry (vendor/axe/package-lock.json, checked against
## vendor/axe/SHA256SUMS) for the catalogue's accessibility test; `make test` runs it
AXE := vendor/axe/node_modules/axe-core/axe.min.js
.PHONY: axe
axe: $(AXE)
$(AXE): vendor/axe/package-lock.json vendor/axe/SHA256SUMS
	cd vendor/axe && npm ci --no-audit --no-fund --ignore-scripts --silent
	cd vendor/axe && sha256sum -c SHA256SUMS
	touch $@

## system-deps: Debian's Chromium, PostgreSQL server, poppler-utils (pdftoppm), wrk (the benches'
## load generator) and nginx (make serve's proxy, started by its tests)
system-deps:
	@if [ ! -x "$(CHROMIUM)" ] || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	    || [ ! -x /usr/bin/pdftoppm ] || [ ! -x /usr/bin/wrk ] || [ ! -x /usr/sbin/nginx ]; then \
	  echo "Installing Chromium, PostgreSQL, poppler-utils, wrk and nginx from Debian (needs root)..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    -o DPkg::Lock::Timeout=600 chromium postgresql poppler-utils wrk nginx >/dev/null; \
	fi

## test: install test needs and run every test (browser and PostgreSQL included)
# Bytecode caches on, whatever the shell says: with PYTHONDONTWRITEBYTECODE set, pytest rewrote
# every test module's asserts in every worker (24 s of CPU each here) and every server and
# command the tests start compiled the app again.
test: $(VENV)/.dev system-deps $(AXE)
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## panduan: the committee's guide with pictures: screenshots of the product on the demo in
## docs/gambar/ and the printable docs/build/PANDUAN.pdf (both made here, never committed)
panduan: $(VENV)/.dev system-deps
	$(PY) docs/guide_shots.py

## bench: every national-scale figure with its target and verdict (about 15 minutes; not part of `make test`)
bench: $(VENV)/.dev system-deps
	$(PY) -m bench

## bench-catalogue: the public catalogue at 5,000 innovations on PostgreSQL, every page's p95
## beside the same page by hand and a bare Flask page, with a data change every 2 s (issue 18;
## about 10 minutes, the data generated once; also section 8 of `make bench`)
bench-catalogue: $(VENV)/.dev system-deps
	$(PY) -m bench.catalogue

## bench-load: a final at national scale through make serve's proxy for 10 minutes: the 1M-row
## edition on PostgreSQL with the workers sharing Redis (the README's national deployment),
## 200 tabs on every live page (phones on 3G among them), 20 screens and 30 jurors saving
## every 3 s (issue 16; `python -m bench.load` alone: the demo edition, issue 6)
bench-load: $(VENV)/.dev system-deps
	$(PY) -m bench.load --national --redis --minutes 10

## bench-jury: 30 jurors saving every 3 s among 200 viewers and 20 screens, 10 minutes on
## PostgreSQL, beside the same audience without jurors (issue 15)
bench-jury: $(VENV)/.dev
	$(PY) -m bench.jury --duration 600

## bench-soak: the kiosk in Chromium for 32 minutes, JS heap sampled every minute
bench-soak: $(VENV)/.dev system-deps
	$(PY) -m bench.kiosk_soak --minutes 32

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .ruff_cache .mypy_cache test-results
