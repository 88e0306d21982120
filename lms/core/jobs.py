"""Background jobs on Huey: a SQLite file on the embedded default, Redis in production.

Features declare jobs with :func:`job` (a name, retries, backoff) and periodic jobs with
:func:`register_periodic_job` from their ``init_app``; they start them with
:func:`enqueue`, or :func:`enqueue_after_commit` when the job needs what the current
transaction writes. ``flask --app app lms worker`` runs them (``make run`` starts it);
with ``QUEUE_IMMEDIATE`` (the test suite) a job runs at once in the enqueuing process.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.api import Huey, Task
from sqlalchemy import event
from sqlalchemy.orm import Session

from lms.extensions import db

log = logging.getLogger(__name__)

AFTER_COMMIT_KEY = "lms_jobs_after_commit"
"""Key in ``Session.info`` collecting jobs to enqueue once the session commits."""


@dataclass(frozen=True)
class Job:
    """A background job: a function of plain arguments, retried with growing delays."""

    name: str
    function: Callable
    label: str
    retries: int
    retry_delay: int
    backoff: float


@dataclass(frozen=True)
class PeriodicJob:
    """A job without arguments run on a schedule (crontab fields, UTC)."""

    name: str
    function: Callable
    label: str
    schedule: dict = field(default_factory=dict)


_JOBS: dict[str, Job] = {}

FailureHook = Callable[[Flask, Task, BaseException | None, str], None]
"""Called after each run: app, the Huey task, the exception (or None), the job's label."""


def job(name: str, *, label: str, retries: int = 8, retry_delay: int = 30,
        backoff: float = 2.0):
    """Declare ``function`` as the job ``name`` (retried ``retries`` times: 30 s, 1 min …)."""

    def declare(function: Callable) -> Callable:
        _JOBS[name] = Job(name, function, label, retries, retry_delay, backoff)
        return function

    return declare


def register_periodic_job(app: Flask, name: str, function: Callable, *, label: str,
                          minute: str = "0", hour: str = "*", day: str = "*",
                          month: str = "*", day_of_week: str = "*") -> None:
    """Run ``function()`` on a crontab schedule in the worker (call from ``init_app``)."""
    schedule = {"minute": minute, "hour": hour, "day": day, "month": month,
                "day_of_week": day_of_week}
    app.extensions.setdefault("lms_periodic_jobs", {})[name] = PeriodicJob(
        name, function, label, schedule)


def register_failure_hook(app: Flask, hook: FailureHook) -> None:
    """Let ``hook`` see every finished run (the jobs admin keeps failures with it)."""
    app.extensions.setdefault("lms_job_hooks", []).append(hook)


def _build_queue(app: Flask) -> Huey:
    url = app.config["QUEUE_URL"]
    if app.config.get("QUEUE_IMMEDIATE"):
        return MemoryHuey("lernraum", immediate=True, results=False)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("lernraum", url=url, results=False)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        # fsync: a queued mail or forwarding run survives a power cut like a statement does.
        return SqliteHuey("lernraum", filename=str(path), fsync=True, results=False,
                          timeout=30)
    raise ValueError(f"LMS_QUEUE_URL: unbekannter Speicher {url!r} (sqlite:/// oder redis://)")


@contextmanager
def outside_request(app: Flask) -> Iterator[None]:
    """A fresh app context (its own database session) with a request for ``LMS_BASE_URL``,
    so ``url_for`` builds the links that jobs and commands put into mails as a page would."""
    with app.app_context(), app.test_request_context("/", base_url=app.config["BASE_URL"]):
        yield


def _runner(app: Flask, spec) -> Callable:
    """The function Huey calls: ``spec.function`` inside an app context of ``app``."""

    def run(*args):
        with outside_request(app):
            try:
                return spec.function(*args)
            finally:
                db.session.remove()

    run.__name__ = spec.name.replace(".", "_")
    return run


def _after_run(app: Flask, labels: dict[str, str]):
    def hook(task: Task, _value, exception: BaseException | None) -> None:
        for callback in app.extensions.get("lms_job_hooks", []):
            callback(app, task, exception, labels.get(task.name, task.name))

    return hook


def init_app(app: Flask) -> None:
    """Build the app's queue and register every declared and periodic job on it."""
    queue = _build_queue(app)
    tasks, labels = {}, {}
    for spec in _JOBS.values():
        tasks[spec.name] = queue.task(
            retries=spec.retries, retry_delay=spec.retry_delay, retry_backoff=spec.backoff,
            name=spec.name)(_runner(app, spec))
        labels[spec.name] = spec.label
    for spec in app.extensions.get("lms_periodic_jobs", {}).values():
        tasks[spec.name] = queue.periodic_task(crontab(**spec.schedule), name=spec.name)(
            _runner(app, spec))
        labels[spec.name] = spec.label
    queue.post_execute(name="lernraum")(_after_run(app, labels))
    app.extensions["lms_queue"] = queue
    app.extensions["lms_job_tasks"] = tasks
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_soft_rollback", _after_rollback)


def queue(app: Flask | None = None) -> Huey:
    """The Huey instance of ``app`` (default: the current app)."""
    return (app or current_app).extensions["lms_queue"]


def enqueue(name: str, *args, delay: int | None = None) -> None:
    """Queue the job ``name`` with ``args`` (after ``delay`` seconds)."""
    task = current_app.extensions["lms_job_tasks"][name]
    if delay:
        task.schedule(args=args, delay=delay)
    else:
        task(*args)


def enqueue_after_commit(name: str, *args) -> None:
    """Queue the job once the current transaction commits (nothing if it rolls back)."""
    db.session.connection()  # a transaction to belong to, so a rollback is seen
    db.session.info.setdefault(AFTER_COMMIT_KEY, []).append((name, args))


def call_after_commit(function: Callable, *args) -> None:
    """Call ``function(*args)`` once the current transaction commits (e.g. to queue jobs)."""
    db.session.connection()
    db.session.info.setdefault(AFTER_COMMIT_KEY, []).append((function, args))


def _after_commit(session: Session) -> None:
    waiting = session.info.pop(AFTER_COMMIT_KEY, None)
    if not waiting or not has_app_context():
        return
    for name, args in waiting:
        try:
            name(*args) if callable(name) else enqueue(name, *args)
        except Exception:  # the commit stands; the periodic sweeps pick the work up again
            log.exception("Auftrag %s%r konnte nicht eingereiht werden", name, args)


def _after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(AFTER_COMMIT_KEY, None)


def run_scheduled(app: Flask) -> int:
    """Run every job waiting for a later time now (tests: retries without waiting)."""
    huey = queue(app)
    count = 0
    while True:
        waiting = huey.scheduled()
        if not waiting:
            return count
        huey.storage.flush_schedule()
        for task in waiting:
            task.eta = None
            huey.execute(task)
            count += 1
