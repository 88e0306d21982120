"""A new module version reaches new learners; those mid-module keep theirs until they finish."""

import pytest
from sqlalchemy import select

from lms.catalog.models import ModuleVersion
from lms.extensions import db
from lms.packages.importing import sync_modules
from lms.player.models import ElementResponse
from lms.progress.models import Status
from tests.conftest import PASSWORD
from tests.packages.sample import PAGE_1, PAGE_2, QUIZ_RIGHT, write_module

NEW_PAGE_2 = PAGE_2.replace("# Zweite Seite", "# Zweite Seite, überarbeitet")


@pytest.fixture
def mid_module(client, sample_module, learner, modules_dir):
    """The learner is on page 1 of version 1.0.0 when version 1.1.0 is synced."""
    client.get("/lernen/probe-modul")
    client.get("/lernen/probe-modul/seite/1")
    client.post("/lernen/probe-modul/seite/1/antwort/einfach", data={"einfach": "o2"})
    write_module(modules_dir, version="1.1.0", pages=(PAGE_1, NEW_PAGE_2))
    assert sync_modules(modules_dir).updated == ["probe-modul"]
    return sample_module


def _version_id(version: str) -> int:
    return db.session.scalar(select(ModuleVersion.id).where(ModuleVersion.version == version))


def test_learner_mid_module_keeps_their_version(
    client, mid_module, learner, progress_of, statements_of
):
    html = client.get("/lernen/probe-modul/seite/2").get_data(as_text=True)
    assert "<h1>Zweite Seite</h1>" in html and "Version 1.0.0" in html
    row = progress_of(learner, mid_module)
    assert row.module_version_id == _version_id("1.0.0")
    assert {s["context"]["revision"] for s in statements_of(row.registration)} == {"1.0.0"}


def test_learner_keeps_their_answers_and_resumes_after_the_sync(
    app, mid_module, learner, progress_of
):
    browser = app.test_client()
    browser.post("/anmelden", data={"email": learner.email, "password": PASSWORD})
    assert browser.get("/lernen/probe-modul").location.endswith("/seite/1")
    assert db.session.scalar(select(ElementResponse)).response == {"choice": "o2"}
    assert progress_of(learner, mid_module).module_version_id == _version_id("1.0.0")


def test_new_learner_gets_the_new_version(app, mid_module, make_user, progress_of):
    newcomer = make_user()
    browser = app.test_client()
    browser.post("/anmelden", data={"email": newcomer.email, "password": PASSWORD})
    browser.get("/lernen/probe-modul")
    html = browser.get("/lernen/probe-modul/seite/2").get_data(as_text=True)
    assert "<h1>Zweite Seite, überarbeitet</h1>" in html
    assert progress_of(newcomer, mid_module).module_version_id == _version_id("1.1.0")


def test_after_finishing_a_new_session_moves_to_the_new_version(
    app, client, mid_module, learner, progress_of
):
    client.get("/lernen/probe-modul/seite/2")
    client.post(client.post("/lernen/probe-modul/test").location, data=QUIZ_RIGHT)
    finished = progress_of(learner, mid_module)
    assert finished.status == Status.PASSED and finished.module_version_id == _version_id("1.0.0")
    registration, completed_at = finished.registration, finished.completed_at
    browser = app.test_client()
    browser.post("/anmelden", data={"email": learner.email, "password": PASSWORD})
    browser.get("/lernen/probe-modul")
    moved = progress_of(learner, mid_module)
    assert moved.module_version_id == _version_id("1.1.0")
    assert moved.registration != registration
    assert moved.status == Status.PASSED and moved.completed_at == completed_at
