# Two commands do all set-up: `make` builds the default report, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: all report test check clean system-deps browser-deps docs-images

all: report

# WeasyPrint subsets fonts with HarfBuzz; without it, it logs a warning that the strict
# build treats as an error. Debian ships it as libharfbuzz-subset0.
SYSTEM_LIBS := libharfbuzz-subset.so.0:libharfbuzz-subset0 libpango-1.0.so.0:libpango-1.0-0

system-deps:
	@missing=""; for pair in $(SYSTEM_LIBS); do lib=$${pair%%:*}; pkg=$${pair##*:}; \
	  ldconfig -p | grep -q "$$lib" || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system libraries:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq $$missing; fi; fi

$(STAMP): pyproject.toml | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

report: system-deps $(STAMP)
	$(BIN)/python build.py build

check: $(STAMP)
	$(BIN)/python build.py check

# The preview test (`watch --serve`) drives Debian's Chromium, headless: never a browser
# build downloaded at run time (so no `playwright install`).
browser-deps:
	@command -v chromium >/dev/null || { echo "Installing chromium"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }

test: system-deps browser-deps $(STAMP)
	$(BIN)/python -m pytest

# Pictures of real pages for the handbook (docs/images/*.png, committed): rerun after a
# change to the look. pdftoppm is Debian's poppler-utils.
docs-images: system-deps $(STAMP)
	@command -v pdftoppm >/dev/null || { echo "Installing poppler-utils"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq poppler-utils; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq poppler-utils; fi; }
	PYTHON=$(BIN)/python docs/images/generate.sh

clean:
	rm -rf dist .cache
