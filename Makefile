# talkdocs: two commands for a new machine — `make site` and `make test`.
VENV    ?= .venv
PY      := $(VENV)/bin/python
BIN     := $(VENV)/bin
RECORDS ?= records
SITE    ?= site
AS_OF   ?=
AS_OF_ARG := $(if $(AS_OF),--as-of $(AS_OF),)
export NO_MKDOCS_2_WARNING := 1

.PHONY: install site serve test lint unit browser bench clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

install: $(VENV)/.installed

# Builds the private site from the sample records. The check runs first and prints its findings; the
# sample records are built to show findings, so they do not stop the build (the build itself refuses
# records with errors that make a page impossible).
site: install
	@$(BIN)/talkdocs check --records $(RECORDS) $(AS_OF_ARG) || echo "（以上问题不影响生成站点；示例记录有意包含这些问题）"
	$(BIN)/talkdocs build --config-file mkdocs.yml --records $(RECORDS) --site-dir $(SITE) $(AS_OF_ARG)
	@echo ""
	@echo "站点已生成：$(abspath $(SITE))/index.html"
	@echo "浏览：$(BIN)/talkdocs serve --records $(RECORDS)   然后打开 http://127.0.0.1:8000/"

serve: install
	$(BIN)/talkdocs serve --records $(RECORDS) $(AS_OF_ARG)

lint: install
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy

unit: install
	bash scripts/ensure-office.sh
	bash scripts/ensure-language-server.sh
	$(BIN)/pytest -n 2 -m "not browser"

browser: install
	bash scripts/ensure-browser.sh
	$(BIN)/pytest -m browser

test: lint unit browser

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(SITE) .cache .pytest_cache .mypy_cache .ruff_cache
