"""The job queue: failures kept for admins with their error, retries with backoff, retry button."""

import pytest
from huey import RedisHuey, SqliteHuey
from sqlalchemy import select

from lms import create_app
from lms.core import jobs
from lms.extensions import db
from lms.jobs.models import JobFailure

CALLS: list = []


@jobs.job("tests.flaky", label="Testauftrag", retries=2, retry_delay=30, backoff=2.0)
def flaky(value: str, failures_left: list) -> None:
    """Fails while ``failures_left`` holds entries (a list the test shares with the job)."""
    CALLS.append(value)
    if failures_left:
        failures_left.pop()
        raise RuntimeError(f"Gegenstelle nicht erreichbar ({value})")


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()


def _failures() -> list[JobFailure]:
    db.session.expire_all()
    return list(db.session.scalars(select(JobFailure)))


def test_a_job_runs_at_once_in_tests(app):
    jobs.enqueue("tests.flaky", "a", [])
    assert CALLS == ["a"]
    assert _failures() == []


def test_a_failure_is_kept_with_its_error_and_retried_with_growing_delays(app):
    jobs.enqueue("tests.flaky", "b", [1, 1])
    [failure] = _failures()
    assert failure.label == "Testauftrag"
    assert "Gegenstelle nicht erreichbar (b)" in failure.error
    assert "RuntimeError" in failure.details
    assert (failure.attempts, failure.final) == (1, False)
    [waiting] = jobs.queue(app).scheduled()
    assert waiting.retry_delay == 60  # 30 s, then doubled for the next retry
    assert jobs.run_scheduled(app) == 2
    assert CALLS == ["b", "b", "b"]
    assert _failures() == []  # the third attempt succeeded


def test_a_job_without_retries_left_is_final(app):
    jobs.enqueue("tests.flaky", "c", [1, 1, 1])
    jobs.run_scheduled(app)
    [failure] = _failures()
    assert (failure.attempts, failure.final) == (3, True)
    assert jobs.queue(app).scheduled() == []


def test_admins_see_the_failure_and_retry_it(app, client, make_user, login):
    failures_left = [1, 1, 1]
    jobs.enqueue("tests.flaky", "d", failures_left)
    jobs.run_scheduled(app)
    admin = make_user(roles=["admin"])
    login(admin)
    page = client.get("/admin/auftraege").get_data(as_text=True)
    assert "Testauftrag" in page and "Gegenstelle nicht erreichbar (d)" in page
    assert "aufgegeben" in page
    [failure] = _failures()
    response = client.post(f"/admin/auftraege/{failure.id}/wiederholen")
    assert response.status_code == 302
    assert CALLS == ["d"] * 4
    assert _failures() == []
    assert "Keine fehlgeschlagenen Aufträge" in client.get("/admin/auftraege").get_data(
        as_text=True)


def test_retrying_an_unknown_failure_is_a_404(client, make_user, login):
    login(make_user(roles=["admin"]))
    assert client.post("/admin/auftraege/999/wiederholen").status_code == 404


def test_learners_cannot_retry(app, client, make_user, login):
    jobs.enqueue("tests.flaky", "e", [1, 1, 1])
    jobs.run_scheduled(app)
    [failure] = _failures()
    login(make_user())
    assert client.post(f"/admin/auftraege/{failure.id}/wiederholen").status_code == 403
    assert CALLS == ["e"] * 3


def test_a_job_queued_after_commit_waits_for_the_commit(app):
    jobs.enqueue_after_commit("tests.flaky", "f", [])
    assert CALLS == []
    db.session.commit()
    assert CALLS == ["f"]


def test_a_job_queued_after_commit_is_dropped_on_rollback(app):
    jobs.enqueue_after_commit("tests.flaky", "g", [])
    db.session.rollback()
    db.session.commit()
    assert CALLS == []


def _queue_for(url: str, tmp_path):
    return jobs.queue(create_app({"SECRET_KEY": "k" * 40, "QUEUE_URL": url,
                                  "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db"}))


def test_the_embedded_default_keeps_the_queue_in_a_sqlite_file(tmp_path):
    queue = _queue_for(f"sqlite:///{tmp_path}/queue.db", tmp_path)
    assert isinstance(queue, SqliteHuey)
    assert queue.storage.filename == f"{tmp_path}/queue.db"


def test_production_can_keep_the_queue_in_redis(tmp_path):
    assert isinstance(_queue_for("redis://127.0.0.1:6379/12", tmp_path), RedisHuey)


def test_an_unknown_queue_url_is_refused(tmp_path):
    with pytest.raises(ValueError, match="LMS_QUEUE_URL"):
        _queue_for("amqp://127.0.0.1", tmp_path)


def test_features_register_periodic_jobs(tmp_path):
    ran = []

    class Feature:
        """Stands in for a feature package whose init_app registers a reminder."""

    app = create_app({"SECRET_KEY": "k" * 40, "TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db"})
    jobs.register_periodic_job(app, "tests.reminders", lambda: ran.append(1),
                               label="Erinnerungen", minute="0", hour="7")
    jobs.init_app(app)  # create_app does this after every feature's init_app
    [reminders] = [task for task in jobs.queue(app)._registry.periodic_tasks
                   if task.name == "tests.reminders"]
    from datetime import datetime
    assert reminders.validate_datetime(datetime(2026, 5, 4, 7, 0))
    assert not reminders.validate_datetime(datetime(2026, 5, 4, 8, 0))
    assert Feature and ran == []
