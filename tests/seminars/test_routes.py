"""The seminar archive in the browser: list, filters, seminar page, recording, editing."""

from datetime import date

import pytest
from sqlalchemy import select

from lms.catalog.models import Course
from lms.core.vocabulary import ActivityType, Verb
from lms.extensions import db
from lms.seminars import services
from lms.seminars.models import Seminar, SeminarRevision
from lms.xapi import services as xapi

SEMINAR_IRI = "http://lernraum.test/xapi/activities/seminar/mobilitaet-2025-03"


@pytest.fixture
def seminar(make_seminar):
    return make_seminar()


@pytest.fixture
def author(make_user):
    return make_user(roles=["author"])


def _fresh(slug="mobilitaet-2025-03") -> Seminar | None:
    db.session.expire_all()
    return services.seminar_by_slug(slug)


def _form(**changes):
    data = {"slug": "wohnen-2026-02", "title": "Wohnen im Alter", "held_on": "2026-02-10",
            "duration_minutes": "90", "speakers": "Wohnungsamt\nQuartiersmanagement",
            "topics": ["wohnen"], "summary": "Worum es ging.", "takeaways": "Eins\nZwei",
            "chapters": "00:00 Begrüßung\n00:15 Impuls", "description": "### Bericht\n\nText.",
            "recording_url": "", "slides_url": "", "note": ""}
    return {**data, **changes}


PERMISSIONS = [
    ("GET", "/seminare/", None, 200),
    ("GET", "/seminare/mobilitaet-2025-03", None, 200),
    ("GET", "/seminare/neu", None, 302),
    ("GET", "/seminare/mobilitaet-2025-03/bearbeiten", None, 302),
    ("POST", "/seminare/mobilitaet-2025-03/loeschen", None, 302),
    ("GET", "/seminare/mobilitaet-2025-03", "learner", 200),
    ("GET", "/seminare/neu", "learner", 403),
    ("POST", "/seminare/neu", "learner", 403),
    ("GET", "/seminare/mobilitaet-2025-03/bearbeiten", "learner", 403),
    ("POST", "/seminare/mobilitaet-2025-03/loeschen", "learner", 403),
    ("GET", "/seminare/neu", "author", 200),
    ("GET", "/seminare/mobilitaet-2025-03/bearbeiten", "author", 200),
    ("GET", "/seminare/mobilitaet-2025-03/loeschen", "author", 200),
    ("GET", "/seminare/mobilitaet-2025-03/bearbeiten", "admin", 200),
]


@pytest.mark.parametrize(("method", "url", "role", "status"), PERMISSIONS)
def test_permissions(client, make_user, login, seminar, method, url, role, status):
    if role:
        login(make_user(roles=[] if role == "learner" else [role]))
    assert client.open(url, method=method, data={}).status_code == status
    assert _fresh() is not None


@pytest.fixture
def archive(make_seminar):
    make_seminar("grundlagen-2025-01", title="Demografie verstehen", held_on=date(2025, 1, 20),
                 topics=["daten-strategie"], description="Zahlen lesen mit dem Zensus.",
                 speakers=["Statistisches Landesamt"])
    make_seminar("mobilitaet-2025-03")
    make_seminar("wohnen-2024-11", title="Wohnen im Quartier", held_on=date(2024, 11, 5),
                 topics=["wohnen"], speakers=["Wohnungsamt"])


TITLES = ("Demografie verstehen", "Mobil im Alter auf dem Land", "Wohnen im Quartier")


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["Mobil im Alter auf dem Land", "Demografie verstehen", "Wohnen im Quartier"]),
    ("?thema=wohnen", ["Wohnen im Quartier"]),
    ("?jahr=2025", ["Mobil im Alter auf dem Land", "Demografie verstehen"]),
    ("?q=zensus", ["Demografie verstehen"]),
    ("?q=%C3%96PNV", ["Mobil im Alter auf dem Land"]),
    ("?q=%C3%B6pnv", ["Mobil im Alter auf dem Land"]),
    ("?jahr=2024&thema=mobilitaet", []),
    ("?jahr=abc", ["Mobil im Alter auf dem Land", "Demografie verstehen", "Wohnen im Quartier"]),
])
def test_archive_newest_first_with_filters(client, archive, query, expected):
    html = client.get(f"/seminare/{query}").get_data(as_text=True)
    found = sorted((html.find(f">{title}</a></h3>"), title) for title in TITLES
                   if f">{title}</a></h3>" in html)
    assert [title for _, title in found] == expected
    if not expected:
        assert "Kein Seminar passt zu Ihrer Suche." in html


def test_empty_archive_says_so(client):
    html = client.get("/seminare/").get_data(as_text=True)
    assert "Im Archiv ist noch kein Seminar eingetragen." in html


def test_seminar_page_shows_date_duration_takeaways_chapters(client, seminar, make_module):
    make_module("mobilitaet", "Mobilität im ländlichen Raum", seminars=["mobilitaet-2025-03"])
    html = client.get("/seminare/mobilitaet-2025-03").get_data(as_text=True)
    assert "Mittwoch, 12. März 2025" in html and "75 Minuten" in html
    assert "Eine Kernaussage." in html and "00:00" in html and "Fachdienst ÖPNV" in html
    assert "<h3>Impuls</h3>" in html
    assert 'href="/module/mobilitaet"' in html
    assert "auf Anfrage" in html and "/aufzeichnung" not in html


def test_recording_link_goes_through_tracked_redirect(client, login, make_user, make_seminar):
    make_seminar(recording_url="https://netzwerk.example/aufzeichnungen/42")
    db.session.add(Course(slug="demografie-basis", version="1.0.0", title="Basiskurs"))
    db.session.commit()
    login(make_user())
    html = client.get("/seminare/mobilitaet-2025-03?von=kurs:demografie-basis").get_data(
        as_text=True)
    assert 'href="/seminare/mobilitaet-2025-03/aufzeichnung?von=kurs:demografie-basis"' in html
    response = client.get("/seminare/mobilitaet-2025-03/aufzeichnung?von=kurs:demografie-basis")
    assert response.headers["Location"] == "https://netzwerk.example/aufzeichnungen/42"
    statements, _ = xapi.query_statements(activity=SEMINAR_IRI)
    assert [s["verb"]["id"] for s in statements] == [Verb.PLAYED, Verb.EXPERIENCED]
    assert all(s["object"]["definition"]["type"] == ActivityType.MEETING for s in statements)
    assert statements[0]["context"]["contextActivities"]["parent"][0]["id"] == (
        "http://lernraum.test/xapi/activities/course/demografie-basis")


def test_no_recording_no_redirect(client, seminar):
    assert client.get("/seminare/mobilitaet-2025-03/aufzeichnung").status_code == 404


def test_anonymous_view_is_not_recorded(client, seminar):
    client.get("/seminare/mobilitaet-2025-03")
    assert xapi.query_statements(activity=SEMINAR_IRI)[0] == []


def test_author_creates_a_seminar(client, login, author):
    login(author)
    response = client.post("/seminare/neu", data=_form())
    assert response.headers["Location"].endswith("/seminare/wohnen-2026-02")
    seminar = _fresh("wohnen-2026-02")
    assert seminar.speakers == ["Wohnungsamt", "Quartiersmanagement"]
    assert seminar.chapters == [{"at": "00:00", "title": "Begrüßung"},
                                {"at": "00:15", "title": "Impuls"}]
    assert (seminar.held_on, seminar.source) == (date(2026, 2, 10), "edited")


@pytest.mark.parametrize(("changes", "message"), [
    ({"slug": "mobilitaet-2025-03"}, "schon vergeben"),
    ({"slug": "Wohnen 2026"}, "Kleinbuchstaben"),
    ({"title": ""}, "Bitte füllen Sie dieses Feld aus."),
    ({"held_on": ""}, "Bitte geben Sie das Datum des Seminars an."),
    ({"topics": []}, "mindestens ein Thema"),
    ({"chapters": "Begrüßung ohne Zeit"}, "je Zeile eine Zeit und einen Titel"),
    ({"recording_url": "javascript:alert(1)"}, "https://"),
    ({"duration_minutes": "0"}, "zwischen 1 und 1440"),
])
def test_bad_seminar_input_changes_nothing(client, login, author, seminar, changes, message):
    login(author)
    response = client.post("/seminare/neu", data=_form(**changes))
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(db.func.count()).select_from(Seminar)) == 1


def test_edit_keeps_a_snapshot(client, login, author, seminar):
    login(author)
    data = _form(title="Mobil bleiben", note="Titel gekürzt")
    data.pop("slug")
    assert client.post("/seminare/mobilitaet-2025-03/bearbeiten", data=data).status_code == 302
    assert _fresh().title == "Mobil bleiben"
    [revision] = db.session.scalars(select(SeminarRevision)).all()
    assert (revision.data["title"], revision.note) == ("Mobil im Alter auf dem Land",
                                                       "Titel gekürzt")


def test_delete_asks_first_then_hides(client, login, author, seminar):
    login(author)
    assert "Ja, Eintrag löschen" in client.get(
        "/seminare/mobilitaet-2025-03/loeschen").get_data(as_text=True)
    client.post("/seminare/mobilitaet-2025-03/loeschen")
    assert client.get("/seminare/mobilitaet-2025-03").status_code == 404
    assert db.session.scalar(select(db.func.count()).select_from(SeminarRevision)) == 1


def test_script_in_description_is_removed(client, make_seminar):
    make_seminar(description='<script>alert(1)</script>\n\n[x](javascript:alert(1))')
    html = client.get("/seminare/mobilitaet-2025-03").get_data(as_text=True)
    assert "<script>alert" not in html and "javascript:" not in html


def test_delete_without_csrf_token_is_rejected(app, client, login, author, seminar):
    login(author)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/seminare/mobilitaet-2025-03/loeschen")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400 and _fresh() is not None


def test_edit_after_someone_else_saved_changes_nothing(client, login, author, seminar):
    login(author)
    data = _form(title="Meine Fassung", base_version="2020-01-01T00:00:00+00:00")
    data.pop("slug")
    response = client.post("/seminare/mobilitaet-2025-03/bearbeiten", data=data)
    assert "inzwischen von jemand anderem geändert" in response.get_data(as_text=True)
    assert _fresh().title == "Mobil im Alter auf dem Land"


def test_edit_form_carries_the_version_it_started_from(client, login, author, seminar):
    login(author)
    html = client.get("/seminare/mobilitaet-2025-03/bearbeiten").get_data(as_text=True)
    assert f'value="{_fresh().updated_at.isoformat()}"' in html
