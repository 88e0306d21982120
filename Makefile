# Lernraum: `make run` serves the app on SQLite with demo content; `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := app

.PHONY: run test install install-test system-deps browser translations messages lint clean

run: install translations
	$(BIN)/flask lms init
	@echo "Lernraum läuft auf http://$(HOST):$(PORT)  (Beenden mit Strg+C)"
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# The suite runs on SQLite; with TEST_DATABASE_URL set it runs again on that database
# (browser tests only once: they exercise the UI, not the database).
test: install-test browser translations
	env -u TEST_DATABASE_URL $(BIN)/pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on $$TEST_DATABASE_URL =="; \
		$(BIN)/pytest -m "not e2e"; \
	fi

install: system-deps $(VENV)/.installed
install-test: install $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# WeasyPrint needs Pango and HarfBuzz-Subset; installed from Debian's packages when missing
# and we are root.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
system-deps:
	@if ! ldconfig -p | grep -q libpango-1.0 || ! ldconfig -p | grep -q libharfbuzz-subset; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(SYSTEM_PACKAGES); \
		else echo "Bitte installieren: apt-get install $(SYSTEM_PACKAGES)"; exit 1; fi; \
	fi

# Browser tests drive Debian's chromium (Playwright's own browser download is not used).
browser:
	@if ! command -v chromium >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium poppler-utils; \
		else echo "Bitte chromium installieren (apt-get install chromium)"; exit 1; fi; \
	fi
	@command -v pdftotext >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq poppler-utils; }

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d lms/translations --statistics

# After adding or changing UI text: refresh the template and the English catalogue, then
# translate the new entries in lms/translations/en/LC_MESSAGES/messages.po.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --project Lernraum \
		--copyright-holder "Zukunftsraum Demografie" -o lms/translations/messages.pot .
	$(BIN)/pybabel update -i lms/translations/messages.pot -d lms/translations -l en --width 100

lint: install-test
	$(BIN)/ruff check lms tests benchmarks

clean:
	rm -rf $(VENV) instance .pytest_cache
