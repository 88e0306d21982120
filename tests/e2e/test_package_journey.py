"""An author uploads a cmi5 course, sees the preview, test-launches it and publishes; a learner
launches it from the catalogue, the AU runs from the content origin in the frame and in its own
window, and the learner's page shows the module done. The content origin never sees the
session cookie."""

import os

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lms.extensions import db
from lms.packages import content_origin
from lms.progress.models import ModuleProgress
from tests.e2e.cmi5_au import course_zip
from tests.e2e.steps import log_in

SHOTS = os.environ.get("LMS_SCREENSHOTS")
"""Set to a folder (outside the repository) to keep screenshots of the journey."""


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def cookies_seen(monkeypatch):
    """The Cookie headers the content origin received during the test."""
    seen: list[str | None] = []
    original = content_origin.ContentOrigin.serve

    def recording(self, request, prefix):
        seen.append(request.headers.get("Cookie"))
        return original(self, request, prefix)

    monkeypatch.setattr(content_origin.ContentOrigin, "serve", recording)
    return seen


def upload(page, tmp_path, data: bytes):
    path = tmp_path / "mobilitaets-check.zip"
    path.write_bytes(data)
    page.goto("/autorenbereich/module")
    page.get_by_label("Paket (ZIP-Datei oder cmi5-Kursstruktur als XML)").set_input_files(path)
    page.get_by_role("button", name="Hochladen und prüfen").click()


def finish_in_frame(page):
    frame = page.frame_locator("iframe.package-frame__content")
    expect(frame.locator("#status")).to_contain_text("läuft")
    expect(frame.locator("#cookies")).to_have_text("keine")
    frame.get_by_role("button", name="Einheit abschließen").click()


def test_author_previews_and_publishes_a_cmi5_course_a_learner_completes_it(
        page, browser, server_url, make_user, tmp_path, assert_accessible, cookies_seen):
    author, learner = make_user(roles=["author"]), make_user()
    log_in(page, author)
    upload(page, tmp_path, course_zip())

    expect(page.get_by_role("status")).to_contain_text("„Mobilitäts-Check“ ist als Entwurf")
    expect(page.locator("main")).to_contain_text("cmi5-Kurs (cmi5.xml)")
    expect(page.get_by_role("table")).to_contain_text("Wege zum Arzt")
    expect(page.get_by_role("table")).to_contain_text("abgeschlossen")
    assert_accessible(page)
    shot(page, "author-preview-1280")
    page.set_viewport_size({"width": 360, "height": 800})
    shot(page, "author-preview-360")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Testen – Wege zum Arzt").click()
    finish_in_frame(page)
    page.wait_for_url("**/autorenbereich/module/**")
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_role("status")).to_contain_text("ist veröffentlicht")
    assert db.session.scalar(select(ModuleProgress)) is None  # the test counted for nobody

    learner_context = browser.new_context(locale="de-DE", base_url=server_url,
                                          viewport={"width": 1280, "height": 900})
    learning = learner_context.new_page()
    log_in(learning, learner)
    learning.goto("/module")
    learning.get_by_role("link", name="Mobilitäts-Check").click()
    learning.get_by_role("link", name="Modul starten").first.click()
    expect(learning.get_by_role("heading", name="Mobilität im Alter")).to_be_visible()
    assert_accessible(learning)
    learning.get_by_role("button", name="Starten – Wege zum Arzt").click()
    expect(learning.frame_locator("iframe.package-frame__content").locator("#status")
           ).to_contain_text("läuft (Normal)")
    assert_accessible(learning)
    shot(learning, "learner-running-1280")
    learning.set_viewport_size({"width": 360, "height": 800})
    shot(learning, "learner-running-360")
    learning.set_viewport_size({"width": 1280, "height": 900})
    finish_in_frame(learning)

    learning.wait_for_url("**/einheiten")
    expect(learning.locator("main")).to_contain_text("Sie haben alle Lerneinheiten erfüllt.")
    shot(learning, "learner-done-1280")
    db.session.expire_all()
    row = db.session.scalar(select(ModuleProgress).where(ModuleProgress.user_id == learner.id))
    assert row.status == "completed"
    learner_context.close()
    assert cookies_seen and all(cookie is None for cookie in cookies_seen)


def test_an_own_window_unit_replaces_the_page_and_returns(page, make_user, tmp_path,
                                                          cookies_seen):
    from tests.packages.runtime import import_package

    import_package(course_zip("OwnWindow"))
    learner = make_user()
    log_in(page, learner)
    page.goto("/module")
    page.get_by_role("link", name="Mobilitäts-Check").click()
    page.get_by_role("link", name="Modul starten").first.click()

    page.get_by_role("button", name="Starten – Wege zum Arzt").click()
    page.wait_for_url("http://localhost:*/p/**")
    expect(page.locator("#cookies")).to_have_text("keine")
    page.get_by_role("button", name="Einheit abschließen").click()

    page.wait_for_url("**/einheiten")
    expect(page.locator("main")).to_contain_text("Sie haben alle Lerneinheiten erfüllt.")
    assert cookies_seen and all(cookie is None for cookie in cookies_seen)
