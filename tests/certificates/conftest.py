"""Fixtures for the certificate tests: a learner who completed a course of three modules."""

from datetime import UTC, datetime

import pytest

from lms import signals
from lms.certificates.models import Certificate
from lms.extensions import db
from tests.certificates.builders import build_course, build_module, complete

COMPLETED_AT = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)


@pytest.fixture
def completed_course(make_user, make_organisation):
    """Returns (learner, course, modules) with every module completed and the course not yet."""
    organisation = make_organisation(name="Stadt Beispielhausen")
    learner = make_user(name="Annegret Müller", organisation=organisation)
    modules = [
        build_module("Grundlagen des demografischen Wandels", 1.5),
        build_module("Mobilität im ländlichen Raum", 2.0),
        build_module("Wohnen und Quartier", 1.0),
    ]
    course = build_course(modules, title="Demografischen Wandel gestalten")
    for day, module in enumerate(modules, start=20):
        complete(learner, module, datetime(2026, 11, day, 10, 0, tzinfo=UTC))
    return learner, course, modules


@pytest.fixture
def issue_course():
    """Send ``course_completed`` as the projector does and commit; returns the certificate."""

    def send(learner, course, completed_at=COMPLETED_AT) -> Certificate:
        signals.course_completed.send(None, user_id=learner.id, course_id=course.id,
                                      completed_at=completed_at)
        db.session.commit()
        return db.session.scalars(
            db.select(Certificate).where(Certificate.user_id == learner.id)
            .order_by(Certificate.id.desc())
        ).first()

    return send
