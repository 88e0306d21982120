"""Loading shipped wiki pages: validation, idempotence, browser edits versus files, CLI."""

import tomllib
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.resources.cli import seed_content
from lms.resources.links import internal_links
from lms.resources.loader import sync_content
from lms.wiki import services
from lms.wiki.loader import sync_wiki
from lms.wiki.models import WikiPage, WikiRevision

ROOT = Path(__file__).resolve().parents[2]


def _only_page() -> WikiPage:
    return db.session.scalar(select(WikiPage))


def test_valid_page_is_loaded(page_file):
    report = sync_wiki(page_file().parent)
    page = _only_page()
    assert report.created == ["buergerbus-gruenden"] and not report.errors
    assert (page.kind, page.topics, page.source) == ("leitfaden", ["mobilitaet"], "shipped")
    assert page.body.startswith("# Einen Bürgerbus gründen")
    assert page.updated_at.date().isoformat() == "2025-09-15"
    assert [revision.note for revision in page.revisions] == ["Ausgeliefert (Version 1.0.0)"]


def test_second_sync_changes_nothing(page_file):
    folder = page_file().parent
    sync_wiki(folder)
    report = sync_wiki(folder)
    assert report.unchanged == ["buergerbus-gruenden"]
    assert db.session.scalar(select(db.func.count()).select_from(WikiRevision)) == 1


@pytest.mark.parametrize(("fields", "line", "words"), [
    ({"kind": "anleitung"}, 4, "Unbekannte Art „anleitung“"),
    ({"topics": '["verkehr"]'}, 5, "Unbekanntes Thema verkehr"),
    ({"topics": '"mobilitaet"'}, 5, "Liste"),
    ({"summary": ""}, 6, "Pflichtfeld „summary“"),
    ({"slug": "Bürgerbus"}, 2, "Kleinbuchstaben"),
    ({"extra": 'updated = "gestern"\n'}, 9, "TOML-Syntaxfehler"),
    ({"kind": "praxisbeispiel", "extra": 'state = "Hessen"\n'}, 1, "„municipality“"),
])
def test_bad_head_is_reported_with_file_line(page_file, fields, line, words):
    slug = "buergerbus-gruenden"
    path = page_file(**{"slug": slug, **fields})
    if fields.get("slug"):
        path = path.rename(path.with_name(f"{slug}.md"))
    report = sync_wiki(path.parent)
    assert _only_page() is None
    [problem] = report.errors
    assert (problem.path, problem.line) == (str(path), line)
    assert words in problem.message


def test_file_without_front_matter_is_rejected(page_file):
    report = sync_wiki(page_file(text="# Nur Markdown\n").parent)
    assert report.errors[0].line == 1 and "+++" in report.errors[0].message


def test_unclosed_front_matter_is_rejected(page_file):
    report = sync_wiki(page_file(text='+++\nslug = "buergerbus-gruenden"\n').parent)
    assert "nicht mit einer Zeile +++ abgeschlossen" in report.errors[0].message


def test_slug_must_match_file_name(page_file):
    path = page_file("anders")
    path = path.rename(path.with_name("buergerbus-gruenden.md"))
    report = sync_wiki(path.parent)
    assert "Dateinamen" in report.errors[0].message


def test_broken_file_is_skipped_and_others_load(page_file):
    page_file("erste-seite")
    page_file("kaputt", kind="unbekannt")
    report = sync_wiki(page_file("zweite-seite").parent)
    assert sorted(report.created) == ["erste-seite", "zweite-seite"]
    assert len(report.errors) == 1


def test_changed_file_updates_shipped_page_with_revision(page_file):
    folder = page_file().parent
    sync_wiki(folder)
    page_file(body="Neuer Text.")
    report = sync_wiki(folder)
    assert report.updated == ["buergerbus-gruenden"]
    assert "Neuer Text." in _only_page().body
    assert len(_only_page().revisions) == 2


def _edit(make_user, title="Im Browser verbessert"):
    page = _only_page()
    fields = {name: getattr(page, name) for name in services.CONTENT_FIELDS}
    services.save_page(page, slug=page.slug, fields={**fields, "title": title},
                       user_id=make_user(roles=["author"]).id, note="Titel geschärft")
    db.session.commit()


def test_browser_edit_survives_sync_with_same_version(page_file, make_user):
    folder = page_file().parent
    sync_wiki(folder)
    _edit(make_user)
    page_file(body="Geänderter Text, gleiche Version.")
    report = sync_wiki(folder)
    assert report.kept_edited == ["buergerbus-gruenden"]
    assert _only_page().title == "Im Browser verbessert"


def test_new_shipped_version_wins_and_edit_stays_a_revision(page_file, make_user):
    folder = page_file().parent
    sync_wiki(folder)
    _edit(make_user)
    page_file(version="1.1.0", body="Version 1.1.")
    report = sync_wiki(folder)
    page = _only_page()
    assert report.replaced_edited == ["buergerbus-gruenden"]
    assert (page.title, page.version, page.source) == ("Einen Bürgerbus gründen", "1.1.0",
                                                       "shipped")
    titles = [revision.title for revision in page.revisions]
    assert titles == ["Einen Bürgerbus gründen", "Im Browser verbessert",
                      "Einen Bürgerbus gründen"]


def test_page_deleted_in_browser_stays_deleted_with_same_version(page_file, make_user):
    folder = page_file().parent
    sync_wiki(folder)
    services.delete_page(_only_page(), user_id=make_user(roles=["author"]).id)
    db.session.commit()
    report = sync_wiki(folder)
    assert report.kept_edited == ["buergerbus-gruenden"]
    assert services.page_by_slug("buergerbus-gruenden") is None


def test_broken_internal_link_is_a_warning(page_file):
    path = page_file(body="Siehe [Rufbus](wiki:rufbus-gibt-es-nicht).")
    report = sync_content(path.parent.parent)
    assert not report.errors
    [warning] = report.warnings
    assert "wiki:rufbus-gibt-es-nicht" in warning.message and warning.line == 15


def test_missing_content_folder_is_an_error(tmp_path):
    report = sync_content(tmp_path / "fehlt")
    assert report.errors and "nicht gefunden" in report.errors[0].message


def test_every_shipped_file_loads_without_errors_or_warnings():
    report = sync_content(ROOT / "content")
    assert [str(problem) for problem in report.errors + report.warnings] == []
    assert len(report.created) == len(list((ROOT / "content").glob("*/*.*")))


def test_module_links_in_shipped_content_name_shipped_modules():
    modules = {tomllib.loads(path.read_text())["id"]
               for path in (ROOT / "modules").glob("*/module.toml")}
    texts = [path.read_text() for path in (ROOT / "content").glob("*/*.*")]
    targets = {link.slug for text in texts for link in internal_links(text) if link.kind == "modul"}
    assert targets - modules == set()


def test_cli_prints_the_report(app, page_file):
    path = page_file()
    result = app.test_cli_runner().invoke(args=["lms", "sync-content", str(path.parent.parent)])
    assert result.exit_code == 0
    assert result.output.startswith("1 neu, 0 aktualisiert")


def test_cli_fails_when_a_file_is_broken(app, page_file):
    path = page_file(kind="unbekannt")
    result = app.test_cli_runner().invoke(args=["lms", "sync-content", str(path.parent.parent)])
    assert result.exit_code == 1
    assert f"Fehler: {path}:4: Unbekannte Art" in result.output


def test_lms_init_runs_the_content_seeder(app):
    assert "Wiki und Seminare" in app.extensions["lms_seeders"]


def test_seeder_loads_the_configured_content_path(app, page_file, seminar_file, monkeypatch):
    seminar_file()
    monkeypatch.setitem(app.config, "CONTENT_PATH", str(page_file().parent.parent))
    summary = seed_content()
    assert summary.startswith("2 neu, 0 aktualisiert")
