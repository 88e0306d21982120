"""Admins and coordinators invite people by e-mail, one by one or as a CSV list with a
preview; refused rows say why; the invited person sets a password and is in."""

import io
import re
from datetime import timedelta

from sqlalchemy import select

from lms.accounts.invitations import Invitation
from lms.accounts.models import User
from lms.core.mail import stored_mails
from lms.core.models import utcnow
from lms.extensions import db

PAGE = "/koordination/einladungen"
LIST = "anna@kommune.de;Anna Neu\nkaputt;Bert Falsch\nanna@kommune.de;Anna Doppelt\n" \
       "vorhanden@kommune.de;Vera Vorhanden\n;Ohne Adresse\ncarl@kommune.de;Carl;Koordination\n" \
       "dora@kommune.de;\n"


def _link(mail) -> str:
    return re.search(r"http://lernraum\.test(/einladung/\S+)", mail.body)[1]


def test_coordinator_invites_one_person_into_the_own_organisation(client, login,
                                                                  make_organisation, make_user):
    organisation = make_organisation(name="Stadt Beispiel")
    login(make_user(roles=["coordinator"], organisation=organisation, name="Kora Koordination"))

    response = client.post(PAGE, data={"one-email": " Erika@Kommune.de ", "one-name": "Erika",
                                       "one-submit": "1"})

    assert response.status_code == 302
    invitation = db.session.scalars(select(Invitation)).one()
    assert (invitation.email, invitation.organisation_id, invitation.roles) == (
        "erika@kommune.de", organisation.id, "")
    [mail] = stored_mails()
    assert mail.recipient == "erika@kommune.de"
    assert "Kora Koordination" in mail.body and "Stadt Beispiel" in mail.body


def test_a_list_shows_a_preview_with_each_refusal_and_sends_nothing_yet(
        client, login, make_organisation, make_user):
    organisation = make_organisation()
    make_user(email="vorhanden@kommune.de")
    login(make_user(roles=["coordinator"], organisation=organisation))

    response = client.post(PAGE, data={"list-people_list": LIST, "list-preview": "1"})

    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Vorschau der Einladungen" in html
    assert "2 Personen werden eingeladen" not in html  # carl asks for a role: refused
    assert "1 Person wird eingeladen" in html
    for reason in ("keine gültige E-Mail-Adresse", "steht schon weiter oben in der Liste",
                   "für diese Adresse gibt es schon ein Konto", "Name fehlt",
                   "Koordinatorinnen und Koordinatoren laden nur Lernende ein"):
        assert reason in html
    assert stored_mails() == [] and db.session.scalars(select(Invitation)).all() == []


def test_confirming_the_preview_sends_the_accepted_rows_and_reports_the_rest(
        client, login, make_organisation, make_user):
    organisation = make_organisation()
    admin = make_user(roles=["admin"])
    login(admin)

    response = client.post(f"{PAGE}?organisation={organisation.id}",
                           data={"list-confirmed": LIST, "list-send": "1"})

    html = response.get_data(as_text=True)
    assert "3 Einladungen verschickt." in html and "4 Zeilen abgelehnt." in html
    invited = {i.email: i for i in db.session.scalars(select(Invitation))}
    assert set(invited) == {"anna@kommune.de", "carl@kommune.de", "vorhanden@kommune.de"}
    assert invited["carl@kommune.de"].roles == "coordinator"  # admins may give roles
    assert len(stored_mails()) == 3


def test_an_uploaded_file_in_windows_encoding_is_read(client, login, make_organisation,
                                                      make_user):
    login(make_user(roles=["coordinator"], organisation=make_organisation()))
    upload = (io.BytesIO("E-Mail;Name\njörg@kommune.de;Jörg Groß\n".encode("cp1252")),
              "liste.csv")

    response = client.post(PAGE, data={"list-people_file": upload, "list-preview": "1"},
                           content_type="multipart/form-data")

    assert "Jörg Groß" in response.get_data(as_text=True)


def test_an_empty_list_gets_a_message(client, login, make_organisation, make_user):
    login(make_user(roles=["coordinator"], organisation=make_organisation()))

    response = client.post(PAGE, data={"list-people_list": "  \n", "list-preview": "1"})

    assert response.status_code == 400
    assert "Die Liste ist leer." in response.get_data(as_text=True)


def test_the_invited_person_sets_a_password_and_is_in_the_organisation(
        client, login, make_organisation, make_user):
    organisation = make_organisation()
    login(make_user(roles=["coordinator"], organisation=organisation))
    client.post(PAGE, data={"one-email": "neu@kommune.de", "one-name": "Nele Neu",
                            "one-submit": "1"})
    client.post("/abmelden")
    link = _link(stored_mails()[0])

    form = client.get(link)
    response = client.post(link, data={"name": "Nele Neu", "password": "Ein langer Satz 42",
                                       "password_repeat": "Ein langer Satz 42"})

    assert 'value="Nele Neu"' in form.get_data(as_text=True)
    assert response.status_code == 302
    user = db.session.scalars(select(User).where(User.email == "neu@kommune.de")).one()
    assert user.organisation_id == organisation.id and user.email_confirmed_at is not None
    assert client.get(link).status_code == 404  # used once


def test_a_weak_password_is_refused_and_keeps_the_invitation(client, make_organisation,
                                                             make_user, login):
    login(make_user(roles=["coordinator"], organisation=make_organisation()))
    client.post(PAGE, data={"one-email": "neu@kommune.de", "one-name": "Nele",
                            "one-submit": "1"})
    client.post("/abmelden")
    link = _link(stored_mails()[0])

    response = client.post(link, data={"name": "Nele", "password": "kurz",
                                       "password_repeat": "kurz"})

    assert response.status_code == 200 and "mindestens 10 Zeichen" in response.get_data(
        as_text=True)
    assert db.session.scalars(select(User).where(User.email == "neu@kommune.de")).all() == []
    assert client.get(link).status_code == 200


def test_an_expired_or_unknown_link_says_so(client, make_user, make_organisation):
    invitation = Invitation(email="alt@kommune.de", name="Alt", token_hash="0" * 64,
                            expires_at=utcnow() - timedelta(days=1))
    db.session.add(invitation)
    db.session.commit()

    response = client.get("/einladung/irgendwas")

    assert response.status_code == 404
    assert "Diese Einladung gilt nicht mehr" in response.get_data(as_text=True)


def test_coordinators_cannot_give_roles_in_a_single_invitation(client, login,
                                                               make_organisation, make_user):
    login(make_user(roles=["coordinator"], organisation=make_organisation()))

    client.post(PAGE, data={"one-email": "x@kommune.de", "one-name": "X", "one-role": "coordinator",
                            "one-submit": "1"})

    assert db.session.scalars(select(Invitation)).one().roles == ""


def test_learners_may_not_invite(client, login, make_user):
    login(make_user())

    assert client.get(PAGE).status_code == 403
