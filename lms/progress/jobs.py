"""Queued progress work: recompute the learners of a module after it was updated."""

from sqlalchemy import select

from lms.accounts.models import User
from lms.core.i18n import N_
from lms.core.jobs import job
from lms.extensions import db
from lms.progress.models import ModuleProgress
from lms.progress.services import rebuild_progress


@job("progress.rebuild_module", label=N_("Lernstände nach Modul-Update neu berechnen"),
     retries=5, retry_delay=60)
def rebuild_module(module_id: int) -> int:
    """Recompute, learner by learner, everyone with progress in ``module_id``."""
    users = db.session.scalars(
        select(User).join(ModuleProgress, ModuleProgress.user_id == User.id)
        .where(ModuleProgress.module_id == module_id).distinct())
    count = 0
    for user in list(users):
        rebuild_progress(user)  # commits per learner: a failure keeps what is done
        count += 1
    return count
