"""Launching, resuming and reading pages: progress pinned server-side, pages recorded as xAPI."""

import uuid

import pytest
from flask import current_app
from sqlalchemy import select

from lms.catalog.models import Module
from lms.core.vocabulary import Verb
from lms.extensions import db
from lms.packages.importing import sync_modules
from lms.progress.models import Status
from tests.packages.sample import write_course, write_module

PLAYER_URLS = [
    ("get", "/lernen/probe-modul"),
    ("get", "/lernen/probe-modul/seite/1"),
    ("post", "/lernen/probe-modul/seite/1/antwort/einfach"),
    ("get", "/lernen/probe-modul/test"),
    ("post", "/lernen/probe-modul/test"),
    ("get", "/lernen/probe-modul/test/1"),
    ("post", "/lernen/probe-modul/test/1"),
    ("get", "/lernen/probe-modul/abschluss"),
    ("get", "/notizbuch"),
    ("get", "/notizbuch/1"),
    ("get", "/notizbuch/export.md"),
]


@pytest.mark.parametrize(("method", "url"), PLAYER_URLS)
def test_anonymous_visitors_are_sent_to_the_login(client, sample_module, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert "/anmelden" in response.location


def test_launch_pins_the_current_version_with_a_new_registration(
    client, sample_module, learner, progress_of, statements_of
):
    response = client.get("/lernen/probe-modul")
    assert response.location.endswith("/lernen/probe-modul/seite/1")
    row = progress_of(learner, sample_module)
    assert row.module_version_id == sample_module.current_version_id
    assert str(uuid.UUID(row.registration)) == row.registration
    assert row.status == Status.IN_PROGRESS
    assert [s["verb"]["id"] for s in statements_of(row.registration)] == [
        Verb.LAUNCHED,
        Verb.INITIALIZED,
    ]


def test_launch_statements_use_an_account_never_the_email(
    client, sample_module, learner, progress_of, statements_of
):
    client.get("/lernen/probe-modul")
    statement = statements_of(progress_of(learner, sample_module).registration)[0]
    base = current_app.config["BASE_URL"]
    assert statement["actor"]["account"] == {"homePage": base, "name": learner.xapi_name}
    assert learner.email not in str(statement)
    assert statement["object"]["id"] == f"{base}/xapi/activities/module/probe-modul"
    assert statement["context"]["revision"] == "1.0.0"


def test_page_shows_position_progress_bar_and_navigation(client, sample_module, learner):
    client.get("/lernen/probe-modul")
    html = client.get("/lernen/probe-modul/seite/1").get_data(as_text=True)
    assert "Seite 1 von 2" in html
    assert '<progress max="2" value="1"' in html
    assert 'href="/lernen/probe-modul/seite/2"' in html and "Nächste Seite" in html
    last = client.get("/lernen/probe-modul/seite/2").get_data(as_text=True)
    assert "Vorherige Seite" in last and "Zum Abschlusstest" in last


def test_each_page_view_is_recorded_once_per_visit(
    client, sample_module, learner, progress_of, statements_of
):
    client.get("/lernen/probe-modul")
    client.get("/lernen/probe-modul/seite/1")
    client.get("/lernen/probe-modul/seite/1")
    client.get("/lernen/probe-modul/seite/2")
    row = progress_of(learner, sample_module)
    pages = [
        s["object"]["id"].rsplit("/", 1)[1]
        for s in statements_of(row.registration)
        if s["verb"]["id"] == Verb.EXPERIENCED
    ]
    assert pages == ["1", "2"]
    assert row.pages_seen == [1, 2] and row.last_page == 2


def test_resume_on_another_device_opens_the_last_page(
    app, client, sample_module, learner, progress_of
):
    client.get("/lernen/probe-modul")
    client.get("/lernen/probe-modul/seite/2")
    other_device = app.test_client()
    other_device.post(
        "/anmelden", data={"email": learner.email, "password": "Sonnenblume-im-Rathaus-7"}
    )
    response = other_device.get("/lernen/probe-modul")
    assert response.location.endswith("/lernen/probe-modul/seite/2")
    assert progress_of(learner, sample_module).registration  # same row, same registration


def test_second_launch_keeps_the_registration_and_records_a_new_session(
    app, client, sample_module, learner, progress_of, statements_of
):
    client.get("/lernen/probe-modul")
    registration = progress_of(learner, sample_module).registration
    other_device = app.test_client()
    other_device.post(
        "/anmelden", data={"email": learner.email, "password": "Sonnenblume-im-Rathaus-7"}
    )
    other_device.get("/lernen/probe-modul")
    assert progress_of(learner, sample_module).registration == registration
    verbs = [s["verb"]["id"] for s in statements_of(registration)]
    assert verbs.count(Verb.LAUNCHED) == 2


def test_page_link_opened_in_a_new_session_launches_and_lands_on_that_page(
    client, sample_module, learner
):
    response = client.get("/lernen/probe-modul/seite/2")
    assert response.location.endswith("/lernen/probe-modul?seite=2")
    assert client.get(response.location).location.endswith("/lernen/probe-modul/seite/2")


def test_unknown_page_and_unknown_module_are_not_found(client, sample_module, learner):
    client.get("/lernen/probe-modul")
    assert client.get("/lernen/probe-modul/seite/9").status_code == 404
    assert client.get("/lernen/gibt-es-nicht").status_code == 404


def test_unpublished_module_is_not_found(client, sample_module, learner):
    sample_module.published = False
    db.session.commit()
    assert client.get("/lernen/probe-modul").status_code == 404


def test_course_grouping_is_remembered_only_for_a_course_containing_the_module(
    client, sample_module, learner, progress_of, statements_of
):
    client.get("/lernen/probe-modul?kurs=gibt-es-nicht")
    statement = statements_of(progress_of(learner, sample_module).registration)[0]
    assert "grouping" not in statement.get("context", {}).get("contextActivities", {})


def test_completion_page_lists_what_is_missing(client, sample_module, learner):
    client.get("/lernen/probe-modul")
    client.get("/lernen/probe-modul/seite/1")
    html = client.get("/lernen/probe-modul/abschluss").get_data(as_text=True)
    assert "Noch nicht abgeschlossen" in html
    assert "Seite 2 ansehen" in html and "Abschlusstest bestehen" in html


def test_packages_of_other_kinds_are_not_played_as_pages(client, sample_module, learner):
    sample_module.kind = "cmi5"
    db.session.commit()

    response = client.get("/lernen/probe-modul")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/lernen/probe-modul/einheiten")
    assert client.get("/lernen/probe-modul/seite/1").status_code == 404


def test_launch_from_a_course_adds_the_course_as_grouping(
    client, learner, tmp_path, progress_of, statements_of
):
    write_module(tmp_path, "im-kurs")
    write_course(tmp_path, "kurs", ["im-kurs"], [], 0)
    sync_modules(tmp_path)
    client.get("/lernen/im-kurs?kurs=kurs")
    client.get("/lernen/im-kurs/seite/1")
    module = db.session.scalar(select(Module).where(Module.slug == "im-kurs"))
    experienced = [
        s
        for s in statements_of(progress_of(learner, module).registration)
        if s["verb"]["id"] == Verb.EXPERIENCED
    ][0]
    grouping = experienced["context"]["contextActivities"]["grouping"]
    assert grouping == [
        {
            "id": f"{current_app.config['BASE_URL']}/xapi/activities/course/kurs",
            "objectType": "Activity",
        }
    ]


def test_completion_page_names_related_wiki_pages_and_seminars_by_title(
    app, client, sample_module, learner
):
    wiki_seeder = next(
        seeder for name, seeder in app.extensions["lms_seeders"].items() if "Wiki" in name
    )
    wiki_seeder()
    client.get("/lernen/probe-modul")
    html = client.get("/lernen/probe-modul/abschluss").get_data(as_text=True)
    assert (
        'href="/wiki/buergerbus-gruenden?von=modul:probe-modul">Wiki: Einen Bürgerbus gründen</a>'
        in html
    )
    assert "Online-Seminar: Mobil im Alter auf dem Land</a>" in html
