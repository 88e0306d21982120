"""History of a page: any two revisions compared, conflicts merged, recent changes and feed."""

import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.wiki import services
from lms.wiki.models import WikiPage, WikiRevision


@pytest.fixture
def author(make_user):
    return make_user(roles=["author"], name="Autorin Beispiel")


@pytest.fixture
def other_author(make_user):
    return make_user(roles=["author"], name="Zweiter Autor")


def _fields(page, **changes):
    return {**{name: getattr(page, name) for name in services.CONTENT_FIELDS}, **changes}


def _edit(page, user, note, **changes):
    services.save_page(page, slug=page.slug, fields=_fields(page, **changes), user_id=user.id,
                       note=note)
    db.session.commit()


@pytest.fixture
def three_versions(make_page, author):
    page = make_page(user=author, body="Erster Absatz.\n\nZweiter Absatz.")
    _edit(page, author, "zweite", body="Erster Absatz.\n\nZweiter Absatz, ergänzt.")
    _edit(page, author, "dritte", body="Erster Absatz.\n\nZweiter Absatz, ergänzt.\n\nDritter.")
    return page, sorted(page.revisions, key=lambda revision: revision.id)


def _form(page, **changes):
    data = {"title": page.title, "kind": page.kind, "topics": page.topics,
            "summary": page.summary, "body": page.body, "municipality": "", "state": "",
            "size_class": "", "note": "Meine Änderung",
            "base_revision": services.latest_revision_id(page)}
    return {**data, **changes}


def test_any_two_revisions_can_be_compared_in_either_order(client, three_versions):
    page, (first, _second, third) = three_versions
    html = client.get(f"/wiki/{page.slug}/vergleich?von={third.id}&bis={first.id}").get_data(
        as_text=True)
    assert 'Zweiter <del><span class="visually-hidden">gelöscht: </span>Absatz.</del>' in html
    assert "Dritter." in html and "<h1>Zwei Fassungen im Vergleich</h1>" in html
    assert html.index("Ältere Fassung:") < html.index(f"versionen/{first.id}") < html.index(
        "Neuere Fassung:")


def test_comparing_a_revision_of_another_page_is_404(client, make_page, author, three_versions):
    page, (first, *_rest) = three_versions
    other = make_page("anderes", user=author, title="Andere Seite")
    other_revision = other.revisions[0]
    url = f"/wiki/{page.slug}/vergleich?von={first.id}&bis={other_revision.id}"
    assert client.get(url).status_code == 404
    assert client.get(f"/wiki/{page.slug}/vergleich?von=abc").status_code == 404


def test_history_offers_radio_buttons_to_choose_two_revisions(client, three_versions):
    page, revisions = three_versions
    html = client.get(f"/wiki/{page.slug}/versionen").get_data(as_text=True)
    assert html.count('name="von"') == 3 and html.count('name="bis"') == 3
    assert "Ausgewählte Fassungen vergleichen" in html


def test_revert_restores_the_old_text_as_a_new_revision(client, login, author, three_versions):
    page, (first, *_rest) = three_versions
    login(author)
    form = client.get(f"/wiki/{page.slug}/bearbeiten?version={first.id}").get_data(as_text=True)
    assert "Fassung vom" in form
    response = client.post(f"/wiki/{page.slug}/bearbeiten",
                           data=_form(page, body=first.body, note="Zurück"))
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.scalar(select(WikiPage).where(WikiPage.slug == page.slug))
    assert stored.body == first.body and len(stored.revisions) == 4


def test_a_conflicting_save_shows_both_texts_and_keeps_the_second_editors_work(
        client, login, author, other_author, make_page):
    page = make_page(user=author, body="Gemeinsamer Anfang.\n\nAlter Schluss.")
    base = services.latest_revision_id(page)
    _edit(page, other_author, "Schluss geändert",
          body="Gemeinsamer Anfang.\n\nNeuer Schluss vom Kollegen.")
    login(author)

    response = client.post(f"/wiki/{page.slug}/bearbeiten", data=_form(
        page, base_revision=base, body="Mein neuer Anfang.\n\nAlter Schluss."))

    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Jemand anderes hat die Seite inzwischen gespeichert" in html
    assert "Neuer Schluss vom Kollegen." in html  # the other person's text, side by side
    assert "Mein neuer Anfang." in html  # the second editor's text is still in the form
    latest = services.latest_revision_id(page)
    assert f'name="base_revision" type="hidden" value="{latest}"' in html
    assert db.session.scalar(select(WikiPage.body).where(WikiPage.id == page.id)).startswith(
        "Gemeinsamer Anfang.")

    merged = client.post(f"/wiki/{page.slug}/bearbeiten", data=_form(
        page, base_revision=latest, body="Mein neuer Anfang.\n\nNeuer Schluss vom Kollegen."))
    assert merged.status_code == 302
    db.session.expire_all()
    assert db.session.get(WikiPage, page.id).body == (
        "Mein neuer Anfang.\n\nNeuer Schluss vom Kollegen.")


def test_recent_changes_list_every_page_newest_first(client, make_page, author):
    make_page("a", user=author, title="Seite A")
    make_page("b", user=author, title="Seite B", note="B angelegt")
    html = client.get("/wiki/aenderungen").get_data(as_text=True)
    assert html.index("Seite B") < html.index("Seite A") and "B angelegt" in html
    assert 'type="application/atom+xml"' in html


def test_the_feed_is_valid_atom_with_escaped_titles(client, make_page, author, three_versions):
    make_page("boese", user=author, title="<b>Böse</b> & Co")
    response = client.get("/wiki/aenderungen.atom")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == 4
    assert entries[0].find(f"{atom}title").text == "<b>Böse</b> & Co"
    assert "/vergleich?von=" in entries[1].find(f"{atom}link").get("href")


def test_revisions_keep_the_structured_fields(make_page, author):
    page = make_page(user=author, kind="praxisbeispiel", municipality="Beispielau",
                     state="Hessen", results="Mehr Fahrgäste.")
    revision = db.session.scalars(select(WikiRevision)).one()
    assert revision.fields["results"] == "Mehr Fahrgäste." and page.municipality == "Beispielau"
