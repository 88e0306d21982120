"""Registration, e-mail confirmation and the messages for bad input."""

import re

from sqlalchemy import func, select

from lms.accounts.membership import latest_request_of
from lms.accounts.models import User
from lms.core.mail import stored_mails
from lms.extensions import db
from tests.conftest import PASSWORD


def _mails(app) -> list[str]:
    return [f"To: {mail.recipient}\n{mail.body}" for mail in stored_mails()]


def _register(client, **overrides):
    data = {
        "name": "Erika Beispiel",
        "email": "erika@beispiel.de",
        "organisation": "0",
        "password": PASSWORD,
        "password_repeat": PASSWORD,
    } | overrides
    return client.post("/registrieren", data=data)


def _user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_registration_stores_unconfirmed_user_and_mails_link(app, client):
    response = _register(client)

    assert response.status_code == 200
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in response.get_data(as_text=True)
    user = db.session.scalar(select(User))
    assert user.email == "erika@beispiel.de" and user.email_confirmed_at is None
    [mail] = _mails(app)
    assert "erika@beispiel.de" in mail and "/konto/bestaetigen/" in mail


def test_confirmation_link_confirms_and_allows_login(app, client):
    _register(client)
    [mail] = _mails(app)
    link = re.search(r"http://lernraum\.test(/konto/bestaetigen/\S+)", mail)[1]

    assert (
        client.post(
            "/anmelden", data={"email": "erika@beispiel.de", "password": PASSWORD}
        ).status_code
        == 401
    )
    assert client.get(link).status_code == 302
    assert (
        client.post(
            "/anmelden", data={"email": "erika@beispiel.de", "password": PASSWORD}
        ).status_code
        == 302
    )


def test_duplicate_email_is_refused_next_to_the_field(client, make_user):
    make_user(email="erika@beispiel.de")

    response = _register(client, email="Erika@Beispiel.de ")

    assert "schon ein Konto registriert" in response.get_data(as_text=True)
    assert _user_count() == 1


def test_weak_password_is_refused_and_nothing_stored(client):
    response = _register(client, password="kurz", password_repeat="kurz")

    assert "mindestens 10 Zeichen" in response.get_data(as_text=True)
    assert _user_count() == 0


def test_password_repeat_must_match(client):
    response = _register(client, password_repeat=PASSWORD + "x")

    assert "stimmen nicht überein" in response.get_data(as_text=True)
    assert _user_count() == 0


def test_tampered_confirmation_link_is_refused(client):
    _register(client)

    response = client.get("/konto/bestaetigen/nicht-echt", follow_redirects=True)

    assert "ungültig" in response.get_data(as_text=True)
    assert db.session.scalar(select(User)).email_confirmed_at is None


def test_registration_with_organisation_asks_to_join_it(client, make_organisation):
    organisation = make_organisation(name="Stadt Musterhausen")

    _register(client, organisation=str(organisation.id))

    user = db.session.scalar(select(User))
    request = latest_request_of(user.id)
    assert user.organisation_id is None  # a coordinator of it confirms first
    assert request.organisation_id == organisation.id and request.status == "open"
