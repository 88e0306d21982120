"""Mails to learners about their certificates: ready (with the link), revoked, replaced."""

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from lms.certificates.codes import format_code
from lms.certificates.models import Certificate
from lms.core.i18n import N_
from lms.core.mail import send_mail


def _link(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def _send(certificate: Certificate, template: str, subject: str, **context) -> None:
    owner = certificate.user
    if owner is None or not owner.email:
        return
    with force_locale(owner.locale or "de"):
        body = render_template(f"certificates/mail/{template}.txt", user=owner,
                               certificate=certificate, code=format_code(certificate.code),
                               **context)
        send_mail(owner.email, _(subject, title=certificate.title), body)


def certificate_ready(certificate: Certificate) -> None:
    """The PDF is stored: tell the learner where to download it."""
    _send(certificate, "ready", N_("Ihr Nachweis „%(title)s“ ist bereit"),
          download=_link(f"/nachweise/{certificate.id}/pdf"), overview=_link("/nachweise"))


def certificate_revoked(certificate: Certificate) -> None:
    """An admin revoked the certificate: tell the learner why."""
    _send(certificate, "revoked", N_("Ihr Nachweis „%(title)s“ wurde widerrufen"))


def certificate_replaced(certificate: Certificate, replacement: Certificate) -> None:
    """A new certificate replaces the old one; its own ready mail follows once rendered."""
    _send(certificate, "replaced", N_("Ihr Nachweis „%(title)s“ wurde neu ausgestellt"),
          replacement_code=format_code(replacement.code), overview=_link("/nachweise"))
