"""Sessions end on the server: logout, password changes, "Überall abmelden", deactivation."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from lms.accounts.sessions import LoginSession
from lms.core.mail import stored_mails
from lms.extensions import db
from tests.conftest import PASSWORD

NEW_PASSWORD = "Neues-Passwort-fuer-den-Rathausturm-9"


def _log_in(client, user, remember=False):
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/anmelden", data=data)
    assert response.status_code == 302
    return client


def _copy(source, target, *names):
    """Copy cookies from one browser to another, as someone who got hold of them would."""
    for name in names:
        cookie = source.get_cookie(name, domain="lernraum.test")
        assert cookie is not None, name
        target.set_cookie(name, cookie.value, domain=cookie.domain)
    return target


def _logged_in(client) -> bool:
    return client.get("/konto").status_code == 200


@pytest.fixture
def person(make_user):
    return make_user()


def test_a_cookie_copied_before_logout_no_longer_works(app, person):
    browser = _log_in(app.test_client(), person)
    thief = _copy(browser, app.test_client(), "session")
    assert _logged_in(thief)

    browser.post("/abmelden")

    assert not _logged_in(thief)
    assert not _logged_in(browser)


def test_a_copied_remember_me_cookie_dies_with_the_logout(app, person):
    browser = _log_in(app.test_client(), person, remember=True)
    thief = _copy(browser, app.test_client(), "remember_token")
    assert _logged_in(thief)  # the remember-me cookie alone logs in ...

    browser.post("/abmelden")

    assert not _logged_in(thief)  # ... until the session it belongs to has ended


def test_logout_ends_only_the_session_that_logs_out(app, person):
    office = _log_in(app.test_client(), person)
    home = _log_in(app.test_client(), person)

    office.post("/abmelden")

    assert _logged_in(home) and not _logged_in(office)


def test_changing_the_password_ends_every_other_session(app, person):
    office = _log_in(app.test_client(), person)
    home = _log_in(app.test_client(), person)

    response = office.post("/konto/passwort", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})

    assert response.status_code == 302
    assert _logged_in(office)
    assert not _logged_in(home)


def test_resetting_the_password_ends_every_session(app, client, person):
    browser = _log_in(app.test_client(), person)
    client.post("/passwort-vergessen", data={"email": person.email})
    link = _mailed_link(app, "/passwort-zuruecksetzen/")

    client.post(link, data={"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})

    assert not _logged_in(browser)


def _mailed_link(app, prefix: str) -> str:
    body = stored_mails()[0].body
    return re.search(rf"http://lernraum\.test({prefix}\S+)", body)[1]


def test_log_out_everywhere_ends_all_sessions_this_one_included(app, person):
    office = _log_in(app.test_client(), person)
    home = _log_in(app.test_client(), person)
    assert "Überall abmelden" in office.get("/konto").get_data(as_text=True)

    response = office.post("/konto/ueberall-abmelden")

    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]
    assert not _logged_in(office) and not _logged_in(home)
    assert db.session.scalars(select(LoginSession)).all() == []


def test_deactivating_an_account_ends_its_sessions_at_once(app, make_user, person):
    browser = _log_in(app.test_client(), person)
    admin = _log_in(app.test_client(), make_user(roles=["admin"]))
    assert _logged_in(browser)

    admin.post(f"/admin/nutzer/{person.id}/aktiv")

    assert not _logged_in(browser)


def test_a_session_ends_after_its_lifetime(app, person):
    browser = _log_in(app.test_client(), person)
    row = db.session.scalar(select(LoginSession))
    assert row.expires_at - row.created_at == app.config["LOGIN_SESSION_LIFETIME"]

    db.session.execute(update(LoginSession).values(
        expires_at=row.created_at - timedelta(seconds=1)))
    db.session.commit()

    assert not _logged_in(browser)


def test_remember_me_lasts_the_remember_duration(app, person):
    _log_in(app.test_client(), person, remember=True)

    row = db.session.scalar(select(LoginSession))
    assert row.remember
    assert row.expires_at - row.created_at == app.config["REMEMBER_COOKIE_DURATION"]


def test_the_account_page_lists_where_the_person_is_logged_in(app, person):
    headers = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0"}
    browser = app.test_client()
    browser.post("/anmelden", data={"email": person.email, "password": PASSWORD},
                 headers=headers)
    _log_in(app.test_client(), person)

    page = browser.get("/konto", headers=headers).get_data(as_text=True)

    assert "Firefox · Linux" in page and "(dieses Gerät)" in page
    assert page.count("<tr>") == 3  # header row and two sessions


def test_the_database_keeps_only_a_digest_of_the_session_key(app, person):
    browser = _log_in(app.test_client(), person)

    row = db.session.scalar(select(LoginSession))
    assert row.key_digest not in browser.get_cookie("session", domain="lernraum.test").value
