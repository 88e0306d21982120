"""Changing one's e-mail address needs the password and a confirmed link to the new address."""

import re

import pytest

from lms.core.mail import stored_mails
from lms.extensions import db
from tests.conftest import PASSWORD

NEW = "neue.adresse@beispiel.de"


@pytest.fixture
def person(make_user):
    return make_user(email="alte.adresse@beispiel.de")


@pytest.fixture
def browser(person, client, login):
    login(person)
    return client


def _link() -> str:
    mail = next(m for m in stored_mails() if m.recipient == NEW)
    return re.search(r"http://lernraum\.test(/konto/email/bestaetigen/\S+)", mail.body)[1]


def test_the_new_address_counts_only_after_its_link_is_opened(browser, person):
    response = browser.post("/konto/email", data={"email": NEW, "current_password": PASSWORD})

    assert response.status_code == 302
    db.session.refresh(person)
    assert person.email == "alte.adresse@beispiel.de"
    assert [mail.recipient for mail in stored_mails()] == [NEW]


def test_opening_the_link_changes_the_address_and_tells_the_old_one(app, browser, person):
    browser.post("/konto/email", data={"email": NEW, "current_password": PASSWORD})

    browser.get(_link())

    db.session.refresh(person)
    assert person.email == NEW
    assert "alte.adresse@beispiel.de" in [mail.recipient for mail in stored_mails()]
    fresh = app.test_client()
    assert fresh.post("/anmelden", data={"email": NEW, "password": PASSWORD}).status_code == 302


def test_the_link_works_once(browser, person):
    browser.post("/konto/email", data={"email": NEW, "current_password": PASSWORD})
    link = _link()
    browser.get(link)

    again = browser.get(link, follow_redirects=True)

    assert "nicht mehr gültig" in again.get_data(as_text=True)


def test_a_wrong_password_changes_nothing_and_mails_nothing(browser, person):
    response = browser.post("/konto/email", data={"email": NEW, "current_password": "falsch"})

    assert response.status_code == 200
    assert "Das aktuelle Passwort stimmt nicht." in response.get_data(as_text=True)
    assert stored_mails() == []


def test_an_address_of_another_account_is_refused(browser, make_user):
    make_user(email=NEW)

    response = browser.post("/konto/email", data={"email": NEW, "current_password": PASSWORD})

    assert "schon ein Konto" in response.get_data(as_text=True)
    assert stored_mails() == []


def test_an_address_taken_in_between_is_refused_at_confirmation(browser, person, make_user):
    browser.post("/konto/email", data={"email": NEW, "current_password": PASSWORD})
    make_user(email=NEW)

    page = browser.get(_link(), follow_redirects=True).get_data(as_text=True)

    assert "anderen Konto" in page
    db.session.refresh(person)
    assert person.email == "alte.adresse@beispiel.de"


def test_a_tampered_link_is_refused(browser, person):
    page = browser.get("/konto/email/bestaetigen/abc.def.ghi",
                       follow_redirects=True).get_data(as_text=True)

    assert "ungültig" in page
    db.session.refresh(person)
    assert person.email == "alte.adresse@beispiel.de"
