"""Changing one's e-mail address: the password proves the person, a link the new address."""

from flask import render_template, url_for
from flask_babel import gettext as _

from lms.accounts import tokens
from lms.accounts.models import User
from lms.accounts.passwords import verify_password
from lms.accounts.services import AccountError, find_user_by_email, normalise_email, user_from_token
from lms.core.mail import send_mail
from lms.core.models import utcnow
from lms.extensions import db


def request_email_change(user: User, new_email: str, password: str) -> str:
    """Mail a link to ``new_email`` that makes it the login address; returns the address."""
    if not verify_password(user.password_hash, password):
        raise AccountError("Das aktuelle Passwort stimmt nicht.", field="current_password")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise AccountError("Das ist schon Ihre E-Mail-Adresse.", field="email")
    if find_user_by_email(new_email):
        raise AccountError("Mit dieser E-Mail-Adresse ist schon ein Konto registriert.",
                           field="email")
    token = tokens.make_token(tokens.CHANGE_EMAIL, user.id, user.email, new_email=new_email)
    link = url_for("accounts.confirm_email_change", token=token, _external=True)
    body = render_template("accounts/mail/change_email.txt", user=user, link=link)
    send_mail(new_email, _("Bitte bestätigen Sie Ihre neue E-Mail-Adresse"), body)
    return new_email


def confirm_email_change(token: str) -> User:
    """Make the address in ``token`` the login address; the old one is told."""
    user = user_from_token(tokens.CHANGE_EMAIL, token, lambda u: u.email)
    new_email = tokens.read_new_email(token)
    if not new_email or find_user_by_email(new_email):
        raise AccountError("Diese E-Mail-Adresse gehört inzwischen zu einem anderen Konto.")
    old_email = user.email
    user.email = new_email
    user.email_confirmed_at = utcnow()
    db.session.commit()
    body = render_template("accounts/mail/email_changed.txt", user=user, new_email=new_email)
    send_mail(old_email, _("Ihre E-Mail-Adresse bei Lernraum wurde geändert"), body)
    return user
