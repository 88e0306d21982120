"""Outgoing e-mail through the job queue: SMTP when configured, else files in ``instance/mail``.

:func:`send_mail` only queues the mail, so a slow or unreachable mail server delays
nobody's request and a failed delivery is retried (and shown to admins) by the queue.
"""

import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import make_msgid
from pathlib import Path

from flask import current_app

from lms.core.i18n import N_
from lms.core.jobs import enqueue, job
from lms.core.models import utcnow


@dataclass(frozen=True)
class StoredMail:
    """A development mail written to the mail folder."""

    filename: str
    recipient: str
    subject: str
    sent_at: datetime
    body: str
    attachments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attachment:
    """A file sent with a mail, e.g. an iCalendar invitation."""

    filename: str
    mimetype: str  # "text/calendar; method=REQUEST" or "application/pdf"
    data: bytes


def send_mail(recipient: str, subject: str, body: str,
              attachments: Sequence[Attachment] | None = None) -> None:
    """Queue a plain-text mail with optional attachments (sent by the ``mail.send`` job)."""
    files = [(a.filename, a.mimetype, bytes(a.data)) for a in attachments or ()]
    enqueue("mail.send", str(recipient), str(subject), str(body), files)


@job("mail.send", label=N_("E-Mail versenden"), retries=10, retry_delay=60)
def deliver_mail(recipient: str, subject: str, body: str,
                 files: Sequence[tuple[str, str, bytes]] = ()) -> None:
    """Send a plain-text mail; without SMTP settings write it to the mail folder instead.
    ``files`` are (filename, mimetype, data) triples."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = recipient
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="lernraum")
    message.set_content(body)
    for filename, mimetype, data in files:
        _attach(message, Attachment(filename, mimetype, data))
    if config.get("MAIL_SMTP_HOST"):
        with smtplib.SMTP(config["MAIL_SMTP_HOST"], config["MAIL_SMTP_PORT"], timeout=20) as smtp:
            if config["MAIL_SMTP_STARTTLS"]:
                smtp.starttls()
            if config.get("MAIL_SMTP_USER"):
                smtp.login(config["MAIL_SMTP_USER"], config["MAIL_SMTP_PASSWORD"] or "")
            smtp.send_message(message)
        return
    folder = Path(config["MAIL_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    (folder / f"{stamp}.eml").write_bytes(bytes(message))


def _attach(message: EmailMessage, attachment: Attachment) -> None:
    kind, _, params = attachment.mimetype.partition(";")
    maintype, _, subtype = kind.strip().partition("/")
    extra = dict(part.strip().split("=", 1) for part in params.split(";") if "=" in part)
    message.add_attachment(attachment.data, maintype=maintype, subtype=subtype,
                           filename=attachment.filename, params=extra)


def stored_mails(limit: int = 100) -> list[StoredMail]:
    """The newest development mails, newest first."""
    folder = Path(current_app.config["MAIL_FOLDER"])
    if not folder.is_dir():
        return []
    mails = []
    for path in sorted(folder.glob("*.eml"), reverse=True)[:limit]:
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        sent_at = datetime.strptime(path.stem, "%Y%m%dT%H%M%S%f")
        mails.append(
            StoredMail(
                filename=path.name,
                recipient=str(message["To"]),
                subject=str(message["Subject"]),
                sent_at=sent_at,
                body=message.get_body(preferencelist=("plain",)).get_content(),
                attachments=tuple(part.get_filename() or "" for part in
                                  message.iter_attachments()),
            )
        )
    return mails
