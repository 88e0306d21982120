"""Every module and course that ships in modules/ validates without a single problem."""

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
