"""Signal receivers that issue certificates, and the after-commit hook that renders them."""

import logging
import threading
from datetime import datetime

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from lms import signals
from lms.certificates import issuing, services
from lms.extensions import db

log = logging.getLogger(__name__)
THREAD_NAME = "lernraum-nachweise"
RETRIES_PER_RUN = 5
"""Older pending or failed certificates a background run retries after the new ones."""


def on_course_completed(sender, *, user_id: int, course_id: int, completed_at: datetime,
                        **extra) -> None:
    """A course was completed for the first time: issue its certificate in this transaction."""
    issuing.issue_for_course(user_id, course_id, completed_at)


def on_module_completed(sender, *, user_id: int, module_id: int, completed_at: datetime,
                        **extra) -> None:
    """A module was completed: issue a confirmation if its manifest says certificate = true."""
    issuing.issue_for_module(user_id, module_id, completed_at)


def _render_in_background(app: Flask, certificate_ids: list[int]) -> None:
    with app.app_context():
        try:
            for certificate_id in certificate_ids:
                services.render_certificate(certificate_id)
            services.render_due(limit=RETRIES_PER_RUN)
        except Exception:  # a background thread has nobody to report to but the log
            log.exception("Nachweise %s: Erstellung im Hintergrund abgebrochen", certificate_ids)
        finally:
            db.session.remove()


def _after_commit(session: Session) -> None:
    certificate_ids = session.info.pop(issuing.RENDER_QUEUE_KEY, None)
    if not certificate_ids or not has_app_context():
        return
    app = current_app._get_current_object()
    if not app.config.get("CERTIFICATES_RENDER_AFTER_COMMIT", not app.testing):
        return
    threading.Thread(target=_render_in_background, args=(app, sorted(certificate_ids)),
                     name=THREAD_NAME, daemon=True).start()


def _after_rollback(session: Session) -> None:
    session.info.pop(issuing.RENDER_QUEUE_KEY, None)


def connect() -> None:
    """Subscribe to the completion signals and to commits of the app's session."""
    signals.course_completed.connect(on_course_completed)
    signals.module_completed.connect(on_module_completed)
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_rollback", _after_rollback)
