"""Resuming after logging out and in, and version pinning across a sync, in Chromium."""

import pytest
from playwright.sync_api import expect

from lms.packages.importing import sync_modules
from tests.e2e.steps import log_in
from tests.packages.sample import PAGE_1, PAGE_2, write_module


@pytest.fixture
def modules_dir(app, tmp_path):
    """Two sample modules, synced."""
    folder = tmp_path / "modules"
    write_module(folder, "erstes-modul", title="Erstes Modul")
    write_module(folder, "zweites-modul", title="Zweites Modul")
    assert not sync_modules(folder).errors
    return folder


def _log_out(page):
    page.get_by_role("button", name="Abmelden").click()
    page.get_by_text("Sie sind abgemeldet.").wait_for()


def test_learner_resumes_where_they_left_off_after_logging_out_and_in(
    page, modules_dir, make_user, assert_accessible
):
    user = make_user()
    log_in(page, user)
    page.goto("/lernen/zweites-modul")
    page.get_by_role("link", name="Nächste Seite").click()
    page.get_by_text("Seite 2 von 2").wait_for()
    _log_out(page)

    log_in(page, user)
    page.goto("/lernen/zweites-modul")
    page.get_by_role("heading", name="Zweite Seite", level=1).wait_for()
    page.get_by_text("Seite 2 von 2").wait_for()
    assert_accessible(page)


def test_module_synced_mid_module_leaves_the_learner_on_their_version(
    page, browser, server_url, modules_dir, make_user, assert_accessible
):
    learner = make_user()
    log_in(page, learner)
    page.goto("/lernen/erstes-modul")
    page.get_by_text("Seite 1 von 2").wait_for()

    changed = PAGE_2.replace("# Zweite Seite", "# Zweite Seite, neu gefasst")
    write_module(
        modules_dir, "erstes-modul", title="Erstes Modul", version="1.1.0", pages=(PAGE_1, changed)
    )
    assert sync_modules(modules_dir).updated == ["erstes-modul"]

    page.get_by_role("link", name="Nächste Seite").click()
    page.get_by_role("heading", name="Zweite Seite", level=1, exact=True).wait_for()
    page.get_by_text("Version 1.0.0").wait_for()
    assert_accessible(page)

    newcomer_context = browser.new_context(locale="de-DE", base_url=server_url)
    newcomer = newcomer_context.new_page()
    try:
        log_in(newcomer, make_user())
        newcomer.goto("/lernen/erstes-modul")
        newcomer.get_by_role("link", name="Nächste Seite").click()
        newcomer.get_by_role("heading", name="Zweite Seite, neu gefasst", level=1).wait_for()
    finally:
        newcomer_context.close()


def test_player_pages_fit_a_phone_screen(page, app, modules_dir, make_user):
    assert not sync_modules(app.config["MODULES_PATH"]).errors
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, make_user())
    page.goto("/lernen/mobilitaet")
    page.goto("/lernen/erstes-modul")
    page.goto("/lernen/erstes-modul/test")
    page.get_by_role("button", name="Test starten").click()
    page.get_by_role("button", name="Test abgeben").wait_for()
    attempt = page.url
    for url in (
        "/lernen/mobilitaet/seite/2",
        "/lernen/erstes-modul/seite/1",
        "/lernen/erstes-modul/seite/2",
        attempt,
        "/notizbuch",
    ):
        page.goto(url)
        page.locator("h1").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, url


def test_unanswered_element_gets_its_message_in_place(page, modules_dir, make_user):
    log_in(page, make_user())
    page.goto("/lernen/erstes-modul")
    page.locator("#el-einfach").get_by_role("button", name="Antwort prüfen").click()
    page.locator("#el-einfach").get_by_text("Bitte wählen Sie eine Antwort aus.").wait_for()
    expect(page.get_by_label("Antwort A")).to_be_focused()
    assert page.url.endswith("/lernen/erstes-modul/seite/1")
