"""Signal receivers that issue certificates when a course or module is completed."""

from datetime import datetime

from lms import signals
from lms.certificates import issuing


def on_course_completed(sender, *, user_id: int, course_id: int, completed_at: datetime,
                        **extra) -> None:
    """A course was completed for the first time: issue its certificate in this transaction."""
    issuing.issue_for_course(user_id, course_id, completed_at)


def on_module_completed(sender, *, user_id: int, module_id: int, completed_at: datetime,
                        **extra) -> None:
    """A module was completed: issue a confirmation if its manifest says certificate = true."""
    issuing.issue_for_module(user_id, module_id, completed_at)


def connect() -> None:
    """Subscribe to the completion signals."""
    signals.course_completed.connect(on_course_completed)
    signals.module_completed.connect(on_module_completed)
