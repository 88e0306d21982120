"""SCORM fixtures: packages built by the tests, launched by a logged-in learner, and an
adapter that talks to the runtime endpoint as the browser's API adapter does."""

import pytest
from sqlalchemy import select

from lms.catalog.models import Module
from lms.extensions import db
from tests.packages.runtime import import_package
from tests.packages.scorm_builders import item, resource, scorm_zip
from tests.player.conftest import learner, progress_of, statements_of  # noqa: F401
from tests.scorm.adapter import launch  # noqa: F401


def publish(data: bytes) -> Module:
    """Import and publish a package; the module it became."""
    report = import_package(data, "scorm.zip")
    return db.session.scalar(select(Module).where(Module.slug == report.slug))


@pytest.fixture
def scorm12(app) -> Module:
    """A SCORM 1.2 package with two SCOs in a chapter and a quiz with a mastery score."""
    return publish(scorm_zip(
        item("kapitel", "Kapitel 1", None,
             item("intro", "Einführung", "res_intro",
                  extra="<adlcp:datafromlms>modus=kurz</adlcp:datafromlms>"),
             item("vertiefung", "Vertiefung", "res_more")),
        item("quiz", "Abschlusstest", "res_quiz",
             extra="<adlcp:masteryscore>80</adlcp:masteryscore>"),
        resources=(resource("res_intro", "intro.html"), resource("res_more", "more.html"),
                   resource("res_quiz", "quiz.html")),
        pages=("intro.html", "more.html", "quiz.html"), title="Beteiligung digital"))


@pytest.fixture
def scorm2004(app) -> Module:
    """A SCORM 2004 3rd edition package with one SCO."""
    return publish(scorm_zip(item("sco_1", "Demografie-Check", "res_1"), version="2004-3",
                             resources=(resource("res_1", version="2004-3"),),
                             identifier="de.beispiel.scorm2004", title="Demografie 2004"))
