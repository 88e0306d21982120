"""After a module update the queue recomputes the progress of that module's learners."""

from sqlalchemy import select

from lms.catalog.models import Module
from lms.extensions import db
from lms.packages.importing import SyncReport, store_module
from lms.packages.native import load_module
from lms.progress.models import ModuleProgress, Status
from tests.certificates.builders import complete
from tests.packages.sample import write_module


def _store(folder) -> Module:
    module = store_module(load_module(folder), SyncReport())
    db.session.commit()
    return module


def test_a_new_version_recomputes_the_progress_of_its_learners(tmp_path, make_user):
    module = _store(write_module(tmp_path / "v1"))
    learner, other = make_user(), make_user()
    complete(learner, module)
    untouched = complete(other, _store(write_module(tmp_path / "w", slug="anderes-modul"))).id
    _store(write_module(tmp_path / "v2", version="1.1.0"))
    db.session.expire_all()
    rows = db.session.scalars(select(ModuleProgress)).all()
    # The rebuild replays the statements: this test recorded none, so the learner of the
    # updated module has no progress left, the other module's learner keeps theirs.
    assert [(r.user_id, r.status) for r in rows] == [(other.id, Status.COMPLETED)]
    assert rows[0].id == untouched
