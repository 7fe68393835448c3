# The book's two commands: `make html` builds it, `make test` tests it.
# Both create .venv from the pinned requirements on first use.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# sphinx-build, leaving without freeing the build's memory object by object (seconds).
SPHINX := $(BIN)/python scripts/sphinx_build.py
# Strict by default: any warning fails the build (nitpicky, as on Read the Docs).
SPHINXOPTS ?= -n -W --keep-going
# Parallel build: one process per core. Reading deals one page that draws charts to
# each worker, and writing gives each worker whole pages while the main process waits,
# so a third process on two cores only contends: in three make bench runs (6 December
# 2026), clean builds of 1,000 and 3,000 posts took 20.4-23.0 and 50.2-59.4 s with -j 2,
# 21.2-24.9 and 54.4-62.8 s with -j 3 (each pair 4-18% faster with -j 2), at 100 posts
# as fast either way; -j 3 took less memory at 1,000 posts (155 against 181 MiB).
JOBS ?= $(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
# Each builder keeps its doctrees outside its output (epub warns otherwise).
BUILD := _build

.DEFAULT_GOAL := help
.PHONY: help venv posts html html-current epub latex pdf test lint bench mutation links linkcheck vendor sources-report clean

help: ## List the targets
	@echo "make html            build the book into $(BUILD)/html (regenerates posts/ too)"
	@echo "make test            run every test (lint, converter, builds, browser, EPUB, PDF);"
	@echo "                     installs what they need; WITHOUT=browser,epub,feed,pdf leaves some out"
	@echo "make posts           regenerate posts/ from archive/"
	@echo "make epub | pdf      build the EPUB, or the PDF (latexmk and xelatex, as Read the Docs)"
	@echo "make latex           build only the LaTeX sources of the PDF"
	@echo "make sources-report  list mentions of sources that carry no citation"
	@echo "make bench           measure converter and build speed, memory, page size and search"
	@echo "make mutation        how many deliberately broken copies of the converter's pure"
	@echo "                     modules the fast tests catch (mutmut; prints the score)"
	@echo "make links           check every external address into data/links.csv, with"
	@echo "                     archived copies of dead ones (LINKSOPTS=--help for options)"
	@echo "make linkcheck       Sphinx's own check of external links (needs the network)"
	@echo "make vendor          copy floating-ui (link previews) from npm into _static/vendor/"
	@echo "make clean           remove build output"

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(STAMP)

posts: $(STAMP) ## Regenerate posts/ from archive/
	$(BIN)/python scripts/convert.py

# What the HTML is built from. With nothing in them newer than the last good build,
# sphinx-build is skipped: even with nothing to do it costs 2 s (imports, indices).
HTML_SOURCES := conf.py index.md sources.md glossary.md references.bib topics posts _static _templates \
	data scripts/blogbook scripts/sphinx_build.py archive requirements.txt
HTML_DONE := $(BUILD)/html/.done

# Exits 0 when the last good build is current (make bench asks it too).
html-current:
	@[ -f $(HTML_DONE) ] && [ -z "$$(find $(HTML_SOURCES) -newer $(HTML_DONE) -print -quit 2>/dev/null)" ]

# With a change, the converter runs alongside Sphinx's start (--convert=.: 0.6 s sooner after
# an edit of 1,000 posts). Without one, the converter only repeats its last report, and
# Sphinx is skipped if the converter wrote nothing (a page deleted by hand is written again).
html: $(STAMP)
	@if $(MAKE) --no-print-directory -s html-current 2>/dev/null \
		&& $(BIN)/python scripts/convert.py \
		&& $(MAKE) --no-print-directory -s html-current 2>/dev/null; \
	then echo "html: nothing changed since the last build"; \
	else $(SPHINX) --convert=. $(SPHINXOPTS) -j $(JOBS) -b html -d $(BUILD)/doctrees/html . \
		$(BUILD)/html && touch $(HTML_DONE); fi

epub: posts
	$(SPHINX) $(SPHINXOPTS) -b epub -d $(BUILD)/doctrees/epub . $(BUILD)/epub

latex: posts
	$(SPHINX) $(SPHINXOPTS) -b latex -d $(BUILD)/doctrees/latex . $(BUILD)/latex

# Read the Docs runs latexmk with -f, which lets LaTeX errors pass; here they stop the build.
pdf: latex
	$(MAKE) -C $(BUILD)/latex LATEXOPTS="-halt-on-error -interaction=nonstopmode"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Groups of tests to leave out on purpose, e.g. `make test WITHOUT=browser` on a machine
# without a browser (browser, epub, feed, pdf); they are reported as not run.
WITHOUT ?=
# Tests run in two processes (pytest-xdist), a test file each at a time, so that the books a
# file builds once are built by one process; TEST_WORKERS=0 runs them in this one.
TEST_WORKERS ?= 2
test: lint
	$(BIN)/python scripts/prerequisites.py --without "$(WITHOUT)"
	TESTS_WITHOUT="$(WITHOUT)" $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

sources-report: $(STAMP)
	$(BIN)/python scripts/convert.py --sources-report

# A smaller run while developing: make bench BENCHOPTS="--posts 100,300 --converter-posts 2000"
BENCHOPTS ?=

bench: $(STAMP)
	$(BIN)/python scripts/bench.py $(BENCHOPTS)

# Mutation testing (scripts/mutation.py, [tool.mutmut] in pyproject.toml), in _build/mutation.
# Retest some mutants of the last run: make mutation MUTATIONOPTS="--keep 'blogbook.slugs.*'"
MUTATIONOPTS ?=

mutation: $(STAMP)
	$(BIN)/python scripts/mutation.py $(MUTATIONOPTS)

# The editor's link checker: reads the book through the converter in memory, writes
# data/links.csv; independent of Sphinx's linkcheck below.
LINKSOPTS ?=
links: $(STAMP)
	$(BIN)/python scripts/links.py $(LINKSOPTS)

# The link previews' positioning library, from npm at the version package-lock.json pins;
# commit the copies (the pages must work offline, with nothing from a CDN).
FLOATING_UI := node_modules/@floating-ui
vendor:
	npm ci
	cp $(FLOATING_UI)/core/dist/floating-ui.core.umd.min.js \
		$(FLOATING_UI)/dom/dist/floating-ui.dom.umd.min.js $(FLOATING_UI)/dom/LICENSE \
		_static/vendor/floating-ui/

linkcheck: posts
	$(SPHINX) -b linkcheck -d $(BUILD)/doctrees/linkcheck . $(BUILD)/linkcheck

clean: ## Remove build output only (never posts/ or the virtual environment)
	rm -rf $(BUILD)
