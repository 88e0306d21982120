"""Watching a recording: xAPI video-profile statements, and modules that require watching."""

import uuid

import pytest
from sqlalchemy import select

from lms.catalog.models import Module
from lms.core.vocabulary import Verb
from lms.extensions import db
from lms.packages.importing import sync_modules
from lms.progress.models import ModuleProgress, Status
from lms.seminars import video
from lms.wiki import services as wiki
from lms.xapi import services as xapi
from tests.packages.sample import write_module

RECORDING = "http://lernraum.test/xapi/activities/seminar/mit-video/recording"
EXT = "https://w3id.org/xapi/video/extensions/"
SESSION = str(uuid.UUID(int=7))


@pytest.fixture
def recorded(make_seminar):
    return make_seminar("mit-video", title="Mobil im Alter", video_file="seminars/media/x.webm")


def _event(name, **fields):
    return {"event": name, "session": SESSION, "length": 120.0, "time": 0, **fields}


def _statements(verb=None):
    statements, _more = xapi.query_statements(activity=RECORDING, verb=verb)
    return statements


@pytest.mark.parametrize(("data", "message"), [
    ({"event": "gelöscht"}, "Unbekanntes Ereignis"),
    (_event("played", length=-1), "Länge"),
    (_event("played", session="nein"), "UUID"),
    (_event("played", time=float("nan")), "Zahl"),
    (_event("played", time=500), "außerhalb"),
    (_event("paused", segments=[[10, 5]]), "endet vor"),
    (_event("paused", segments="0[.]5"), "Liste"),
    (_event("completed", segments=[[0, 30]]), "noch nicht zu Ende"),
])
def test_bad_events_are_refused_with_a_reason(data, message):
    with pytest.raises(video.VideoEventError, match=message):
        video.parse_event(data)


def test_progress_joins_overlapping_segments():
    assert video.progress_of([(0, 60), (30, 90), (100, 120)], 120) == 0.917
    assert video.segments_text([(30, 90), (0, 60)]) == "0[.]90"


def test_each_event_becomes_a_profile_statement(client, login, make_user, recorded):
    login(make_user())
    url = "/seminare/mit-video/video/ereignis?von=modul:unbekannt"
    for data in (_event("initialized"), _event("played", time=0),
                 _event("seeked", **{"from": 10, "to": 60}),
                 _event("paused", time=70, segments=[[0, 10], [60, 70]]),
                 _event("completed", time=120, segments=[[0, 120]]),
                 _event("terminated", time=120, segments=[[0, 120]])):
        response = client.post(url, json=data)
        assert response.status_code == 200, response.get_json()
    statements = {s["verb"]["id"]: s for s in _statements()}
    assert set(statements) == {Verb.INITIALIZED, Verb.PLAYED, Verb.SEEKED, Verb.PAUSED,
                               Verb.COMPLETED, Verb.TERMINATED}
    paused = statements[Verb.PAUSED]
    assert paused["result"]["extensions"][EXT + "played-segments"] == "0[.]10[,]60[.]70"
    assert paused["result"]["extensions"][EXT + "progress"] == 0.167
    seeked = statements[Verb.SEEKED]["result"]["extensions"]
    assert (seeked[EXT + "time-from"], seeked[EXT + "time-to"]) == (10, 60)
    completed = statements[Verb.COMPLETED]
    assert completed["result"]["completion"] is True
    context = completed["context"]
    assert context["extensions"][EXT + "session-id"] == SESSION
    assert context["extensions"][EXT + "length"] == 120
    assert context["contextActivities"]["category"][0]["id"] == "https://w3id.org/xapi/video"
    assert "parent" not in context["contextActivities"]  # an unknown module is not named
    assert completed["object"]["definition"]["type"] == (
        "https://w3id.org/xapi/video/activity-type/video")


def test_events_need_a_login_and_a_video(client, login, make_user, make_seminar, recorded):
    assert client.post("/seminare/mit-video/video/ereignis",
                       json=_event("played")).status_code == 302
    make_seminar("ohne-video")
    login(make_user())
    assert client.post("/seminare/ohne-video/video/ereignis",
                       json=_event("played")).status_code == 404
    bad = client.post("/seminare/mit-video/video/ereignis", data="kein json")
    assert bad.status_code == 400 and "Ereignis" in bad.get_json()["message"]
    assert _statements() == []


@pytest.fixture
def module_requiring_the_recording(app, tmp_path):
    folder = tmp_path / "modules"
    path = write_module(folder, "mit-aufzeichnung", quiz=False)
    manifest = path / "module.toml"
    manifest.write_text(manifest.read_text().replace(
        "quiz = false\n", 'quiz = false\nresources = ["seminar:mit-video", "wiki:leitfaden"]\n'),
        encoding="utf-8")
    report = sync_modules(folder)
    assert not report.errors, report.errors
    return db.session.scalar(select(Module).where(Module.slug == "mit-aufzeichnung"))


def _progress(user, module):
    db.session.expire_all()
    return db.session.scalar(select(ModuleProgress).where(
        ModuleProgress.user_id == user.id, ModuleProgress.module_id == module.id))


def test_a_module_completes_only_after_the_recording_and_the_page(
        client, login, make_user, recorded, module_requiring_the_recording):
    wiki.save_page(None, slug="leitfaden", user_id=make_user(roles=["author"]).id, note="neu",
                   fields={"title": "Leitfaden", "kind": "leitfaden", "topics": ["mobilitaet"],
                           "summary": "Kurz.", "body": "Text."})
    db.session.commit()
    learner = make_user()
    login(learner)
    client.get("/lernen/mit-aufzeichnung")
    client.get("/lernen/mit-aufzeichnung/seite/1")
    client.get("/lernen/mit-aufzeichnung/seite/2")
    row = _progress(learner, module_requiring_the_recording)
    assert row.status == Status.IN_PROGRESS
    finished = client.get("/lernen/mit-aufzeichnung/abschluss").get_data(as_text=True)
    assert "Aufzeichnung des Seminars mit-video bis zum Ende ansehen" in finished

    client.post("/seminare/mit-video/video/ereignis?von=modul:mit-aufzeichnung",
                json=_event("completed", time=120, segments=[[0, 120]]))
    assert _progress(learner, module_requiring_the_recording).resources_done == [
        "seminar:mit-video"]
    client.get("/wiki/leitfaden?von=modul:mit-aufzeichnung")

    row = _progress(learner, module_requiring_the_recording)
    assert row.status == Status.COMPLETED
    assert row.resources_done == ["seminar:mit-video", "wiki:leitfaden"]


def test_watching_outside_the_module_does_not_count(
        client, login, make_user, recorded, module_requiring_the_recording):
    learner = make_user()
    login(learner)
    client.get("/lernen/mit-aufzeichnung")
    client.post("/seminare/mit-video/video/ereignis",
                json=_event("completed", time=120, segments=[[0, 120]]))
    assert _progress(learner, module_requiring_the_recording).resources_done == []


def test_a_bad_resource_in_the_manifest_is_reported(tmp_path, app):
    folder = tmp_path / "modules"
    path = write_module(folder, "kaputt", quiz=False)
    manifest = path / "module.toml"
    manifest.write_text(manifest.read_text().replace(
        "quiz = false\n", 'quiz = false\nresources = ["video:irgendwas"]\n'), encoding="utf-8")
    report = sync_modules(folder)
    assert any("resources" in str(error) for error in report.errors)
