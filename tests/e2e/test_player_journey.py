"""A learner works through a module with every element kind and the final test, in Chromium."""

import pytest
from playwright.sync_api import expect

from lms.packages.importing import sync_modules
from tests.e2e.steps import log_in
from tests.packages.sample import write_module


@pytest.fixture
def sample(app, tmp_path):
    """The sample module with all eight element kinds, synced."""
    write_module(tmp_path / "modules")
    assert not sync_modules(tmp_path / "modules").errors
    return tmp_path / "modules"


def _check(page, element_id: str, button: str = "Antwort prüfen"):
    """Submit one element and wait until its feedback has focus (the script moves it there)."""
    page.locator(f"#el-{element_id}").get_by_role("button", name=button).click()
    expect(page.locator(f"#el-{element_id}-feedback")).to_be_focused()


def test_learner_completes_every_element_and_passes_the_test_on_the_second_attempt(
    page, sample, make_user, assert_accessible
):
    log_in(page, make_user())
    page.goto("/lernen/probe-modul")
    page.get_by_role("heading", name="Erste Seite", level=1).wait_for()
    page.get_by_text("Seite 1 von 2").wait_for()
    assert_accessible(page)

    page.get_by_label("Antwort A").check()
    _check(page, "einfach")
    assert "Noch nicht ganz richtig." in page.locator("#el-einfach-feedback").inner_text()
    assert "A ist falsch." in page.locator("#el-einfach").inner_text()
    page.get_by_label("Antwort B").check()
    _check(page, "einfach")
    assert "Richtig!" in page.locator("#el-einfach-feedback").inner_text()

    page.get_by_label("Eins").check()
    page.get_by_label("Zwei").check()
    _check(page, "mehrfach")
    page.locator("#el-wahr").get_by_label("richtig", exact=True).check()
    _check(page, "wahr")
    page.get_by_label("Lücke 1").fill("Rufbus")
    page.get_by_label("Lücke 2").fill("Bürgerbus")
    _check(page, "luecke")
    for element_id in ("mehrfach", "wahr", "luecke"):
        assert "Richtig!" in page.locator(f"#el-{element_id}-feedback").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Nächste Seite").click()
    page.get_by_text("Seite 2 von 2").wait_for()
    for step, position in (("Planen", "1"), ("Umsetzen", "2"), ("Auswerten", "3")):
        page.get_by_label(step).select_option(position)
    _check(page, "reihenfolge")
    for left, right in (
        ("Schülerbeförderung", "Landkreis"),
        ("Bauleitplanung", "Gemeinde"),
        ("Pflegeversicherung", "Bund"),
    ):
        page.get_by_label(left).select_option(label=right)
    _check(page, "zuordnung")
    page.locator("#el-selbst").get_by_label("Ihre Antwort").fill(
        "Die Altersstruktur und Wanderungen."
    )
    _check(page, "selbst", "Antwort speichern und Musterlösung zeigen")
    page.get_by_text("Die Altersstruktur.").wait_for()
    page.get_by_label("Ich lag richtig.").check()
    page.get_by_role("button", name="Einschätzung speichern").click()
    page.get_by_text("Ihre Einschätzung: Ich lag richtig.").wait_for()
    page.locator("#el-transfer").get_by_label("Ihre Notiz (nur für Sie sichtbar)").fill(
        "Abendbus für Nord prüfen."
    )
    _check(page, "transfer", "Im Notizbuch speichern")
    page.get_by_text("Gespeichert in Ihrem Notizbuch.").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Zum Abschlusstest").click()
    page.get_by_role("heading", name="Abschlusstest", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Test starten").click()
    page.get_by_role("button", name="Test abgeben").click()
    page.get_by_text("Bitte beantworten Sie alle Fragen").wait_for()
    assert_accessible(page)
    page.locator("#q-q-eins").get_by_label("falsch", exact=True).check()
    page.locator("#q-q-zwei").get_by_label("richtig", exact=True).check()
    page.get_by_label("Lücke 1").fill("Bonn")
    page.get_by_role("button", name="Test abgeben").click()
    page.get_by_text("Nicht bestanden.").wait_for()
    page.get_by_text("0 von 3 Punkten (0 %)").wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Neuen Versuch starten").click()
    page.locator("#q-q-eins").get_by_label("richtig", exact=True).check()
    page.locator("#q-q-zwei").get_by_label("falsch", exact=True).check()
    page.get_by_label("Lücke 1").fill("Berlin")
    page.get_by_role("button", name="Test abgeben").click()
    page.get_by_text("Bestanden – herzlichen Glückwunsch!").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Zum Modulabschluss").click()
    page.get_by_role("heading", name="Geschafft: Modul abgeschlossen").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Ihre Notizen im Notizbuch ansehen und exportieren").click()
    page.get_by_text("Abendbus für Nord prüfen.").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Bearbeiten (Probemodul)").click()
    page.get_by_role("heading", name="Notiz bearbeiten").wait_for()
    assert_accessible(page)
    page.get_by_label("Ihre Notiz").fill("Abendbus für Nord und Süd prüfen.")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Ihre Notiz ist gespeichert.").wait_for()
    page.get_by_text("Abendbus für Nord und Süd prüfen.").wait_for()


def test_answers_work_without_javascript(browser, server_url, app, sample, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    context = browser.new_context(locale="de-DE", base_url=server_url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, make_user())
        page.goto("/lernen/probe-modul")
        page.get_by_label("Antwort B").check()
        page.locator("#el-einfach").get_by_role("button", name="Antwort prüfen").click()
        page.get_by_text("Richtig!").wait_for()
        assert page.url.endswith("#el-einfach-feedback")
    finally:
        context.close()
        app.config["WTF_CSRF_ENABLED"] = False
