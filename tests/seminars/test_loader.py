"""Loading shipped seminar records: validation, idempotence, browser edits versus files."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.resources.content import ContentError
from lms.seminars import services
from lms.seminars.loader import parse_seminar, sync_seminars
from lms.seminars.models import Seminar, SeminarRevision
from tests.seminars.conftest import SEMINAR_TOML


def _folder(path):
    return path.parent


def test_valid_file_is_loaded_with_all_fields(seminar_file):
    report = sync_seminars(_folder(seminar_file()))
    seminar = db.session.scalar(select(Seminar))
    assert report.created == ["mobilitaet-2025-03"] and not report.errors
    assert seminar.held_on == date(2025, 3, 12)
    assert seminar.chapters == [{"at": "00:00", "title": "Begrüßung"},
                                {"at": "00:12", "title": "Impuls"}]
    assert seminar.takeaways == ["Erste Kernaussage.", "Zweite Kernaussage."]
    assert seminar.description.startswith("### Impuls")


def test_second_sync_changes_nothing(seminar_file):
    folder = _folder(seminar_file())
    sync_seminars(folder)
    report = sync_seminars(folder)
    assert report.unchanged == ["mobilitaet-2025-03"]
    assert report.created == report.updated == []


@pytest.mark.parametrize(("fields", "line", "words"), [
    ({"held_on": '"12.03.2025"'}, 3, "Datum"),
    ({"topics": '["verkehr"]'}, 6, "Unbekanntes Thema verkehr"),
    ({"recording_url": "javascript:alert(1)"}, 8, "https://"),
    ({"title": ""}, 2, "Pflichtfeld „title“"),
    ({"held_on": "2025-03-12\nheld_on = 2025-03-13"}, 4, "TOML-Syntaxfehler"),
])
def test_bad_field_is_reported_with_line_and_file_skipped(seminar_file, fields, line, words):
    path = seminar_file(**fields)
    report = sync_seminars(_folder(path))
    assert db.session.scalar(select(Seminar)) is None
    [problem] = report.errors
    assert problem.path == str(path) and problem.line == line
    assert words in problem.message


def test_slug_must_match_file_name(seminar_file):
    path = seminar_file("anders")
    path = path.rename(path.with_name("mobilitaet-2025-03.toml"))
    report = sync_seminars(_folder(path))
    assert "Dateinamen" in report.errors[0].message


def test_chapter_without_time_is_an_error(seminar_file):
    path = seminar_file()
    path.write_text(path.read_text().replace('at = "00:12"', 'at = "zwölf"'))
    report = sync_seminars(_folder(path))
    assert "Kapitel" in report.errors[0].message


def test_broken_file_is_skipped_and_others_load(seminar_file):
    seminar_file("gut-2025-01")
    seminar_file("kaputt-2025-02", text='slug = "kaputt-2025-02"\ntitle = \n')
    report = sync_seminars(_folder(seminar_file("auch-gut-2025-03")))
    assert sorted(report.created) == ["auch-gut-2025-03", "gut-2025-01"]
    assert [problem.line for problem in report.errors] == [2]


def test_unknown_field_is_a_warning(seminar_file):
    path = seminar_file()
    path.write_text('ort = "online"\n' + path.read_text())
    report = sync_seminars(_folder(path))
    assert report.created and "ort" in report.warnings[0].message


def test_changed_file_updates_shipped_record(seminar_file):
    folder = _folder(seminar_file())
    sync_seminars(folder)
    seminar_file(title="Mobil bleiben im Alter")
    report = sync_seminars(folder)
    assert report.updated == ["mobilitaet-2025-03"]
    assert db.session.scalar(select(Seminar.title)) == "Mobil bleiben im Alter"


def _edit_in_browser(make_user):
    seminar = db.session.scalar(select(Seminar))
    fields = {name: getattr(seminar, name) for name in services.EDITABLE_FIELDS}
    services.save_seminar(seminar, slug=seminar.slug, fields={**fields, "title": "Im Browser"},
                          user_id=make_user(roles=["author"]).id)
    db.session.commit()


def test_browser_edit_survives_sync_with_same_version(seminar_file, make_user):
    folder = _folder(seminar_file())
    sync_seminars(folder)
    _edit_in_browser(make_user)
    seminar_file(title="Neuer Titel aus der Datei")
    report = sync_seminars(folder)
    assert report.kept_edited == ["mobilitaet-2025-03"]
    assert db.session.scalar(select(Seminar.title)) == "Im Browser"


def test_new_shipped_version_wins_and_edit_is_kept_as_revision(seminar_file, make_user):
    folder = _folder(seminar_file())
    sync_seminars(folder)
    _edit_in_browser(make_user)
    seminar_file(title="Neue Fassung", version="1.1.0")
    report = sync_seminars(folder)
    seminar = db.session.scalar(select(Seminar))
    assert report.replaced_edited == ["mobilitaet-2025-03"]
    assert (seminar.title, seminar.source) == ("Neue Fassung", "shipped")
    kept = db.session.scalars(select(SeminarRevision.data)).all()
    assert any(data["title"] == "Im Browser" for data in kept)


SHIPPED = Path(__file__).resolve().parents[2] / "content" / "seminars"


def test_every_held_shipped_seminar_has_a_transcript_or_minutes():
    held = [parse_seminar(path) for path in sorted(SHIPPED.glob("*.toml"))
            if parse_seminar(path)["held_on"] < date.today()]
    assert len(held) >= 8
    assert all(len(fields["transcript"]) > 800 for fields in held), [
        fields["slug"] for fields in held if len(fields["transcript"]) <= 800]


def test_shipped_recordings_have_matching_captions_chapters_and_slides():
    from lms.seminars.captions import chapter_seconds, parse_vtt

    recorded = [fields for fields in map(parse_seminar, sorted(SHIPPED.glob("*.toml")))
                if fields["video_file"]]
    assert len(recorded) >= 2
    for fields in recorded:
        root = SHIPPED.parent
        video = root / fields["video_file"]
        assert video.read_bytes()[:4] == b"\x1a\x45\xdf\xa3" and video.stat().st_size < 5_000_000
        assert (root / fields["slides_file"]).read_bytes()[:5] == b"%PDF-"
        cues = parse_vtt((root / fields["captions"][0]["file"]).read_text(encoding="utf-8"))
        spoken = " ".join(cue.text for cue in cues)
        assert spoken.replace(" ", "") in fields["transcript"].replace("\n", "").replace(" ", "")
        last_cue = cues[-1].end
        assert all(chapter_seconds(chapter["at"]) < last_cue for chapter in fields["chapters"])


def test_a_media_file_outside_the_folder_is_refused(seminar_file):
    path = seminar_file(text=SEMINAR_TOML.format(
        slug="mobilitaet-2025-03", title="T", held_on="2025-03-12", topics='["mobilitaet"]',
        recording_url="", version="1.0.0").replace('slides_url = ""', 'video = "../../x.webm"'))
    with pytest.raises(ContentError, match="gibt es neben"):
        parse_seminar(path)
