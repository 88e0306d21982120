"""Messages the player writes in Python follow the interface language: German unless switched."""

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.player.models import NotebookEntry

GERMAN, ENGLISH = None, "en"


@pytest.fixture
def in_module(client, sample_module, learner):
    """Switch the signed-in learner's interface to ``locale`` (None: keep the German default),
    then launch the sample module."""

    def enter(locale: str | None):
        if locale:
            assert client.post("/sprache", data={"locale": locale, "next": "/"}).status_code == 302
        client.get("/lernen/probe-modul")
        return client

    return enter


@pytest.mark.parametrize(("locale", "shown", "hidden"), [
    (GERMAN, "Bitte wählen Sie eine Antwort aus.", "Please choose an answer."),
    (ENGLISH, "Please choose an answer.", "Bitte wählen Sie eine Antwort aus."),
])
def test_missing_answer_is_refused_in_the_interface_language(in_module, locale, shown, hidden):
    response = in_module(locale).post("/lernen/probe-modul/seite/1/antwort/einfach", data={})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert shown in html
    assert hidden not in html


@pytest.mark.parametrize(("locale", "shown", "hidden"), [
    (GERMAN, ("Ich lag richtig.", "Ich lag teilweise richtig.", "Ich lag daneben."),
     "I was right."),
    (ENGLISH, ("I was right.", "I was partly right.", "I was wrong."), "Ich lag richtig."),
])
def test_self_rating_labels_are_in_the_interface_language(in_module, locale, shown, hidden):
    client = in_module(locale)
    client.post("/lernen/probe-modul/seite/2/antwort/selbst", data={"selbst": "Meine Antwort"})
    html = client.get("/lernen/probe-modul/seite/2").get_data(as_text=True)
    assert all(label in html for label in shown)
    assert hidden not in html


@pytest.mark.parametrize(("locale", "shown", "hidden"), [
    (GERMAN, "Ihre Notiz ist gespeichert.", "Your note has been saved."),
    (ENGLISH, "Your note has been saved.", "Ihre Notiz ist gespeichert."),
])
def test_saving_a_note_is_confirmed_in_the_interface_language(in_module, locale, shown, hidden):
    client = in_module(locale)
    client.post("/lernen/probe-modul/seite/2/antwort/transfer", data={"transfer": "Rufbus prüfen."})
    entry = db.session.scalar(select(NotebookEntry))
    response = client.post(f"/notizbuch/{entry.id}", data={"text": "Rufbus ab 18 Uhr."},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert shown in html
    assert hidden not in html
