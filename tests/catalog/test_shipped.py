"""The modules and the course that ship in ``modules/`` appear in the catalogue as authored."""

import re

import pytest

from lms.catalog.models import Course, Module
from lms.extensions import db
from lms.packages.importing import sync_modules


@pytest.fixture
def shipped(app):
    report = sync_modules(app.config["MODULES_PATH"])
    assert report.created, report.summary()
    return report


def test_catalogue_lists_every_shipped_module_and_the_course(client, shipped):
    text = client.get("/module").get_data(as_text=True)
    count = db.session.query(Module).count()
    assert count >= 8
    assert f"{count} Module gefunden" in text
    assert "Demografischen Wandel vor Ort gestalten" in text


def test_every_shipped_module_page_states_its_completion_requirement(client, shipped):
    for module in db.session.query(Module):
        text = client.get(f"/module/{module.slug}").get_data(as_text=True)
        requirement = re.search(r'<p class="requirement">(.*?)</p>', text)[1]
        assert f"Alle {module.current_version.page_count} Seiten ansehen" in requirement, (
            module.slug
        )


def test_every_shipped_course_page_states_its_rule(client, shipped):
    for course in db.session.query(Course):
        text = client.get(f"/kurse/{course.slug}").get_data(as_text=True)
        assert "Für den Kursnachweis schließen Sie" in text, course.slug
