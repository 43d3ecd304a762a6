# Two commands do all set-up: `make` builds the default report, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: all report test fast lint check clean system-deps test-deps docs-images references

all: report

# WeasyPrint subsets fonts with HarfBuzz; without it, it logs a warning that the strict
# build treats as an error. Debian ships it as libharfbuzz-subset0.
SYSTEM_LIBS := libharfbuzz-subset.so.0:libharfbuzz-subset0 libpango-1.0.so.0:libpango-1.0-0

# apt-get as root, or through sudo.
APT := $(if $(filter 0,$(shell id -u)),,sudo) apt-get

system-deps:
	@missing=""; for pair in $(SYSTEM_LIBS); do lib=$${pair%%:*}; pkg=$${pair##*:}; \
	  ldconfig -p | grep -q "$$lib" || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system libraries:$$missing"; $(APT) update -qq && $(APT) install -y -qq $$missing; fi

$(STAMP): pyproject.toml | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

report: system-deps $(STAMP)
	$(BIN)/python build.py build

check: $(STAMP)
	$(BIN)/python build.py check

# The tests use Debian's Chromium, headless, for the preview of `watch --serve` (never a
# browser build downloaded at run time, so no `playwright install`), qpdf for the PDF
# syntax check, and poppler's pdftoppm and pdftotext to render the print sheet and to
# extract text as readers do.
TEST_TOOLS := chromium:chromium qpdf:qpdf pdftoppm:poppler-utils

test-deps:
	@missing=""; for pair in $(TEST_TOOLS); do cmd=$${pair%%:*}; pkg=$${pair##*:}; \
	  command -v "$$cmd" >/dev/null || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing test tools:$$missing"; $(APT) update -qq && $(APT) install -y -qq $$missing; fi

# In parallel, a worker per core (pytest-xdist): a build several tests read is made once,
# by the first worker to ask (tests/conftest.py, built_edition).
test: system-deps test-deps $(STAMP) lint
	$(BIN)/python -m pytest -n auto

# The code's own checks: formatting, lint and types (ruff and mypy, settings in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

# The fast layer: every test that needs no WeasyPrint (nor a second run of the suite), in
# about 20 s; its property tests draw a fifth of their examples (make test draws them all).
fast: $(STAMP)
	IP360_QUICK_EXAMPLES=1 $(BIN)/python -m pytest -m "not pdf and not slow" -n auto

# The visual regression test's reference renders (tests/references/2020-es/, committed) and
# the contract layer's snapshots (tests/contract/: the composed HTML and the charts' CSV of
# each edition): after an intended change, rewrite them from a fresh build, look, commit.
references: system-deps $(STAMP)
	$(BIN)/python -m pytest tests/test_contract.py tests/test_visual.py --update-references -q

# Pictures of real pages for the handbook (docs/images/*.png, committed): rerun after a
# change to the look. pdftoppm is Debian's poppler-utils; the proof page is shot with Chromium.
docs-images: system-deps test-deps $(STAMP)
	@command -v pdftoppm >/dev/null || { $(APT) update -qq && $(APT) install -y -qq poppler-utils; }
	PYTHON=$(BIN)/python docs/images/generate.sh

clean:
	rm -rf dist .cache
