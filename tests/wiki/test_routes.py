"""Wiki pages in the browser: reading, searching, permissions, editing, deleting."""

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.wiki import services
from lms.wiki.models import WikiPage, WikiRevision


@pytest.fixture
def author(make_user):
    return make_user(roles=["author"], name="Autorin Beispiel")


@pytest.fixture
def page(make_page, author):
    return make_page(user=author)


def _fresh(slug="buergerbus-gruenden"):
    """The page as stored now (requests commit in their own session)."""
    db.session.expire_all()
    return services.page_by_slug(slug)


def _form(page=None, **changes):
    data = {"title": "Einen Bürgerbus gründen", "kind": "leitfaden", "topics": ["mobilitaet"],
            "summary": "Kurz.", "body": "## Abschnitt\n\nText.", "municipality": "",
            "state": "", "note": "Tippfehler korrigiert"}
    if page is not None:
        data["base_revision"] = services.latest_revision_id(page)
    return {**data, **changes}


PERMISSIONS = [
    # (method, url, role, status)
    ("GET", "/wiki/", None, 200),
    ("GET", "/wiki/buergerbus-gruenden", None, 200),
    ("GET", "/wiki/buergerbus-gruenden/versionen", None, 200),
    ("GET", "/wiki/buergerbus-gruenden/bearbeiten", None, 302),
    ("GET", "/wiki/neu", None, 302),
    ("POST", "/wiki/buergerbus-gruenden/loeschen", None, 302),
    ("GET", "/wiki/buergerbus-gruenden", "learner", 200),
    ("GET", "/wiki/buergerbus-gruenden/bearbeiten", "learner", 403),
    ("POST", "/wiki/buergerbus-gruenden/bearbeiten", "learner", 403),
    ("GET", "/wiki/neu", "learner", 403),
    ("POST", "/wiki/buergerbus-gruenden/loeschen", "learner", 403),
    ("GET", "/wiki/buergerbus-gruenden/bearbeiten", "coordinator", 403),
    ("GET", "/wiki/buergerbus-gruenden/bearbeiten", "author", 200),
    ("GET", "/wiki/neu", "author", 200),
    ("GET", "/wiki/buergerbus-gruenden/loeschen", "author", 200),
    ("GET", "/wiki/buergerbus-gruenden/bearbeiten", "admin", 200),
    ("GET", "/wiki/geloescht", None, 302),
    ("GET", "/wiki/geloescht", "learner", 403),
    ("GET", "/wiki/geloescht", "author", 200),
    ("GET", "/wiki/buergerbus-gruenden/loeschen", "admin", 200),
]


@pytest.mark.parametrize(("method", "url", "role", "status"), PERMISSIONS)
def test_permissions(client, make_user, make_organisation, login, page, method, url, role,
                     status):
    if role:
        login(make_user(roles=[] if role == "learner" else [role],
                        organisation=make_organisation()))
    response = client.open(url, method=method, data={})
    assert response.status_code == status
    assert _fresh() is not None


def test_page_shows_kind_topics_and_rendered_links(client, make_page, make_seminar,
                                                   make_module, author):
    make_page("rufbus-landkreis", user=author, title="Rufbus")
    make_seminar("mobil-2025")
    make_module("mobilitaet")
    make_page(user=author, body="# Einen Bürgerbus gründen\n\n## Start\n\n"
                                "[Rufbus](wiki:rufbus-landkreis), [Seminar](seminar:mobil-2025), "
                                "[Modul](modul:mobilitaet)")
    html = client.get("/wiki/buergerbus-gruenden").get_data(as_text=True)
    assert "Leitfaden" in html and "Mobilität" in html
    assert 'href="/wiki/rufbus-landkreis"' in html
    assert 'href="/seminare/mobil-2025"' in html and 'href="/module/mobilitaet"' in html
    assert "link-missing" not in html
    assert html.count("<h1>") == 1 and "<h2>Start</h2>" in html


def test_double_bracket_links_and_missing_pages(client, make_page, author):
    make_page("rufbus-landkreis", user=author, title="Rufbus im Landkreis")
    make_page(user=author, body="Siehe [[rufbus-landkreis]], [[Rufbus|den Rufbus]] und "
                                "[[Dorfladen gründen]]; `[[kein Link]]`.")
    html = client.get("/wiki/buergerbus-gruenden").get_data(as_text=True)
    assert 'href="/wiki/rufbus-landkreis" rel="noopener noreferrer">Rufbus im Landkreis</a>' in html
    assert ('<a href="/wiki/neu?slug=rufbus" class="link-missing" '
            'title="Diese Seite gibt es noch nicht – jetzt anlegen" rel="noopener noreferrer">'
            'den Rufbus</a>') in html
    assert 'href="/wiki/neu?slug=dorfladen-gruenden" class="link-missing"' in html
    assert "<code>[[kein Link]]</code>" in html


def test_praxisbeispiel_shows_municipality_and_state(client, make_page, author):
    make_page("rufbus-landkreis", user=author, kind="praxisbeispiel",
              municipality="Landkreis Beispielau", state="Niedersachsen")
    html = client.get("/wiki/rufbus-landkreis").get_data(as_text=True)
    assert "Landkreis Beispielau" in html and "Niedersachsen" in html


def test_related_modules_and_seminars_are_listed(client, page, make_module, make_seminar):
    make_module("mobilitaet", "Mobilität im ländlichen Raum", wiki=["buergerbus-gruenden"])
    make_module("wohnen", "Wohnen im Quartier", wiki=["anderes"])
    make_seminar("mobilitaet-2025-03", topics=["mobilitaet"])
    make_seminar("pflege-2025-05", title="Pflege vor Ort", topics=["pflege-gesundheit"])
    html = client.get("/wiki/buergerbus-gruenden").get_data(as_text=True)
    assert 'href="/module/mobilitaet"' in html and "Wohnen im Quartier" not in html
    assert "Mobil im Alter auf dem Land" in html and "Pflege vor Ort" not in html


def test_unknown_page_is_404(client):
    assert client.get("/wiki/gibt-es-nicht").status_code == 404


@pytest.fixture
def three_pages(make_page, author):
    make_page("buergerbus-gruenden", user=author)
    make_page("world-cafe", user=author, title="World Café", kind="methode",
              topics=["buergerbeteiligung"], body="Gespräche an Tischen.")
    make_page("rufbus-landkreis", user=author, title="Rufbus im Landkreis",
              kind="praxisbeispiel", municipality="Beispielau", state="Hessen",
              body="Ein Rufbus mit Telefonbuchung.")


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["Einen Bürgerbus gründen", "Rufbus im Landkreis", "World Café"]),
    ("?q=telefonbuchung", ["Rufbus im Landkreis"]),
    ("?q=B%C3%BCrgerbusse", ["Einen Bürgerbus gründen"]),
    ("?q=BÜRGERBUS", ["Einen Bürgerbus gründen"]),
    ("?q=buergerbus", ["Einen Bürgerbus gründen"]),
    ("?q=rufbus+telefon", ["Rufbus im Landkreis"]),
    ("?q=rufbus+tische", []),
    ("?art=methode", ["World Café"]),
    ("?thema=mobilitaet", ["Einen Bürgerbus gründen", "Rufbus im Landkreis"]),
    ("?thema=mobilitaet&art=praxisbeispiel", ["Rufbus im Landkreis"]),
    ("?thema=buergerbeteiligung&art=praxisbeispiel", []),
    ("?q=100%25", []),
    ("?art=quatsch", ["Einen Bürgerbus gründen", "Rufbus im Landkreis", "World Café"]),
])
def test_index_search_and_filters(client, three_pages, query, expected):
    html = client.get(f"/wiki/{query}").get_data(as_text=True)
    titles = [title for title in ("Einen Bürgerbus gründen", "Rufbus im Landkreis", "World Café")
              if f">{title}</a></h2>" in html]
    assert titles == expected
    if not expected:
        assert "Keine Seite passt zu Ihrer Suche." in html


def test_index_is_paginated(client, make_page, author):
    for n in range(23):
        make_page(f"seite-{n:02d}", user=author, title=f"Seite {n:02d}")
    first = client.get("/wiki/").get_data(as_text=True)
    second = client.get("/wiki/?seite=2").get_data(as_text=True)
    assert "Seite 00" in first and "Seite 22" not in first
    assert "Seite 22" in second and "23 Einträge" in second


def test_empty_wiki_says_so(client):
    assert "Das Wiki ist noch leer." in client.get("/wiki/").get_data(as_text=True)


def test_author_edit_keeps_revision_with_note(client, login, author, page):
    login(author)
    response = client.post("/wiki/buergerbus-gruenden/bearbeiten",
                           data=_form(page, title="Bürgerbus gründen"))
    assert response.status_code == 302
    stored = _fresh()
    assert (stored.title, stored.source) == ("Bürgerbus gründen", "edited")
    history = client.get("/wiki/buergerbus-gruenden/versionen").get_data(as_text=True)
    assert "Tippfehler korrigiert" in history and "Autorin Beispiel" in history
    old = stored.revisions[-1]
    html = client.get(f"/wiki/buergerbus-gruenden/versionen/{old.id}").get_data(as_text=True)
    assert "frühere Fassung" in html and "Einen Bürgerbus gründen" in html


def test_preview_renders_without_saving(client, login, author, page):
    login(author)
    html = client.post("/wiki/buergerbus-gruenden/bearbeiten",
                       data=_form(page, body="## Neu\n\nVorschautext", preview="Vorschau"),
                       ).get_data(as_text=True)
    assert "Vorschau (noch nicht gespeichert)" in html and "Vorschautext" in html
    assert "Vorschautext" not in _fresh().body


def test_restore_prefills_an_old_revision(client, login, author, page):
    login(author)
    client.post("/wiki/buergerbus-gruenden/bearbeiten", data=_form(page, body="Neu."))
    old = _fresh().revisions[-1]
    html = client.get(f"/wiki/buergerbus-gruenden/bearbeiten?version={old.id}").get_data(
        as_text=True)
    assert "Bürger fahren für Bürger." in html and "wiederhergestellt" in html


@pytest.mark.parametrize(("changes", "message"), [
    ({"title": ""}, "Bitte füllen Sie dieses Feld aus."),
    ({"note": ""}, "Bitte beschreiben Sie kurz Ihre Änderung."),
    ({"topics": []}, "Bitte wählen Sie mindestens ein Thema."),
    ({"kind": "praxisbeispiel"}, "Ein Praxisbeispiel braucht die Kommune."),
])
def test_bad_edit_changes_nothing(client, login, author, page, changes, message):
    login(author)
    before = db.session.scalar(select(db.func.count()).select_from(WikiRevision))
    response = client.post("/wiki/buergerbus-gruenden/bearbeiten",
                           data=_form(page, body="Verworfen.", **changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert "Verworfen." not in _fresh().body
    assert db.session.scalar(select(db.func.count()).select_from(WikiRevision)) == before


def test_author_creates_a_page(client, login, author):
    login(author)
    response = client.post("/wiki/neu", data=_form(slug="demografie-check", note=""))
    assert response.headers["Location"].endswith("/wiki/demografie-check")
    page = _fresh("demografie-check")
    assert page.updated_by_id == author.id
    assert [revision.note for revision in page.revisions] == ["Seite angelegt"]


@pytest.mark.parametrize(("slug", "message"), [
    ("buergerbus-gruenden", "ist schon vergeben"),
    ("Großes Ding", "Kleinbuchstaben"),
    ("neu", "Kleinbuchstaben"),
    ("", "Bitte füllen Sie dieses Feld aus."),
])
def test_create_with_bad_slug_changes_nothing(client, login, author, page, slug, message):
    login(author)
    response = client.post("/wiki/neu", data=_form(slug=slug, title="Andere Seite"))
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(WikiPage)) == 1
    assert _fresh().title == "Einen Bürgerbus gründen"


def test_script_in_edited_body_is_removed(client, login, author, page):
    login(author)
    body = ('## Test\n\n<script>alert("x")</script>\n\n<img src=x onerror="alert(1)">\n\n'
            '[klick](javascript:alert(1)) <a href="#" onclick="evil()">a</a>')
    client.post("/wiki/buergerbus-gruenden/bearbeiten", data=_form(page, body=body))
    html = client.get("/wiki/buergerbus-gruenden").get_data(as_text=True)
    assert "<script>alert" not in html and "onerror" not in html
    assert "javascript:" not in html and "onclick" not in html


def test_delete_asks_first_then_hides_and_keeps_revisions(client, login, author, page):
    login(author)
    confirm = client.get("/wiki/buergerbus-gruenden/loeschen").get_data(as_text=True)
    assert "Ja, Seite löschen" in confirm
    response = client.post("/wiki/buergerbus-gruenden/loeschen")
    assert response.headers["Location"].endswith("/wiki/")
    assert client.get("/wiki/buergerbus-gruenden").status_code == 404
    db.session.expire_all()
    stored = db.session.scalar(select(WikiPage))
    assert stored.deleted_at is not None and len(stored.revisions) == 2


def test_post_without_csrf_token_is_rejected(app, client, login, author, page):
    login(author)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/wiki/buergerbus-gruenden/bearbeiten",
                               data=_form(page, title="Ohne Token"))
        deleted = client.post("/wiki/buergerbus-gruenden/loeschen")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400 and deleted.status_code == 400
    assert _fresh().title == "Einen Bürgerbus gründen"


def test_menu_has_wiki_and_seminars(client):
    html = client.get("/").get_data(as_text=True)
    assert '<a href="/wiki/" >Wiki</a>' in html and '<a href="/seminare/" >Seminare</a>' in html


def test_revision_page_shows_what_changed(client, login, author, page):
    login(author)
    client.post("/wiki/buergerbus-gruenden/bearbeiten",
                data=_form(page, body="## Worum geht es\n\nBürger fahren für alle."))
    latest = _fresh().revisions[0]
    html = client.get(f"/wiki/buergerbus-gruenden/versionen/{latest.id}").get_data(as_text=True)
    assert ('Bürger fahren für <del><span class="visually-hidden">gelöscht: </span>Bürger.'
            '</del><ins><span class="visually-hidden">eingefügt: </span>alle.</ins>') in html


def test_editor_names_are_only_shown_to_logged_in_users(client, page):
    html = client.get("/wiki/buergerbus-gruenden/versionen").get_data(as_text=True)
    assert "Autorin Beispiel" not in html and "Redaktion" in html


def test_deleted_page_can_be_restored(client, login, author, page):
    login(author)
    client.post("/wiki/buergerbus-gruenden/loeschen")
    listing = client.get("/wiki/geloescht").get_data(as_text=True)
    assert "Einen Bürgerbus gründen" in listing
    response = client.post("/wiki/buergerbus-gruenden/wiederherstellen")
    assert response.headers["Location"].endswith("/wiki/buergerbus-gruenden")
    assert _fresh() is not None
    assert _fresh().revisions[0].note == "Seite wiederhergestellt"


def test_learner_cannot_restore(client, login, make_user, author, page):
    services.delete_page(page, user_id=author.id)
    db.session.commit()
    login(make_user())
    assert client.post("/wiki/buergerbus-gruenden/wiederherstellen").status_code == 403
    assert _fresh() is None
