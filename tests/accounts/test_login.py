"""Login, logout and deactivated accounts (throttling: test_throttle.py)."""

from lms.extensions import db
from tests.conftest import PASSWORD


def test_login_with_right_password(client, make_user):
    user = make_user()

    response = client.post("/anmelden", data={"email": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert user.name in client.get("/").get_data(as_text=True)


def test_wrong_password_gets_a_german_message(client, make_user):
    user = make_user()

    response = client.post("/anmelden", data={"email": user.email, "password": "falsch-falsch"})

    assert response.status_code == 401
    assert "E-Mail-Adresse oder Passwort ist falsch." in response.get_data(as_text=True)


def test_unknown_email_gets_the_same_message(client):
    response = client.post("/anmelden", data={"email": "niemand@beispiel.de", "password": PASSWORD})

    assert "E-Mail-Adresse oder Passwort ist falsch." in response.get_data(as_text=True)


def test_deactivated_account_cannot_log_in(client, make_user):
    user = make_user()
    user.active = False
    db.session.commit()

    response = client.post("/anmelden", data={"email": user.email, "password": PASSWORD})

    assert "deaktiviert" in response.get_data(as_text=True)


def test_logout_ends_the_session(client, make_user, login):
    user = make_user()
    login(user)

    client.post("/abmelden")

    assert client.get("/konto").status_code == 302


def test_next_parameter_only_redirects_on_site(client, make_user):
    user = make_user()

    response = client.post(
        "/anmelden?next=https://boese.example/", data={"email": user.email, "password": PASSWORD}
    )

    assert response.headers["Location"] == "/"
