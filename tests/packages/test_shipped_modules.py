"""Every module and course that ships in modules/ validates without a single problem."""

import re
from pathlib import Path

import pytest

from lms.packages.courses import load_courses
from lms.packages.native import load_module

MODULES = Path(__file__).resolve().parents[2] / "modules"
FOLDERS = sorted(p for p in MODULES.iterdir() if p.is_dir() and p.name != "courses")


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_shipped_module_validates(folder):
    result = load_module(folder)
    assert result.ok, "\n".join(str(error) for error in result.errors)
    assert result.slug == folder.name


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_shipped_module_has_a_quiz_a_transfer_task_and_four_element_kinds(folder):
    result = load_module(folder)
    kinds = {segment["element"]["kind"] for page in result.content["pages"]
             for segment in page["segments"] if segment["type"] == "element"}
    assert result.content["quiz"] and result.content["quiz"]["questions"]
    assert "reflection" in kinds
    assert len(kinds) >= 4, kinds
    assert 3 <= len(result.content["pages"]) <= 6


def test_shipped_courses_validate_and_name_shipped_modules():
    slugs = {folder.name for folder in FOLDERS}
    courses = load_courses(MODULES / "courses")
    assert courses
    for course in courses:
        assert course.ok, "\n".join(str(error) for error in course.errors)
        assert set(course.course["required"] + course.course["electives"]) <= slugs


CONTENT = MODULES.parent / "content"
LINK = re.compile(r"\]\((wiki|seminar|modul):([a-z0-9-]+)\)")


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_shipped_module_points_only_to_shipped_wiki_pages_seminars_and_modules(folder):
    known = {
        "wiki": {p.stem for p in (CONTENT / "wiki").rglob("*.md")},
        "seminar": {p.stem for p in (CONTENT / "seminars").rglob("*.toml")},
        "modul": {p.name for p in FOLDERS},
    }
    result = load_module(folder)
    manifest = result.manifest
    wanted = [("wiki", slug) for slug in manifest["wiki"]]
    wanted += [("seminar", slug) for slug in manifest["seminars"]]
    wanted += [("modul", slug) for slug in manifest["prerequisites"]]
    for page in result.content["pages"]:
        for segment in page["segments"]:
            text = segment.get("text") or str(segment.get("element", ""))
            wanted += LINK.findall(text)
    assert [f"{kind}:{slug}" for kind, slug in wanted if slug not in known[kind]] == []
