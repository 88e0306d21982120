"""Progress fixtures: synced sample modules and a recorder of completion signals."""

import pytest
from sqlalchemy import select

from lms import signals
from lms.catalog.models import Module
from lms.extensions import db
from lms.packages.importing import sync_modules
from tests.packages.sample import write_course, write_module


@pytest.fixture
def modules_dir(tmp_path):
    """Three sample modules: one needing the quiz, one without a quiz, one more; and a course."""
    folder = tmp_path / "modules"
    write_module(folder, "mit-test")
    write_module(folder, "ohne-test", quiz=False)
    write_module(folder, "wahl-zwei", quiz=False)
    write_course(folder, "kurs", ["mit-test"], ["ohne-test", "wahl-zwei"], 1)
    return folder


@pytest.fixture
def modules(app, modules_dir) -> dict[str, Module]:
    """The synced modules by slug."""
    assert not sync_modules(modules_dir).errors
    return {m.slug: m for m in db.session.scalars(select(Module))}


@pytest.fixture
def completions():
    """Every module_completed and course_completed signal sent during the test."""
    sent: list[tuple] = []

    def on_module(sender, **kwargs):
        sent.append(("module", kwargs["user_id"], kwargs["module_id"]))

    def on_course(sender, **kwargs):
        sent.append(("course", kwargs["user_id"], kwargs["course_id"]))

    with (
        signals.module_completed.connected_to(on_module),
        signals.course_completed.connected_to(on_course),
    ):
        yield sent


@pytest.fixture
def learner(make_user, login):
    """A logged-in learner."""
    user = make_user()
    login(user)
    return user
