"""Journeys through the seminars, the wiki and the search, in headless Chromium with axe.

Screenshots go to ``LMS_SCREENSHOTS`` (a folder) when it is set, at 1280 and 360 px.
"""

import os
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.catalog.models import Module
from lms.core.mail import stored_mails
from lms.core.vocabulary import Verb
from lms.extensions import db
from lms.packages.importing import sync_modules
from lms.progress.models import ModuleProgress
from lms.seminars import registration
from lms.seminars.models import Seminar
from lms.wiki import services as wiki
from lms.xapi import services as xapi
from tests.e2e.steps import log_in
from tests.packages.sample import write_module
from tests.seminars import conftest as seminar_builders

SHOTS = os.environ.get("LMS_SCREENSHOTS")
make_seminar = seminar_builders.make_seminar  # the builder fixture of the seminar tests
MEDIA = "seminars/media/mobilitaet-2025-03"


def _until(page, condition: str, timeout: float = 30) -> None:
    """Poll ``condition`` (a JS function of the video) until true; the CSP forbids eval."""
    end = time.monotonic() + timeout
    video = page.locator("video#seminar-video")
    while not video.evaluate(condition):
        assert time.monotonic() < end, f"{condition} nach {timeout} s nicht erfüllt"
        time.sleep(0.1)


def _shots(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-1280.png", full_page=True)
        page.set_viewport_size({"width": 360, "height": 800})
        page.screenshot(path=f"{SHOTS}/{name}-360.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{name} zu breit"
    page.set_viewport_size({"width": 1280, "height": 900})


def _page(title, body, **fields):
    values = {"title": title, "kind": "leitfaden", "topics": ["mobilitaet"],
              "summary": f"Kurz zu {title}.", "body": body, **fields}
    return values


@pytest.fixture
def author(make_user):
    return make_user(roles=["author"], name="Anna Autorin")


@pytest.fixture
def recorded_module(app, tmp_path, make_seminar):
    """The shipped short recording as a seminar, and a module that requires watching it."""
    make_seminar("kurzfassung", title="Mobil im Alter – Kurzfassung", video_file=f"{MEDIA}.webm",
                 captions=[{"lang": "de", "label": "Deutsch", "file": f"{MEDIA}.de.vtt"}],
                 slides_file=f"{MEDIA}-folien.pdf",
                 chapters=[{"at": "00:00:00", "title": "Begrüßung"},
                           {"at": "00:00:33", "title": "Rufbus im Landkreis"},
                           {"at": "00:01:19", "title": "Zum Weiterlernen"}])
    folder = tmp_path / "modules"
    path = write_module(folder, "mobil-im-alter", title="Mobil im Alter", quiz=False)
    manifest = path / "module.toml"
    text = manifest.read_text().replace('seminars = ["mobilitaet-2025-03"]',
                                        'seminars = ["kurzfassung"]')
    manifest.write_text(text.replace("quiz = false\n", 'quiz = false\nresources = '
                                     '["seminar:kurzfassung"]\n'), encoding="utf-8")
    assert not sync_modules(folder).errors
    return db.session.scalar(select(Module).where(Module.slug == "mobil-im-alter"))


def test_learner_follows_the_module_into_the_seminar_and_watches_to_the_end(
        page, make_user, recorded_module, assert_accessible):
    learner = make_user(name="Lena Lernende")
    log_in(page, learner)
    page.goto("/lernen/mobil-im-alter")
    page.goto("/lernen/mobil-im-alter/seite/1")
    page.goto("/lernen/mobil-im-alter/seite/2")
    page.goto("/module/mobil-im-alter")
    page.get_by_role("link", name="Mobil im Alter – Kurzfassung").click()
    page.get_by_role("heading", level=1, name="Mobil im Alter – Kurzfassung").wait_for()
    assert "von=modul:mobil-im-alter" in page.url
    video = page.locator("video#seminar-video")
    _until(page, "v => v.readyState >= 1")
    assert_accessible(page)

    captions = page.get_by_role("button", name="Untertitel")
    assert captions.get_attribute("aria-pressed") == "true"
    captions.click()
    assert captions.get_attribute("aria-pressed") == "false"
    captions.click()
    video.evaluate("v => { v.muted = true; v.playbackRate = 8; }")
    page.get_by_role("button", name="Abspielen").click()
    _until(page, "v => v.currentTime > 20")
    page.get_by_role("button", name="00:00:33 Rufbus im Landkreis").click()
    _until(page, "v => v.currentTime > 34")
    page.locator(".cue.is-current").wait_for()
    current = page.locator(".cue.is-current").inner_text()
    assert "Linienbedarfsverkehr" in current or "Rufbus" in current
    page.get_by_role("button", name="00:00:00 Begrüßung").click()  # back: watch it all
    _until(page, "v => v.ended", timeout=60)
    page.get_by_text("Aufzeichnung vollständig angesehen").wait_for(state="attached")
    _shots(page, "seminar-player")

    for _ in range(50):  # the player posts its events in the background
        statements, _ = xapi.query_statements(verb=Verb.COMPLETED)
        done = [s for s in statements if s["object"]["id"].endswith("/kurzfassung/recording")]
        if done:
            break
        time.sleep(0.2)
    assert done
    parent = done[0]["context"]["contextActivities"]["parent"][0]["id"]
    assert parent.endswith("/xapi/activities/module/mobil-im-alter")
    db.session.expire_all()
    row = db.session.scalar(select(ModuleProgress).where(ModuleProgress.user_id == learner.id))
    assert row.resources_done == ["seminar:kurzfassung"] and row.status == "completed"
    page.goto("/lernen/mobil-im-alter/abschluss")
    assert "bis zum Ende ansehen" not in page.content()


def test_full_seminar_waiting_list_and_moving_up(page, browser, server_url, make_seminar,
                                                 make_user, assert_accessible):
    seminar = make_seminar("voll", title="Dorfläden als Treffpunkt", capacity=1,
                           held_on=date.today() + timedelta(days=20),
                           online_url="https://konferenz.example.org/dorfladen")
    first = make_user(name="Erste Person", email="erste@kommune.de")
    registration.register(seminar, first)
    waiting = make_user(name="Wartende Person", email="wartend@kommune.de")
    log_in(page, waiting)
    page.goto("/seminare/voll")
    assert "konferenz.example.org" not in page.content()
    page.get_by_text("Das Seminar ist ausgebucht.").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Auf die Warteliste").click()
    page.get_by_text("Sie stehen auf der Warteliste an Stelle 1.").wait_for()
    assert_accessible(page)
    _shots(page, "seminar-waiting")

    other = browser.new_context(locale="de-DE", base_url=server_url)
    first_page = other.new_page()
    log_in(first_page, first)
    first_page.goto("/seminare/voll")
    first_page.get_by_role("button", name="Abmelden").last.click()
    first_page.get_by_text("Sie sind abgemeldet.").wait_for()
    other.close()

    page.reload()
    page.get_by_text("Sie sind angemeldet.").wait_for()
    assert page.get_by_role("link", name="https://konferenz.example.org/dorfladen").is_visible()
    moved = [mail for mail in stored_mails() if mail.recipient == "wartend@kommune.de"]
    assert any("Platz ist frei geworden" in mail.subject and mail.attachments == ("voll.ics",)
               for mail in moved)
    db.session.expire_all()
    assert db.session.get(Seminar, seminar.id).seats_taken == 1
    page.goto("/seminare/")
    assert_accessible(page)
    _shots(page, "seminar-list")


def test_two_editors_and_the_second_merges_without_losing_text(
        page, browser, server_url, author, make_user, assert_accessible):
    wiki.save_page(None, slug="dorfladen", user_id=author.id, note="angelegt", fields=_page(
        "Einen Dorfladen gründen", "Erster Absatz zum Laden.\n\nZweiter Absatz zur Finanzierung."))
    db.session.commit()
    colleague = make_user(roles=["author"], name="Kollege Kurz")
    log_in(page, author)
    page.goto("/wiki/dorfladen/bearbeiten")
    other = browser.new_context(locale="de-DE", base_url=server_url)
    second = other.new_page()
    log_in(second, colleague)
    second.goto("/wiki/dorfladen/bearbeiten")
    body = second.get_by_label("Text (Markdown)")
    body.fill("Erster Absatz zum Laden.\n\nZweiter Absatz zur Finanzierung, mit Genossenschaft.")
    second.get_by_label("Änderungsnotiz").fill("Genossenschaft ergänzt")
    second.get_by_role("button", name="Speichern").click()
    second.get_by_text("ist gespeichert").wait_for()
    other.close()

    mine = page.get_by_label("Text (Markdown)")
    mine.fill("Erster Absatz zum Laden, jetzt mit Öffnungszeiten.\n\nZweiter Absatz zur "
              "Finanzierung.")
    page.get_by_label("Änderungsnotiz").fill("Öffnungszeiten")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_role("heading", name="Jemand anderes hat die Seite inzwischen").wait_for()
    assert "mit Genossenschaft" in page.locator(".merge__theirs").inner_text()
    assert "Öffnungszeiten" in page.get_by_label("Text (Markdown)").input_value()
    assert_accessible(page)
    _shots(page, "wiki-conflict")

    page.get_by_label("Text (Markdown)").fill(
        "Erster Absatz zum Laden, jetzt mit Öffnungszeiten.\n\nZweiter Absatz zur "
        "Finanzierung, mit Genossenschaft.")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("ist gespeichert").wait_for()
    text = page.locator(".wiki-body").inner_text()
    assert "Öffnungszeiten" in text and "Genossenschaft" in text


def test_diff_between_two_old_revisions(page, author, assert_accessible):
    texts = ["Der Bürgerbus fährt montags.", "Der Bürgerbus fährt montags und mittwochs.",
             "Der Bürgerbus fährt montags, mittwochs und freitags.", "Ganz neuer Text."]
    created = wiki.save_page(None, slug="fahrplan", user_id=author.id, note="Fassung 1",
                             fields=_page("Fahrplan des Bürgerbusses", texts[0]))
    db.session.commit()
    for number, text in enumerate(texts[1:], start=2):
        wiki.save_page(created, slug="fahrplan", user_id=author.id, note=f"Fassung {number}",
                       fields=_page("Fahrplan des Bürgerbusses", text))
        db.session.commit()
    log_in(page, author)
    page.goto("/wiki/fahrplan/versionen")
    assert_accessible(page)
    _shots(page, "wiki-history")
    rows = page.locator("tbody tr")
    rows.nth(2).locator("input[name=von]").check()  # Fassung 2
    rows.nth(1).locator("input[name=bis]").check()  # Fassung 3
    page.get_by_role("button", name="Ausgewählte Fassungen vergleichen").click()
    page.get_by_role("heading", level=1, name="Zwei Fassungen im Vergleich").wait_for()
    assert page.locator("ins", has_text="freitags").count() == 1
    assert "Ganz neuer Text" not in page.content()
    assert_accessible(page)
    _shots(page, "wiki-diff")


def test_search_for_an_inflected_word_finds_the_right_page_first(page, author, make_user,
                                                                 assert_accessible):
    wiki.save_page(None, slug="dorfladen", user_id=author.id, note="neu", fields=_page(
        "Einen Dorfladen gründen", "Ein Dorfladen sichert die Nahversorgung."))
    wiki.save_page(None, slug="ehrenamt", user_id=author.id, note="neu", fields=_page(
        "Ehrenamt stärken", "Freiwillige helfen, auch im Laden des Dorfes."))
    wiki.save_page(None, slug="praxis", user_id=author.id, note="neu", fields=_page(
        "Ein Dorfladen in Beispielau", "Wie ein Dorf seinen Laden rettete.",
        kind="praxisbeispiel", municipality="Beispielau", state="Hessen", size_class="klein",
        period="seit 2022", contact_role="Ortsvorsteherin", results="Laden offen.",
        transferable="Genossenschaft gründen."))
    db.session.commit()
    page.goto("/")
    page.get_by_role("searchbox", name="Suche in Modulen, Wiki und Seminaren").fill("Dorfläden")
    page.get_by_role("button", name="Suche starten").click()
    page.get_by_role("heading", level=1, name="Suche").wait_for()
    first = page.locator(".search-hit__title a").first
    assert first.inner_text() == "Einen Dorfladen gründen"
    assert page.locator(".search-hit mark", has_text="Dorfladen").count() >= 1
    assert_accessible(page)
    _shots(page, "search")
    page.get_by_role("link", name="Ein Dorfladen in Beispielau").click()
    page.get_by_role("heading", level=1, name="Ein Dorfladen in Beispielau").wait_for()
    assert page.get_by_text("unter 5.000 Einwohner").is_visible()
    assert_accessible(page)
    _shots(page, "wiki-praxisbeispiel")
    page.goto("/wiki/")
    assert_accessible(page)
    page.goto("/wiki/aenderungen")
    assert_accessible(page)
