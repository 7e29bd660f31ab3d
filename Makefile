# Osteoporosis Pain Workbook: the two commands are `make dashboard` and `make test`.
# Both build their own virtual environment in .venv; a second run reinstalls nothing that is
# up to date (stamp files in .venv record what was installed from which pyproject.toml and requirements.lock).
# Versions: pyproject.toml gives the ranges, requirements.lock (made by `make lock`) the exact versions installed.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
# `make lab` listens on JupyterLab's usual 8888 unless PORT is given, so it can run beside `make dashboard` (8866).
LAB_PORT := $(if $(filter command line environment environment override,$(origin PORT)),$(PORT),8888)
# `make classroom` listens on JupyterHub's usual 8000 unless PORT is given, so it can run beside `make workshop` (8866).
CLASSROOM_PORT := $(if $(filter command line environment environment override,$(origin PORT)),$(PORT),8000)
PORT ?= 8866
DASHBOARD ?= notebooks/dashboards/patient_dashboard.ipynb
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_ARGS ?=
# The suite runs in parallel worker processes (pytest-xdist); pyproject.toml sets --dist loadfile, which keeps each file (and so
# each notebook's cells, and each module's servers) on one worker. WORKERS=1 runs it in one process.
WORKERS ?= 3
VOILA_ARGS ?=
LOCK := requirements.lock
PIP_INSTALL := $(BIN)/python -m pip install --disable-pip-version-check -q
# Coverage of osteo_lib by the whole suite (pytest-cov; works across the xdist workers), modules at 100 % left out.
COVERAGE_ARGS ?= --cov=osteo_lib --cov-report=term:skip-covered
# What `make test-fast` leaves out (markers set by conftest.py): Chromium, notebooks, servers and the hub.
FAST_MARKERS := not browser and not notebooks and not slow

.PHONY: dashboard serve lab test test-fast lint lock install install-test browser fonts node-tools haproxy clean help

# One line per target a person runs (tests/test_make_help.py checks that every .PHONY target is here).
help:
	@echo "make dashboard        install and serve the patient dashboard on http://$(HOST):$(PORT)"
	@echo "make lab              install and open JupyterLab on the teaching notebooks (http://$(HOST):$(LAB_PORT))"
	@echo "make workshop         the dashboard for a room on the local network: room code, QR code, room page, ROOM=$(ROOM) seats"
	@echo "make classroom        JupyterLab for a room of students from this laptop: JupyterHub, room code, QR code, ROOM=$(ROOM) students"
	@echo "make student-version  the student version in student_version/: notebooks, data and package without answer keys or instructor kit"
	@echo "make handouts         printable handouts in handouts/: a patient page and a student page per notebook"
	@echo "make export-html      the workshop guide (or HTML_NOTEBOOKS=...) as HTML that opens and prints offline, in $(HTML_DIR)/"
	@echo "make lms-export       the quiz banks for Canvas/Blackboard (QTI 1.2 zip) and Moodle (XML) in build/lms/, with a report"
	@echo "make serve            the dashboard from REPLICAS processes (default $(REPLICAS)) behind HAProxy on http://$(HOST):$(PORT)"
	@echo "make test             install everything the tests need, lint, and run the whole suite with coverage"
	@echo "make test-fast        the inner loop: the suite without browser, notebook, server and hub tests"
	@echo "make lint             ruff check, ruff format --check and mypy --strict on osteo_lib"
	@echo "make lock             remake requirements.lock from pyproject.toml (UPGRADE=1: newest versions in range)"
	@echo "make install          only install the dashboard's runtime dependencies into .venv"
	@echo "make install-test     only install everything in requirements.lock (runtime, test, lint) into .venv"
	@echo "make bench            dashboard speed and memory figures (render time, click latency, kernel memory)"
	@echo "make load             load benchmark: 40 simulated visitors against make workshop (LOAD_ARGS=...)"
	@echo "make bench-room       join times, seat release times and memory per seat for make workshop and make classroom, 3 each"
	@echo "make browser          install Debian's Chromium and the fonts the pages name (apt-get)"
	@echo "make fonts            install only the fonts the pages name (apt-get)"
	@echo "make haproxy          install Debian's HAProxy, which make serve runs (apt-get)"
	@echo "make node-tools       install every npm package (JupyterHub's proxy and the browser tests' tools) into node_modules/"
	@echo "make voila-bundle     rebuild the dashboard's one script bundle (make dashboard does it when needed)"
	@echo "make clean            remove .venv, node_modules, build, test-artifacts, student_version, handouts and classroom"
	@echo "make help             this list of targets"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The dashboard needs only the runtime dependencies, at the lock's versions (the lock is a constraint here).
# jupyter-config/ is installed into the environment's etc/jupyter/ (pyproject.toml, shared-data).
JUPYTER_CONFIG := jupyter-config/jupyter_lab_config.json jupyter-config/labconfig/default_setting_overrides.json
$(VENV)/.installed: pyproject.toml $(LOCK) $(JUPYTER_CONFIG) | $(BIN)/python
	$(PIP_INSTALL) -c $(LOCK) -e .
	touch $@

# `make classroom` needs the runtime dependencies and the hub extra (JupyterHub and its idle culler), at the
# lock's versions; not the test and lint tools.
$(VENV)/.installed-hub: pyproject.toml $(LOCK) $(JUPYTER_CONFIG) | $(BIN)/python
	$(PIP_INSTALL) -c $(LOCK) -e '.[hub]'
	touch $(VENV)/.installed $@

# Everything in the lock (runtime, hub, test and lint), then the project itself without resolving again.
$(VENV)/.installed-test: pyproject.toml $(LOCK) $(JUPYTER_CONFIG) | $(BIN)/python
	$(PIP_INSTALL) -r $(LOCK)
	$(PIP_INSTALL) --no-deps -e .
	touch $(VENV)/.installed $(VENV)/.installed-hub $@

# requirements.lock: every package and version `make test` installs, resolved by uv (pinned in the lint
# extra) for Python 3.11 from pyproject.toml's ranges. uv keeps the versions already in the lock where they
# still fit; UPGRADE=1 takes the newest versions the ranges allow. Needs PyPI; run it after editing
# the dependencies in pyproject.toml, then update environment.yml and binder/environment.yml to match
# (tests/test_dependencies.py says which lines differ).
lock: $(VENV)/.installed-test
	$(BIN)/uv pip compile pyproject.toml --extra test --extra lint --python-version 3.11 $(if $(UPGRADE),--upgrade) -o $(LOCK)

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Debian's Chromium, driven by Playwright (Playwright's own browser download cannot work offline),
# and the fonts the workbook's CSS names ("Noto Sans", "DejaVu Sans", "Liberation Sans"), so pages look
# the same and browser tests give the same result on every machine. Each is a file target: a second
# run installs nothing.
FONT_FILES := /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf \
              /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
              /usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf
FONT_PACKAGES := fonts-noto-core fonts-dejavu-core fonts-liberation2
browser: $(CHROMIUM) $(FONT_FILES)
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium
$(FONT_FILES):
	dpkg -s $(FONT_PACKAGES) >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(FONT_PACKAGES); }
	test -f $@
fonts: $(FONT_FILES)

# npm packages into ./node_modules, at package-lock.json's versions. package.json's dependencies are what JupyterHub
# needs (configurable-http-proxy); its devDependencies are the tools only the tests use (axe-core, lighthouse).
# `make test` and `make node-tools` install both; `make classroom` only the dependencies (npm ci --omit=dev), unless
# everything is installed and up to date already (npm ci empties node_modules first, so it would remove the tools).
NPM_CI := npm ci --no-audit --no-fund --loglevel=error
node_modules/.installed: package.json package-lock.json
	$(NPM_CI)
	touch node_modules/.installed-hub $@
node_modules/.installed-hub: package.json package-lock.json
	if [ node_modules/.installed -nt package.json ] && [ node_modules/.installed -nt package-lock.json ]; then :; \
	else $(NPM_CI) --omit=dev; fi
	touch $@
node-tools: node_modules/.installed

# The Voila script chunks the dashboard loads, joined into one file of the template (listed in bundle.json;
# osteo_lib/apps/voila_page.py) with its gzip copy (.gz); rebuilt when the list or the installed packages change.
VOILA_BUNDLE := share/jupyter/voila/templates/osteo/static/osteo-chunks.js
# (The script rewrites the file only when its content changes; the touch tells make it is up to date, or a
# reinstall that changes nothing in it would leave it "out of date" for every later run. The gzip copy is
# touched after it: the server sends a copy only when it is not older than the file.)
$(VOILA_BUNDLE): share/jupyter/voila/templates/osteo/bundle.json $(VENV)/.installed
	$(BIN)/python -m osteo_lib.apps.voila_page --out $@
	touch $@ && touch -c $@.gz
.PHONY: voila-bundle
voila-bundle: $(VOILA_BUNDLE)

# share/jupyter holds the workbook's Voila template (no CDN requests); JUPYTER_PATH makes Voila find it.
# osteo_lib.apps.serve is the voila command with gzip compression and cache headers (README "Serving").
dashboard: $(VENV)/.installed $(FONT_FILES) $(VOILA_BUNDLE)
	JUPYTER_PATH=$(CURDIR)/share/jupyter $(BIN)/python -m osteo_lib.apps.serve --no-browser --Voila.ip=$(HOST) --port=$(PORT) $(VOILA_ARGS) $(DASHBOARD)

# JupyterLab on the teaching notebooks, from the same .venv as the dashboard (runtime dependencies only). What
# jupyter-config/ installs into the environment turns off its news feed, the news prompt and the update check.
# It prints the address with its token and opens it in the browser (LAB_ARGS=--no-browser: it does not).
#   make lab [PORT=8888] [HOST=127.0.0.1] [LAB_DIR=notebooks] [LAB_ARGS=...]
LAB_DIR ?= notebooks
LAB_ARGS ?=
lab: $(VENV)/.installed
	$(BIN)/jupyter-lab --ServerApp.ip=$(HOST) --ServerApp.port=$(LAB_PORT) --ServerApp.port_retries=0 \
	  --ServerApp.root_dir=$(LAB_DIR) $(LAB_ARGS)

# Several dashboard processes behind Debian's HAProxy (sticky sessions, websockets, health checks), started and
# stopped together by osteo_lib.apps.replicas (README "Serving more people", docs/deploy.md). Ctrl-C stops them all.
#   make serve [REPLICAS=3] [PORT=8866] [HOST=127.0.0.1] [VOILA_ARGS=...]
REPLICAS ?= 3
# Where the replicas' logs and the generated HAProxy settings go (the tests point it under test-artifacts/).
RUN_DIR ?= build/serve
HAPROXY := /usr/sbin/haproxy
haproxy: $(HAPROXY)
$(HAPROXY):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends haproxy
serve: $(VENV)/.installed $(FONT_FILES) $(HAPROXY) $(VOILA_BUNDLE)
	JUPYTER_PATH=$(CURDIR)/share/jupyter $(BIN)/python -m osteo_lib.apps.replicas --replicas=$(REPLICAS) --host=$(HOST) \
	  --port=$(PORT) --run-dir=$(RUN_DIR) --haproxy=$(HAPROXY) --template=deploy/haproxy/haproxy.cfg.j2 $(DASHBOARD) -- $(VOILA_ARGS)

# Dashboard performance figures (render time vs a one-widget page, click latency, kernel memory); prints them.
.PHONY: bench
bench: $(VENV)/.installed-test $(CHROMIUM) $(FONT_FILES)
	$(BIN)/python benchmarks/dashboard_perf.py

# Lint first: `make test` stops at a lint or type error before running the suite.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The bundle is built before the suite starts, not by whichever server test comes first (the privacy test
# watches the checkout for files written while it runs).
test: lint $(VENV)/.installed-test node_modules/.installed $(CHROMIUM) $(FONT_FILES) $(HAPROXY) $(VOILA_BUNDLE)
	$(BIN)/python -m pytest $(if $(filter 1,$(WORKERS)),,-n $(WORKERS)) $(COVERAGE_ARGS) $(PYTEST_ARGS)

test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(if $(filter 1,$(WORKERS)),,-n $(WORKERS)) -m "$(FAST_MARKERS)" $(PYTEST_ARGS)

# The student version in student_version/ (git-ignored, never committed): notebooks/ without
# notebooks/instructor/ and without cells tagged instructor or solution, data/ with every question bank
# stripped of its answer key, and the package without the instructor kit; the build refuses to finish if
# a key is left. Students' downloaded answers are scored with `osteo-workbook grade` (docs/instructor.md).
.PHONY: student-version
student-version: $(VENV)/.installed
	$(BIN)/osteo-workbook student-version --out student_version

# Print-ready pages made from data/ and the notebooks (osteo_lib/apps/handouts.py); open them in a browser and print.
.PHONY: handouts
handouts: $(VENV)/.installed
	$(BIN)/osteo-workbook handouts --out handouts
# Notebooks as HTML pages that open and print with no network (osteo_lib/apps/export_html.py): each notebook is
# run, then written with nbconvert's HTMLExporter and the template share/jupyter/nbconvert/templates/osteo_offline
# (no require.js, widget manager, MathJax or Mermaid from a CDN; widgets shown as still pictures). Unlike
# JupyterLab's "Save and Export Notebook As... HTML", the pages ask no other website for anything.
#   make export-html [HTML_NOTEBOOKS=notebooks/instructor/workshop_guide.ipynb ...] [HTML_DIR=build/html]
HTML_NOTEBOOKS ?= notebooks/instructor/workshop_guide.ipynb
HTML_DIR ?= build/html
.PHONY: export-html
export-html: $(VENV)/.installed
	$(BIN)/osteo-workbook export-html --out $(HTML_DIR) $(HTML_NOTEBOOKS)

# The question banks for an LMS, in LMS_DIR: a QTI 1.2 content package (Canvas, Blackboard), Moodle XML and a
# report of what could not be mapped exactly (docs/instructor.md, "Import into Canvas / Moodle").
#   make lms-export [LMS_FORMAT=both (qti, moodle or both)] [LMS_DIR=build/lms]
LMS_FORMAT ?= both
LMS_DIR ?= build/lms
.PHONY: lms-export
lms-export: $(VENV)/.installed
	$(BIN)/osteo-workbook export-lms --format $(LMS_FORMAT) --out $(LMS_DIR)

clean:
	rm -rf $(VENV) node_modules build dist test-artifacts student_version handouts classroom *.egg-info .mypy_cache .ruff_cache

# A room: the patient dashboard on the local network (0.0.0.0) with a token, a QR code, a pool of ready
# pages sized for ROOM, idle culling and a cap (see "Running a room" in README.md).
#   make workshop [ROOM=30] [CAP=room+5] [POOL=room] [IDLE=10 (minutes)] [LEFT=30 (seconds)] [PORT=8866] [TOKEN=...]
#                 [QR_DIR=workshop] [CODE=... (the room code visitors type; random if not given)]
ROOM ?= 30
.PHONY: workshop load
workshop: export OSTEO_WORKSHOP_TOKEN = $(TOKEN)
workshop: export OSTEO_WORKSHOP_CODE = $(CODE)
workshop: $(VENV)/.installed $(VOILA_BUNDLE)
	JUPYTER_PATH=$(CURDIR)/share/jupyter $(BIN)/python -m osteo_lib.apps.workshop --port=$(PORT) --room=$(ROOM) \
	  $(if $(CAP),--cap=$(CAP)) $(if $(POOL),--pool=$(POOL)) $(if $(IDLE),--idle-minutes=$(IDLE)) $(if $(LEFT),--left-seconds=$(LEFT)) \
	  $(if $(QR_DIR),--qr-dir=$(QR_DIR)) $(DASHBOARD)

# A classroom: JupyterLab for ROOM students from this laptop, on the local network (0.0.0.0). Builds the student
# version afresh, starts JupyterHub (deploy/jupyterhub/jupyterhub_config.py) with the room code as the shared
# password, one server per student from student_version/ (no answer keys), idle culling; writes the projector
# page classroom/room.html (see "A classroom of students" in README.md). Ctrl-C ends the class.
#   make classroom [ROOM=30] [PORT=8000] [CODE=... (the room code students type; random if not given)]
.PHONY: classroom
classroom: export OSTEO_CLASSROOM_CODE = $(CODE)
classroom: $(VENV)/.installed-hub node_modules/.installed-hub
	$(BIN)/python -m osteo_lib.apps.classroom --room=$(ROOM) --port=$(CLASSROOM_PORT)

# Load benchmark: 40 simulated visitors against `make workshop` on loopback; prints the figures.
load: $(VENV)/.installed-test $(HAPROXY)
	$(BIN)/python benchmarks/load_room.py $(LOAD_ARGS)

# Seats of a room: 3 visitors of `make workshop` and 3 students of `make classroom` on loopback (join times, seat
# release times, memory per seat); prints the figures.
.PHONY: bench-room
bench-room: $(VENV)/.installed-test $(CHROMIUM) node_modules/.installed
	$(BIN)/python benchmarks/room_seats.py $(BENCH_ARGS)
