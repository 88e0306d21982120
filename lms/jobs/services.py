"""Failed jobs for admins: recorded after each run, listed, retried on request."""

import logging
import traceback

from flask import Flask
from huey.api import Task
from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from lms.core import jobs
from lms.core.models import utcnow
from lms.extensions import db
from lms.jobs.models import JobFailure

log = logging.getLogger(__name__)
MAX_TEXT = 4000


def record_run(app: Flask, task: Task, exception: BaseException | None, label: str) -> None:
    """After a run: keep its failure (attempt count, error, retry data), or forget it on success."""
    with app.app_context():
        try:
            if exception is None:
                # Look first: a run inside a writing transaction must not wait for its lock.
                if db.session.scalar(select(JobFailure.id).where(JobFailure.task_id == task.id)):
                    db.session.execute(delete(JobFailure).where(JobFailure.task_id == task.id))
            else:
                _store_failure(app, task, exception, label)
            db.session.commit()
        except SQLAlchemyError:  # the queue goes on; the log still says what happened
            db.session.rollback()
            log.exception("Fehlschlag von Auftrag %s nicht gespeichert", task.id)
        finally:
            db.session.remove()


def _store_failure(app: Flask, task: Task, exception: BaseException, label: str) -> None:
    failure = db.session.scalar(select(JobFailure).where(JobFailure.task_id == task.id))
    if failure is None:
        failure = JobFailure(task_id=task.id, job=task.name, attempts=0)
        db.session.add(failure)
    failure.label = label[:200]
    failure.arguments = ", ".join(repr(arg) for arg in task.args)[:MAX_TEXT]
    failure.error = f"{type(exception).__name__}: {exception}"[:MAX_TEXT]
    failure.details = "".join(traceback.format_exception(exception))[-MAX_TEXT:]
    failure.attempts += 1
    failure.final = not task.retries
    failure.failed_at = utcnow()
    failure.task_data = jobs.queue(app).serialize_task(task)


def failures(limit: int = 200) -> list[JobFailure]:
    """Recorded failures, the ones without retries left first, newest first."""
    return list(db.session.scalars(
        select(JobFailure).order_by(JobFailure.final.desc(), JobFailure.failed_at.desc(),
                                    JobFailure.id.desc()).limit(limit)))


def failure_count() -> int:
    """How many failures wait for an admin (no retry left)."""
    return db.session.scalar(select(func.count()).select_from(JobFailure)
                             .where(JobFailure.final.is_(True)))


def retry(failure: JobFailure, retries: int | None = None) -> None:
    """Queue the failed job again with its arguments and a fresh set of retries."""
    queue = jobs.queue()
    task = queue.deserialize_task(failure.task_data)
    task.retries = task.default_retries if retries is None else retries
    task.retry_delay = task.default_retry_delay
    task.eta = None
    failure.final = False
    db.session.commit()
    queue.enqueue(task)


def queue_figures() -> dict[str, int]:
    """Jobs waiting now and jobs waiting for a later time (retries, delays)."""
    queue = jobs.queue()
    return {"pending": queue.pending_count(), "scheduled": queue.scheduled_count()}
