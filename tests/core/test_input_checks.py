"""Requests with a NUL character get a clear 400 before any view runs (PostgreSQL would fail
with a server error in the middle of the query; SQLite would store it)."""

from sqlalchemy import func, select

from lms.accounts.models import User
from lms.extensions import db

MESSAGE = "Die Anfrage enthält ein unzulässiges Steuerzeichen (NUL)."


def test_search_with_a_nul_character_is_refused_with_a_german_message(client):
    response = client.get("/wiki/", query_string={"q": "Demo\x00grafie"})

    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)


def test_the_same_search_without_it_answers(client):
    assert client.get("/wiki/", query_string={"q": "Demografie"}).status_code == 200


def test_staff_filters_with_a_nul_character_are_refused(client, login, make_user,
                                                       make_organisation):
    login(make_user(roles=["coordinator", "admin"], organisation=make_organisation()))

    for url in ("/koordination/fortschritt", "/koordination/nachweise", "/admin/nutzer",
                "/admin/organisationen", "/admin/nachweise"):
        assert client.get(url, query_string={"q": "a\x00"}).status_code == 400, url


def test_nul_in_the_address_or_an_argument_name_is_refused(client):
    assert client.get("/wiki/buergerbus%00gruenden").status_code == 400
    assert client.get("/module?th%00ema=mobilitaet").status_code == 400


def test_form_with_a_nul_character_stores_nothing(client):
    response = client.post("/registrieren", data={
        "name": "Nora\x00Null", "email": "nora@beispiel.de", "password": "Sonnenblume-im-Rathaus-7",
        "password_confirm": "Sonnenblume-im-Rathaus-7"})

    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_lrs_clients_get_the_message_as_json(client):
    response = client.get("/xapi/statements", query_string={"verb": "\x00"},
                          headers={"X-Experience-API-Version": "1.0.3"})

    assert response.status_code == 400
    assert MESSAGE in response.get_json()["message"]
