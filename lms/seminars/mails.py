"""E-mails about registrations: confirmation with the .ics, waiting list, moving up, reminder."""

from datetime import date, timedelta
from urllib.parse import urlsplit

from flask import current_app, render_template, url_for
from flask_babel import gettext as _

from lms.core.mail import Attachment, send_mail
from lms.core.models import utcnow
from lms.extensions import db
from lms.seminars import calendar, registration, services
from lms.seminars.models import REGISTERED, Seminar, SeminarRegistration


def seminar_url(seminar: Seminar) -> str:
    """The seminar's page as an absolute address (mails leave the platform)."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for(
        "seminars.show_seminar", slug=seminar.slug, _external=False)


def invitation(seminar: Seminar, *, with_access: bool) -> Attachment:
    """The seminar as an iCalendar file; the access link only for people with a place."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "lernraum"
    data = calendar.calendar(seminar, url=seminar_url(seminar), uid_host=host,
                             online_url=seminar.online_url if with_access else "")
    return Attachment(f"{seminar.slug}.ics", "text/calendar; method=PUBLISH", data)


def _send(entry: SeminarRegistration, template: str, subject: str, *,
          attach: bool = False) -> None:
    seminar, user = entry.seminar, entry.user
    body = render_template(f"seminars/mail/{template}.txt", seminar=seminar, user=user,
                           url=seminar_url(seminar), entry=entry,
                           position=registration.waiting_position(entry)
                           if entry.status != REGISTERED else 0)
    attachments = [invitation(seminar, with_access=True)] if attach else None
    send_mail(user.email, subject, body, attachments=attachments)


def confirm(entry: SeminarRegistration) -> None:
    """Tell the person they have a place (with the .ics) or where they are on the list."""
    if entry.status == REGISTERED:
        _send(entry, "confirmed", _("Anmeldung bestätigt: %(title)s", title=entry.seminar.title),
              attach=True)
    else:
        _send(entry, "waiting", _("Warteliste: %(title)s", title=entry.seminar.title))


def moved_up(entry: SeminarRegistration) -> None:
    """Tell someone from the waiting list that they now have a place (with the .ics)."""
    _send(entry, "moved_up", _("Ein Platz ist frei geworden: %(title)s",
                               title=entry.seminar.title), attach=True)


def cancelled(entry: SeminarRegistration) -> None:
    """Confirm a cancellation."""
    _send(entry, "cancelled", _("Abmeldung: %(title)s", title=entry.seminar.title))


def send_reminders(today: date | None = None) -> int:
    """Remind everyone with a place in tomorrow's seminars, once; returns how many. Commits.

    Runs daily in the worker (job ``seminars.remind``); ``lms send-seminar-reminders`` by hand.
    """
    from_day = (today or services.today()) + timedelta(days=1)
    sent = 0
    for entry in registration.due_reminders(from_day):
        _send(entry, "reminder", _("Morgen: %(title)s", title=entry.seminar.title), attach=True)
        entry.reminded_at = utcnow()
        db.session.commit()  # one by one: a failure later does not resend the earlier ones
        sent += 1
    return sent
