"""Syncing modules/: idempotent, version-aware, broken modules skipped while the rest load."""

from sqlalchemy import select

from lms.catalog.models import Course, Module, ModuleVersion
from lms.extensions import db
from lms.packages.importing import sync_modules
from tests.packages.sample import PAGE_1, PAGE_2, write_course, write_module

CHANGED_PAGE = PAGE_2.replace("# Zweite Seite", "# Zweite Seite, überarbeitet")


def _versions(slug: str) -> list[str]:
    module = db.session.scalar(select(Module).where(Module.slug == slug))
    return [version.version for version in module.versions]


def test_new_module_becomes_module_with_current_version(tmp_path):
    write_module(tmp_path)
    report = sync_modules(tmp_path)
    assert report.created == ["probe-modul"] and not report.errors
    module = db.session.scalar(select(Module).where(Module.slug == "probe-modul"))
    assert module.current_version.title == "Probemodul"
    assert module.current_version.content["pages"][0]["title"] == "Erste Seite"
    assert module.current_version.page_count == 2


def test_second_sync_of_unchanged_files_changes_nothing(tmp_path):
    write_module(tmp_path)
    sync_modules(tmp_path)
    report = sync_modules(tmp_path)
    assert report.unchanged == ["probe-modul"] and not report.created and not report.updated
    assert db.session.scalar(select(db.func.count()).select_from(ModuleVersion)) == 1


def test_changed_content_with_new_version_becomes_current(tmp_path):
    write_module(tmp_path)
    sync_modules(tmp_path)
    write_module(tmp_path, version="1.1.0", pages=(PAGE_1, CHANGED_PAGE))
    report = sync_modules(tmp_path)
    assert report.updated == ["probe-modul"]
    assert _versions("probe-modul") == ["1.0.0", "1.1.0"]
    module = db.session.scalar(select(Module).where(Module.slug == "probe-modul"))
    assert module.current_version.version == "1.1.0"


def test_changed_content_with_same_version_is_an_error_and_skipped(tmp_path):
    write_module(tmp_path)
    sync_modules(tmp_path)
    write_module(tmp_path, pages=(PAGE_1, CHANGED_PAGE))
    report = sync_modules(tmp_path)
    assert report.skipped == ["probe-modul"]
    assert "Bitte „version“ erhöhen" in str(report.errors[0])
    assert str(report.errors[0]).startswith("probe-modul/module.toml")
    assert _versions("probe-modul") == ["1.0.0"]


def test_lower_version_than_loaded_is_refused(tmp_path):
    write_module(tmp_path, version="2.0.0")
    sync_modules(tmp_path)
    write_module(tmp_path, version="1.5.0", pages=(PAGE_1, CHANGED_PAGE))
    report = sync_modules(tmp_path)
    assert "älter als die geladene Version 2.0.0" in report.errors[0].message


def test_broken_module_is_reported_and_skipped_while_others_load(tmp_path):
    write_module(tmp_path, "gutes-modul")
    broken = write_module(tmp_path, "kaputtes-modul")
    (broken / "pages" / "02-seite.md").write_text(
        "# Seite\n\n::: single-choice #x\nFrage?\n:::\n", encoding="utf-8"
    )
    report = sync_modules(tmp_path)
    assert report.created == ["gutes-modul"]
    assert report.skipped == ["kaputtes-modul"]
    assert str(report.errors[0]).startswith("kaputtes-modul/pages/02-seite.md:3: ")
    assert db.session.scalar(select(Module).where(Module.slug == "kaputtes-modul")) is None


def test_two_folders_with_the_same_id_load_only_the_first(tmp_path):
    write_module(tmp_path, "a-modul")
    second = write_module(tmp_path, "b-modul")
    manifest = second / "module.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('id = "b-modul"', 'id = "a-modul"'),
        encoding="utf-8",
    )
    report = sync_modules(tmp_path)
    assert report.created == ["a-modul"] and report.skipped == ["b-modul"]


def test_courses_are_synced_with_required_and_elective_modules(tmp_path):
    for slug in ("m-eins", "m-zwei", "m-drei"):
        write_module(tmp_path, slug)
    write_course(tmp_path, "kurs", ["m-eins"], ["m-zwei", "m-drei"], 1)
    report = sync_modules(tmp_path)
    assert report.courses == ["kurs"]
    course = db.session.scalar(select(Course).where(Course.slug == "kurs"))
    assert [(e.module.slug, e.required) for e in course.entries] == [
        ("m-eins", True),
        ("m-zwei", False),
        ("m-drei", False),
    ]
    write_course(tmp_path, "kurs", ["m-eins", "m-zwei"], ["m-drei"], 1)
    sync_modules(tmp_path)
    db.session.refresh(course)
    assert [(e.module.slug, e.required) for e in course.entries] == [
        ("m-eins", True),
        ("m-zwei", True),
        ("m-drei", False),
    ]


def test_course_naming_an_unknown_module_is_reported(tmp_path):
    write_module(tmp_path, "m-eins")
    write_course(tmp_path, "kurs", ["m-eins"], ["gibt-es-nicht"], 0)
    report = sync_modules(tmp_path)
    assert report.courses == []
    assert str(report.errors[0]) == "courses/kurs.toml: Unbekannte Module im Kurs: gibt-es-nicht"


def test_cli_prints_problems_and_summary(app, tmp_path):
    write_module(tmp_path, "gutes-modul")
    broken = write_module(tmp_path, "kaputtes-modul")
    (broken / "quiz.md").write_text("Text\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["lms", "sync-modules", str(tmp_path)])
    assert result.exit_code == 1
    assert "kaputtes-modul/quiz.md:1: Im Abschlusstest steht nur" in result.output
    assert "1 Module neu, 0 aktualisiert, 0 unverändert, 1 übersprungen" in result.output


def test_init_seeder_syncs_the_configured_modules_folder(app, tmp_path):
    write_module(tmp_path)
    shipped = app.config["MODULES_PATH"]
    app.config["MODULES_PATH"] = str(tmp_path)
    try:
        summary = app.extensions["lms_seeders"]["Module"]()
    finally:
        app.config["MODULES_PATH"] = shipped
    assert summary.startswith("1 Module neu")
