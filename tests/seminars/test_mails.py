"""E-mails and iCalendar files of upcoming seminars; the reminder the day before."""

from datetime import date, datetime, time, timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from lms.core import jobs
from lms.core.mail import Attachment, send_mail, stored_mails
from lms.extensions import db
from lms.seminars import calendar, mails, registration
from lms.seminars.cli import send_reminders_command

TOMORROW = date.today() + timedelta(days=1)


@pytest.fixture
def upcoming(make_seminar):
    return make_seminar("abend", title="Bürgerbusse; Rufbusse, und mehr", held_on=TOMORROW,
                        start_time=time(18, 30), duration_minutes=90, capacity=1,
                        online_url="https://konferenz.example.org/raum-7",
                        summary="Zeile eins.\nZeile zwei mit einem sehr langen Text, der über "
                                "die fünfundsiebzig Zeichen einer iCalendar-Zeile hinausgeht.")


def _unfold(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def test_the_ics_has_the_time_in_utc_escaped_text_and_folded_lines(app, upcoming):
    with app.test_request_context():
        data = calendar.calendar(upcoming, url="http://lernraum.test/seminare/abend",
                                 uid_host="lernraum.test")
    assert all(len(line.encode()) <= 75 for line in data.decode().split("\r\n"))
    lines = _unfold(data)
    start = calendar.starts_at(upcoming)
    assert f"DTSTART:{start.astimezone(calendar.UTC):%Y%m%dT%H%M%SZ}" in lines
    assert f"DTEND:{(start + timedelta(minutes=90)).astimezone(calendar.UTC):%Y%m%dT%H%M%SZ}" in (
        lines)
    assert "SUMMARY:Bürgerbusse\\; Rufbusse\\, und mehr" in lines
    assert "UID:seminar-abend@lernraum.test" in lines
    assert not any("raum-7" in line for line in lines)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"


def test_only_people_with_a_place_get_the_access_link_in_the_ics(client, login, upcoming,
                                                                 make_user):
    assert b"raum-7" not in client.get("/seminare/abend/termin.ics").data
    person = make_user()
    login(person)
    client.post("/seminare/abend/anmelden")
    response = client.get("/seminare/abend/termin.ics")
    assert response.mimetype == "text/calendar" and b"raum-7" in response.data


def test_confirmation_has_the_ics_and_waiting_mail_has_none(upcoming, make_user, app):
    first, second = make_user(email="eins@kommune.de"), make_user(email="zwei@kommune.de")
    with app.test_request_context():
        mails.confirm(registration.register(upcoming, first).registration)
        mails.confirm(registration.register(upcoming, second).registration)
    waiting, confirmed = stored_mails()
    assert confirmed.recipient == "eins@kommune.de" and confirmed.attachments == ("abend.ics",)
    assert "https://konferenz.example.org/raum-7" in confirmed.body
    assert waiting.recipient == "zwei@kommune.de" and waiting.attachments == ()
    assert "Warteliste an Stelle 1" in waiting.body and "raum-7" not in waiting.body


def test_the_attachment_is_a_calendar_part_of_the_mail(app):
    with app.test_request_context():
        send_mail("a@b.de", "Betreff", "Text", attachments=[
            Attachment("x.ics", "text/calendar; method=PUBLISH", b"BEGIN:VCALENDAR\r\n")])
    path = next(Path(app.config["MAIL_FOLDER"]).glob("*.eml"))
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    [part] = list(message.iter_attachments())
    assert part.get_content_type() == "text/calendar" and part.get_param("method") == "PUBLISH"
    assert part.get_content() == "BEGIN:VCALENDAR\r\n"


def test_send_mail_without_attachments_still_works_as_before(app):
    with app.test_request_context():
        send_mail("a@b.de", "Betreff", "Nur Text")
    [mail] = stored_mails()
    assert mail.body.strip() == "Nur Text" and mail.attachments == ()


def test_moving_up_sends_a_mail_with_the_ics(client, login, upcoming, make_user):
    first, second = make_user(), make_user(email="nachruecker@kommune.de")
    registration.register(upcoming, first)
    registration.register(upcoming, second)
    login(first)
    client.post("/seminare/abend/abmelden")
    moved = [mail for mail in stored_mails() if mail.recipient == "nachruecker@kommune.de"]
    assert len(moved) == 1 and "Platz ist frei geworden" in moved[0].subject
    assert moved[0].attachments == ("abend.ics",)


def test_reminders_go_out_once_the_day_before(app, upcoming, make_user):
    registration.register(upcoming, make_user(email="erinnern@kommune.de"))
    runner = CliRunner()
    with app.test_request_context():
        first = runner.invoke(send_reminders_command, ["--heute", date.today().isoformat()])
        again = runner.invoke(send_reminders_command, ["--heute", date.today().isoformat()])
        too_early = mails.send_reminders(date.today() - timedelta(days=1))
    assert "1 Erinnerungen verschickt." in first.output
    assert "0 Erinnerungen verschickt." in again.output and too_early == 0
    [mail] = stored_mails()
    assert mail.recipient == "erinnern@kommune.de" and mail.subject.startswith("Morgen:")
    db.session.expire_all()


def test_the_worker_sends_the_day_before_reminders_every_morning(app):
    [periodic] = [task for task in jobs.queue(app)._registry.periodic_tasks
                  if task.name == "seminars.remind"]

    assert periodic.validate_datetime(datetime(2026, 12, 8, 6, 0))
    assert not periodic.validate_datetime(datetime(2026, 12, 8, 18, 0))
