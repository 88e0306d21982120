"""The notebook is private: owners list, edit and export their entries; nobody else sees them."""

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.player.models import NotebookEntry

NOTE = "Im Ortsteil Nord fehlt abends jeder Bus."


@pytest.fixture
def entry(client, sample_module, learner) -> NotebookEntry:
    client.get("/lernen/probe-modul")
    client.post("/lernen/probe-modul/seite/2/antwort/transfer", data={"transfer": NOTE})
    return db.session.scalar(select(NotebookEntry))


@pytest.fixture
def other_client(app, entry, make_user):
    """A second, logged-in learner in their own browser."""
    other = make_user()
    browser = app.test_client()
    browser.post("/anmelden", data={"email": other.email, "password": "Sonnenblume-im-Rathaus-7"})
    return browser


def test_owner_sees_entries_grouped_by_module(client, entry):
    html = client.get("/notizbuch").get_data(as_text=True)
    assert NOTE in html and "Probemodul" in html and "Was bedeutet das für Ihre Kommune?" in html


def test_other_learner_does_not_see_the_entry(other_client):
    html = other_client.get("/notizbuch").get_data(as_text=True)
    assert NOTE not in html and "Noch keine Einträge" in html


def test_other_learner_cannot_open_or_change_the_entry(other_client, entry):
    assert other_client.get(f"/notizbuch/{entry.id}").status_code == 404
    assert (
        other_client.post(f"/notizbuch/{entry.id}", data={"text": "übernommen"}).status_code == 404
    )
    db.session.refresh(entry)
    assert entry.text == NOTE


def test_other_learners_export_leaves_the_entry_out(other_client):
    assert NOTE not in other_client.get("/notizbuch/export.md").get_data(as_text=True)


def test_owner_edits_an_entry(client, entry):
    response = client.post(f"/notizbuch/{entry.id}", data={"text": "Neu: Rufbus ab 18 Uhr prüfen."})
    assert response.status_code == 302
    db.session.refresh(entry)
    assert entry.text == "Neu: Rufbus ab 18 Uhr prüfen."


def test_empty_edit_is_refused_and_keeps_the_text(client, entry):
    response = client.post(f"/notizbuch/{entry.id}", data={"text": "   "})
    assert response.status_code == 200
    assert "Bitte schreiben Sie etwas" in response.get_data(as_text=True)
    db.session.refresh(entry)
    assert entry.text == NOTE


def test_markdown_export_is_a_download_with_task_and_note(client, entry):
    response = client.get("/notizbuch/export.md")
    assert response.mimetype == "text/markdown"
    assert response.headers["Content-Disposition"] == 'attachment; filename="notizbuch.md"'
    text = response.get_data(as_text=True)
    assert text.startswith("# Mein Notizbuch – Lernraum")
    assert (
        "## Probemodul" in text
        and "**Aufgabe:** Was bedeutet das für Ihre Kommune?" in text
        and NOTE in text
    )


def test_text_export_is_plain(client, entry):
    response = client.get("/notizbuch/export.txt")
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert (
        "Aufgabe: Was bedeutet das für Ihre Kommune?" in text and "**" not in text and NOTE in text
    )


def test_unknown_export_format_is_not_found(client, entry):
    assert client.get("/notizbuch/export.pdf").status_code == 404


def test_answering_again_updates_the_same_entry(client, entry):
    client.post(
        "/lernen/probe-modul/seite/2/antwort/transfer", data={"transfer": "Zweiter Gedanke"}
    )
    entries = db.session.scalars(select(NotebookEntry)).all()
    assert len(entries) == 1
    db.session.refresh(entries[0])
    assert entries[0].text == "Zweiter Gedanke"
