"""Visitors browse the wiki and the seminar archive; an author edits a page and sees its history."""

from pathlib import Path

import pytest

from lms.resources.loader import sync_content
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path("/tmp")


@pytest.fixture
def content(app):
    report = sync_content(ROOT / "content")
    assert not report.errors


def _shots(page, name):
    page.screenshot(path=str(SHOTS / f"wiki-{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(SHOTS / f"wiki-{name}-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{name} zu breit"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_visitor_browses_filters_and_opens_a_page(page, content, assert_accessible):
    page.goto("/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Wiki").click()
    page.get_by_role("heading", level=1, name="Demografie-Wiki").wait_for()
    assert_accessible(page)
    _shots(page, "index")

    page.get_by_label("Art", exact=True).select_option("praxisbeispiel")
    page.get_by_label("Thema").select_option("mobilitaet")
    page.get_by_role("button", name="Suchen").click()
    page.get_by_text("1 Seite", exact=True).wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Rufbus im ländlichen Landkreis").click()
    page.get_by_role("heading", level=1, name="Rufbus im ländlichen Landkreis").wait_for()
    assert page.get_by_text("Landkreis Beispielau").first.is_visible()
    assert_accessible(page)
    _shots(page, "page")

    page.goto("/wiki/bevoelkerungsvorausberechnung-lesen")
    _shots(page, "long-title")


def test_author_edits_with_note_and_sees_revision(page, content, make_user, assert_accessible):
    author = make_user(roles=["author"], name="Autorin Beispiel")
    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(author.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Willkommen zurück").wait_for()

    page.goto("/wiki/world-cafe")
    page.get_by_role("link", name="Seite bearbeiten").click()
    page.get_by_role("heading", level=1, name="„World Café“ bearbeiten").wait_for()
    assert_accessible(page)
    _shots(page, "edit")

    body = page.get_by_label("Text (Markdown)")
    body.fill(body.input_value() + "\n\n## Erfahrungen aus dem Netzwerk\n\nKleine Tische wirken.")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Bitte beschreiben Sie kurz Ihre Änderung.").first.wait_for()
    assert_accessible(page)

    page.get_by_label("Änderungsnotiz").fill("Erfahrungen ergänzt")
    page.get_by_role("button", name="Vorschau").click()
    page.get_by_role("heading", name="Vorschau (noch nicht gespeichert)").wait_for()
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Die Seite „World Café“ ist gespeichert.").wait_for()
    assert page.get_by_role("heading", name="Erfahrungen aus dem Netzwerk").is_visible()

    page.get_by_role("link", name="Versionsgeschichte").click()
    page.get_by_role("cell", name="Erfahrungen ergänzt").wait_for()
    assert page.get_by_role("cell", name="Autorin Beispiel").is_visible()
    assert_accessible(page)
    _shots(page, "history")

    page.get_by_role("link", name="ansehen").first.click()
    page.get_by_text("Änderungen gegenüber der vorherigen Fassung").wait_for()
    page.locator("ins", has_text="Kleine Tische wirken.").wait_for()
    assert_accessible(page)
    _shots(page, "revision")

    page.goto("/wiki/world-cafe/loeschen")
    page.get_by_role("button", name="Ja, Seite löschen").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, Seite löschen").click()
    page.get_by_text("Alle Fassungen bleiben gespeichert.").wait_for()
    page.get_by_role("link", name="Gelöschte Seiten").click()
    assert_accessible(page)
    page.get_by_role("button", name="Wiederherstellen – World Café").click()
    page.get_by_text("Die Seite „World Café“ ist wiederhergestellt.").wait_for()

    page.goto("/seminare/neu")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_role("heading", name="Bitte prüfen Sie Ihre Eingaben").wait_for()
    assert_accessible(page)
    _shots(page, "seminar-edit")


def test_seminar_archive_and_page(page, content, assert_accessible):
    page.goto("/seminare/")
    page.get_by_role("heading", level=1, name="Online-Seminare").wait_for()
    assert_accessible(page)
    _shots(page, "seminars")

    page.get_by_label("Thema").select_option("mobilitaet")
    page.get_by_role("button", name="Suchen").click()
    page.get_by_role("link", name="Mobil im Alter auf dem Land").click()
    page.get_by_role("heading", level=1, name="Mobil im Alter auf dem Land").wait_for()
    assert page.get_by_text("Mittwoch, 12. März 2025").is_visible()
    assert page.locator("video#seminar-video").is_visible()
    assert_accessible(page)
    _shots(page, "seminar")
