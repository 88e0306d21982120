"""One search over modules, module pages, wiki and seminars, on SQLite FTS5 and PostgreSQL."""

import pytest

from lms.extensions import db
from lms.search import services
from lms.search.models import SearchDocument
from lms.wiki import services as wiki


@pytest.fixture
def author(make_user):
    return make_user(roles=["author"])


def _keys(results) -> list[tuple[str, str]]:
    return [(hit.kind, hit.key) for _, hits in results.groups for hit in hits]


@pytest.mark.parametrize(("query", "slug", "text"), [
    ("Bürgerbusse", "buergerbus", "Ein Bürgerbus fährt Menschen ohne Auto zum Arzt."),
    ("Dorfläden", "dorfladen", "Der Dorfladen ist Treffpunkt und Nahversorgung zugleich."),
    ("Pflegenetzwerke", "pflegenetzwerk", "Ein Pflegenetzwerk verbindet Dienste im Quartier."),
    ("Bürgerbus", "buergerbusse", "Zwei Bürgerbusse fahren im Stundentakt."),
    ("buergerbus", "buergerbus", "Ein Bürgerbus fährt Menschen ohne Auto zum Arzt."),
])
def test_german_word_forms_find_the_page(make_page, author, query, slug, text):
    make_page(slug, user=author, title=f"Seite {slug}", body=text)
    make_page("anderes", user=author, title="Etwas anderes", body="Ganz anderer Inhalt.")

    results = services.search(query)

    assert _keys(results) == [("wiki", slug)]


def test_title_matches_rank_above_body_matches(make_page, author):
    make_page("erwaehnung", user=author, title="Ehrenamt stärken",
              body="Am Rande geht es auch um den Dorfladen.")
    make_page("dorfladen-gruenden", user=author, title="Einen Dorfladen gründen",
              summary="Nahversorgung in Bürgerhand.", body="Der Dorfladen als Genossenschaft.")

    results = services.search("Dorfläden")

    assert _keys(results)[0] == ("wiki", "dorfladen-gruenden")


def test_every_word_must_match(make_page, author):
    make_page("a", user=author, title="Rufbus", body="Rufbus mit Telefonbuchung.")
    make_page("b", user=author, title="Bürgerbus", body="Bürgerbus im Dorf.")
    assert _keys(services.search("Rufbus Telefon")) == [("wiki", "a")]
    assert _keys(services.search("Rufbus Dorf")) == []


def test_results_are_grouped_by_kind_with_marked_excerpts(make_page, make_seminar, author):
    make_page("pflege", user=author, title="Pflegenetzwerk knüpfen",
              body="So entsteht ein Pflegenetzwerk <script>alert(1)</script> im Ort.")
    make_seminar("pflege-2025", title="Pflege vor Ort", summary="Netzwerke der Pflege.",
                 transcript="Wir sprechen heute über Pflegenetzwerke im ländlichen Raum.")

    results = services.search("Pflegenetzwerke")

    assert results.counts == {"wiki": 1, "seminar": 1}
    kinds = [kind for kind, _ in results.groups]
    assert sorted(kinds) == ["seminar", "wiki"]
    seminar_hit = dict(results.groups)["seminar"][0]
    assert "<mark>Pflegenetzwerke</mark>" in str(seminar_hit.excerpt)
    wiki_hit = dict(results.groups)["wiki"][0]
    assert "<script>" not in str(wiki_hit.excerpt) and "<mark>Pflegenetzwerk</mark>" in str(
        wiki_hit.title)


def test_filters_by_kind_and_topic(make_page, make_seminar, author):
    make_page("a", user=author, title="Quartier A", topics=["wohnen"], body="Quartier.")
    make_page("b", user=author, title="Quartier B", topics=["mobilitaet"], body="Quartier.")
    make_seminar("s", title="Quartier im Seminar", topics=["wohnen"])

    assert _keys(services.search("Quartier", kind="wiki", topic="wohnen")) == [("wiki", "a")]
    assert {key for _, key in _keys(services.search("Quartier", topic="wohnen"))} == {"a", "s"}


def test_pagination_within_one_kind(make_page, author):
    for number in range(25):
        make_page(f"seite-{number:02d}", user=author, title=f"Mehrgenerationenhaus {number}")

    first = services.search("Mehrgenerationenhäuser", kind="wiki")
    second = services.search("Mehrgenerationenhäuser", kind="wiki", page=2)

    assert first.pages == 2 and first.pagination.total == 25
    assert len(_keys(first)) == 20 and len(_keys(second)) == 5
    assert not set(_keys(first)) & set(_keys(second))


def test_an_edit_updates_the_index_and_a_delete_removes_it(make_page, author):
    page = make_page("a", user=author, title="Seniorenbefragung", body="Fragebogen.")
    changed = {**_fields(page), "body": "Jetzt über Zukunftswerkstatt."}
    wiki.save_page(page, slug="a", fields=changed, user_id=author.id, note="Neu")
    db.session.commit()
    assert _keys(services.search("Fragebogen")) == []
    assert _keys(services.search("Zukunftswerkstätten")) == [("wiki", "a")]

    wiki.delete_page(page, user_id=author.id)
    db.session.commit()
    assert _keys(services.search("Zukunftswerkstatt")) == []
    assert db.session.query(SearchDocument).count() == 0


def _fields(page):
    return {name: getattr(page, name) for name in wiki.CONTENT_FIELDS}


@pytest.mark.parametrize("query", ["", "und der", "!!!", "a", "\"; DROP TABLE x; --",
                                   "NEAR( OR * ^", "x" * 500])
def test_odd_queries_find_nothing_and_never_fail(make_page, author, query):
    make_page("a", user=author, title="Text", body="Inhalt")
    results = services.search(query)
    assert results.total == 0


def test_reindex_rebuilds_every_source(make_page, make_seminar, make_module, author):
    make_page("a", user=author, title="Zukunftswerkstatt")
    make_seminar("s", title="Zukunftswerkstatt im Seminar")
    db.session.execute(SearchDocument.__table__.delete())
    db.session.commit()
    assert services.search("Zukunftswerkstatt").total == 0

    counts = services.reindex_all()

    assert counts["wiki"] == 1 and counts["seminar"] == 1
    assert services.search("Zukunftswerkstatt").total == 2


def test_search_page_shows_groups_and_the_header_box(client, make_page, author):
    make_page("dorfladen", user=author, title="Einen Dorfladen gründen")
    html = client.get("/suche/?q=Dorfläden").get_data(as_text=True)
    assert 'href="/wiki/dorfladen"' in html and "<mark>Dorfladen</mark>" in html
    assert 'id="kopf-suche"' in html and 'role="search"' in html
    assert client.get("/suche/?q=%22%3B+DROP&art=quatsch&seite=-3").status_code == 200


def test_a_module_sync_indexes_the_module_and_its_pages(app, tmp_path):
    from lms.packages.importing import sync_modules
    from tests.packages.sample import PAGE_2, write_module

    folder = tmp_path / "modules"
    page = "# Mobilitätsketten\n\nRufbusse schließen Lücken zwischen Dörfern und Bahnhof.\n"
    write_module(folder, "mobil", title="Mobil auf dem Land", pages=(page, PAGE_2))
    assert not sync_modules(folder).errors
    db.session.commit()

    results = services.search("Rufbus")
    assert _keys(results) == [("modulseite", "mobil/1")]
    assert dict(results.groups)["modulseite"][0].context == "Mobil auf dem Land"
    assert ("modul", "mobil") in _keys(services.search("Probemodul Elementarten"))

    write_module(folder, "mobil", version="1.1.0", title="Mobil auf dem Land",
                 pages=(page.replace("Rufbusse", "Bürgerbusse"), PAGE_2))
    assert not sync_modules(folder).errors
    db.session.commit()
    assert _keys(services.search("Rufbus")) == []
    assert _keys(services.search("Bürgerbus")) == [("modulseite", "mobil/1")]
