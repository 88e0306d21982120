"""Player fixtures: the sample module synced, a logged-in learner, helpers to walk through it."""

import pytest
from sqlalchemy import select

from lms.catalog.models import Module
from lms.extensions import db
from lms.packages.importing import sync_modules
from lms.progress.models import ModuleProgress
from lms.xapi.services import query_statements
from tests.packages.sample import write_module


@pytest.fixture
def modules_dir(tmp_path):
    """A modules folder holding the sample module."""
    folder = tmp_path / "modules"
    write_module(folder)
    return folder


@pytest.fixture
def sample_module(app, modules_dir) -> Module:
    """The sample module, synced into the catalogue."""
    report = sync_modules(modules_dir)
    assert not report.errors, report.errors
    return db.session.scalar(select(Module).where(Module.slug == "probe-modul"))


@pytest.fixture
def learner(make_user, login):
    """A logged-in learner."""
    user = make_user()
    login(user)
    return user


@pytest.fixture
def progress_of():
    """Read a learner's progress row fresh from the database."""

    def read(user, module) -> ModuleProgress | None:
        db.session.expire_all()
        return db.session.scalar(select(ModuleProgress).where(
            ModuleProgress.user_id == user.id, ModuleProgress.module_id == module.id))

    return read


@pytest.fixture
def statements_of():
    """Every stored statement of a registration, oldest first."""

    def read(registration: str) -> list[dict]:
        found, _ = query_statements(registration=registration, ascending=True)
        return found

    return read
