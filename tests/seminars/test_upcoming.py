"""Upcoming seminars are never archived; registrants, CSV export and attendance statements."""

from datetime import date, timedelta

import pytest

from lms.core.vocabulary import Verb
from lms.extensions import db
from lms.seminars import registration, services
from lms.seminars.models import Seminar
from lms.xapi import services as xapi

NEXT_YEAR = date.today() + timedelta(days=365)
LAST_WEEK = date.today() - timedelta(days=7)


def _sections(html: str) -> tuple[str, str]:
    upcoming, _, archive = html.partition('<h2 id="archiv">')
    return upcoming, archive


def test_a_seminar_next_year_is_upcoming_not_archived(client, make_seminar):
    make_seminar("naechstes-jahr", title="Pflegenetzwerke 2027", held_on=NEXT_YEAR,
                 recording_url="")
    make_seminar("gewesen", title="Wohnen im Alter", held_on=LAST_WEEK)
    upcoming, archive = _sections(client.get("/seminare/").get_data(as_text=True))
    assert "Pflegenetzwerke 2027" in upcoming and "Pflegenetzwerke 2027" not in archive
    assert "Wohnen im Alter" in archive
    detail = client.get("/seminare/naechstes-jahr").get_data(as_text=True)
    assert "Aufzeichnung ansehen" not in detail and "keine öffentliche Aufzeichnung" not in detail
    assert "Anmeldung" in detail


def test_a_search_without_upcoming_hits_does_not_say_none_is_announced(client, make_seminar):
    make_seminar("naechstes-jahr", title="Pflegenetzwerke 2027", held_on=NEXT_YEAR,
                 recording_url="")

    upcoming, _ = _sections(client.get("/seminare/?q=quartier").get_data(as_text=True))

    assert "Kein angekündigtes Seminar passt zu Ihrer Suche." in upcoming
    assert "Zurzeit ist kein Seminar angekündigt." not in upcoming


def test_a_seminar_of_today_moves_to_the_archive_when_its_recording_is_added(make_seminar):
    today = make_seminar("heute", held_on=services.today())
    assert services.is_upcoming(today)
    today.video_file = "upload/seminare/heute/a.webm"
    db.session.commit()
    assert not services.is_upcoming(today)
    archived = db.session.scalars(services.seminar_query()).all()
    assert [seminar.slug for seminar in archived] == ["heute"]


@pytest.fixture
def full_of_people(make_seminar, make_user, make_organisation):
    seminar = make_seminar("teilnahme", held_on=LAST_WEEK - timedelta(days=0), capacity=5)
    ours, theirs = make_organisation(name="Stadt Eins"), make_organisation(name="Stadt Zwei")
    people = {"anna": make_user(name="Anna Eins", organisation=ours),
              "bernd": make_user(name="Bernd Zwei", organisation=theirs, email="=HYPERLINK@x.de")}
    for person in people.values():
        seminar.held_on = NEXT_YEAR
        db.session.commit()
        registration.register(db.session.get(Seminar, seminar.id), person)
    seminar = db.session.get(Seminar, seminar.id)
    seminar.held_on = LAST_WEEK
    db.session.commit()
    return seminar, ours, people


def test_coordinators_see_only_their_organisation(client, login, make_user, full_of_people):
    seminar, ours, _people = full_of_people
    login(make_user(roles=["coordinator"], organisation=ours))
    html = client.get("/seminare/teilnahme/teilnehmende").get_data(as_text=True)
    assert "Anna Eins" in html and "Bernd Zwei" not in html
    assert client.get("/seminare/teilnahme/teilnehmende.csv").status_code == 403


def test_authors_see_all_and_export_csv_without_formulas(client, login, make_user,
                                                         full_of_people):
    login(make_user(roles=["author"]))
    html = client.get("/seminare/teilnahme/teilnehmende").get_data(as_text=True)
    assert "Anna Eins" in html and "Bernd Zwei" in html
    response = client.get("/seminare/teilnahme/teilnehmende.csv")
    text = response.data.decode("utf-8-sig")
    assert response.mimetype == "text/csv" and text.startswith("Name;E-Mail;Organisation")
    assert "'=hyperlink@x.de" in text and "Stadt Eins" in text


def test_learners_do_not_see_registrants(client, login, make_user, full_of_people):
    login(make_user())
    assert client.get("/seminare/teilnahme/teilnehmende").status_code == 403


def test_marking_attendance_records_attended_statements(client, login, make_user,
                                                        full_of_people):
    seminar, _ours, people = full_of_people
    login(make_user(roles=["author"]))
    response = client.post("/seminare/teilnahme/teilnahme",
                           data={"anwesend": [str(people["anna"].id), "abc", "999999"]})
    assert response.status_code == 303
    statements, _ = xapi.query_statements(verb=Verb.ATTENDED)
    assert len(statements) == 1
    assert statements[0]["actor"]["account"]["name"] == people["anna"].xapi_name
    assert statements[0]["object"]["id"] == "http://lernraum.test/xapi/activities/seminar/teilnahme"
    client.post("/seminare/teilnahme/teilnahme", data={"anwesend": [str(people["anna"].id)]})
    assert len(xapi.query_statements(verb=Verb.ATTENDED)[0]) == 1


def test_attendance_cannot_be_marked_before_the_day(client, login, make_user, make_seminar):
    make_seminar("spaeter", held_on=NEXT_YEAR)
    login(make_user(roles=["author"]))
    response = client.post("/seminare/spaeter/teilnahme", data={"anwesend": ["1"]})
    assert response.status_code == 303
    assert xapi.query_statements(verb=Verb.ATTENDED)[0] == []
