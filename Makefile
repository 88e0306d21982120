# Lernraum: `make run` serves the app on SQLite with demo content; `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := app

.PHONY: run test install install-test system-deps test-tools translations messages lint clean

# Links the app writes (mails, certificates, xAPI ids) point where it runs, unless
# LMS_BASE_URL says otherwise.
run: export LMS_BASE_URL ?= http://$(HOST):$(PORT)
run: install translations
	$(BIN)/flask lms init
	@echo "Lernraum läuft auf http://$(HOST):$(PORT), Paketinhalte kommen von der Inhalte-Adresse (hier http://localhost:$(PORT))  (Beenden mit Strg+C)"
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# The suite runs on SQLite; with TEST_DATABASE_URL set it runs again on that database
# (browser tests only once: they exercise the UI, not the database).
test: install-test test-tools translations
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

# Tools the tests drive, from Debian's packages: chromium for the browser tests (Playwright's
# own browser download is not used), poppler-utils (PDF to text and PNG) and zbar-tools
# (reads the QR code on a certificate). Installed when missing and we are root.
TEST_TOOLS := chromium:chromium pdftotext:poppler-utils zbarimg:zbar-tools
test-tools:
	@missing=""; for pair in $(TEST_TOOLS); do \
		command -v $${pair%%:*} >/dev/null || missing="$$missing $${pair##*:}"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
		else echo "Bitte installieren: apt-get install$$missing"; exit 1; fi; \
	fi

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
