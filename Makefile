# Osteoporosis Pain Workbook: the two commands are `make dashboard` and `make test`.
# Both build their own virtual environment in .venv; a second run reinstalls nothing that is
# up to date (stamp files in .venv record what was installed from which pyproject.toml).

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8866
DASHBOARD ?= notebooks/dashboards/patient_dashboard.ipynb
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_ARGS ?=
# The suite runs in parallel worker processes (pytest-xdist); pyproject.toml sets --dist loadfile, which keeps each file (and so
# each notebook's cells, and each module's servers) on one worker. WORKERS=1 runs it in one process.
WORKERS ?= 3
VOILA_ARGS ?=

.PHONY: dashboard test install install-test browser fonts node-tools clean help

help:
	@echo "make dashboard   install and serve the patient dashboard on http://$(HOST):$(PORT)"
	@echo "make test        install everything the tests need and run the whole suite"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -e ".[test,lint]"
	touch $(VENV)/.installed $@

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

# npm packages the browser tests inject into pages (axe-core), into ./node_modules.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@
node-tools: node_modules/.installed

# share/jupyter holds the workbook's Voila template (no CDN requests); JUPYTER_PATH makes Voila find it.
dashboard: $(VENV)/.installed $(FONT_FILES)
	JUPYTER_PATH=$(CURDIR)/share/jupyter $(BIN)/voila --no-browser --Voila.ip=$(HOST) --port=$(PORT) $(VOILA_ARGS) $(DASHBOARD)

# Dashboard performance figures (render time vs a one-widget page, click latency, kernel memory); prints them.
.PHONY: bench
bench: $(VENV)/.installed-test $(CHROMIUM) $(FONT_FILES)
	$(BIN)/python benchmarks/dashboard_perf.py

test: $(VENV)/.installed-test node_modules/.installed $(CHROMIUM) $(FONT_FILES)
	$(BIN)/python -m pytest $(if $(filter 1,$(WORKERS)),,-n $(WORKERS)) $(PYTEST_ARGS)

# The student copy of notebooks/ without notebooks/instructor/ and without cells tagged instructor or
# solution, in student_version/ (git-ignored, never committed).
.PHONY: student-version
student-version: $(VENV)/.installed
	$(BIN)/osteo-workbook student-version --out student_version

clean:
	rm -rf $(VENV) node_modules build dist test-artifacts student_version *.egg-info

# A room: the patient dashboard on the local network (0.0.0.0) with a token, a QR code, a pool of ready
# pages sized for ROOM, idle culling and a cap (see "Running a room" in README.md).
#   make workshop [ROOM=30] [CAP=room+5] [POOL=min(room,8)] [IDLE=10 (minutes)] [PORT=8866] [TOKEN=...]
#                 [QR_DIR=workshop]
ROOM ?= 30
.PHONY: workshop load
workshop: export OSTEO_WORKSHOP_TOKEN = $(TOKEN)
workshop: $(VENV)/.installed
	JUPYTER_PATH=$(CURDIR)/share/jupyter $(BIN)/python -m osteo_lib.apps.workshop --port=$(PORT) --room=$(ROOM) \
	  $(if $(CAP),--cap=$(CAP)) $(if $(POOL),--pool=$(POOL)) $(if $(IDLE),--idle-minutes=$(IDLE)) \
	  $(if $(QR_DIR),--qr-dir=$(QR_DIR)) $(DASHBOARD)

# Load benchmark: 40 simulated visitors against `make workshop` on loopback; prints the figures.
load: $(VENV)/.installed-test
	$(BIN)/python benchmarks/load_room.py $(LOAD_ARGS)
