"""Report fixtures: two organisations with learners, modules, a course and progress rows."""

from datetime import datetime, timedelta

import pytest

from lms import signals
from lms.accounts.models import User
from lms.catalog.models import Course
from lms.extensions import db
from lms.progress.models import CourseProgress, Status
from tests.reports.builders import DAY, Network, build_network, record_progress_row


@pytest.fixture
def record_progress():
    """Builder: write one learner x module progress row as the projector would."""
    return record_progress_row


@pytest.fixture
def record_course():
    """Builder: write one learner x course progress row."""

    def record(user: User, course: Course, status: str = Status.COMPLETED,
               at: datetime = DAY) -> CourseProgress:
        row = CourseProgress(user_id=user.id, course_id=course.id, status=status,
                             modules_completed=len(course.entries), started_at=at,
                             last_activity_at=at,
                             completed_at=at if status == Status.COMPLETED else None)
        db.session.add(row)
        db.session.commit()
        return row

    return record


@pytest.fixture
def network(make_organisation, make_user) -> Network:
    """Two organisations with learners and progress; see ``build_network``."""
    return build_network(make_organisation, make_user)


@pytest.fixture
def issue_certificate():
    """Issue the course certificate to ``learner`` as the completion signal does."""

    def issue(learner: User, course: Course) -> None:
        signals.course_completed.send(None, user_id=learner.id, course_id=course.id,
                                      completed_at=DAY + timedelta(days=4))
        db.session.commit()

    return issue


@pytest.fixture
def orphan_coordinator(make_organisation, make_user) -> User:
    """A coordinator whose organisation link was removed (e.g. the organisation was deleted)."""
    user = make_user(name="Otto Ohneort", roles=["coordinator"], organisation=make_organisation())
    user.organisation_id = None
    db.session.commit()
    return user
