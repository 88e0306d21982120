"""Two completion signals at the same moment, in two transactions, yield one certificate."""

import threading

from lms import signals
from lms.certificates import issuing
from lms.certificates.codes import generate_code
from lms.certificates.models import Certificate
from lms.extensions import db
from tests.certificates.conftest import COMPLETED_AT


def _complete_in_thread(app, barrier, learner_id, course_id, results, errors):
    with app.app_context():
        try:
            barrier.wait()
            signals.course_completed.send(None, user_id=learner_id, course_id=course_id,
                                          completed_at=COMPLETED_AT)
            certificate_id = db.session.scalars(
                db.select(Certificate.id).where(Certificate.user_id == learner_id)).first()
            db.session.commit()
            results.append(certificate_id)
        except Exception as error:  # reported to the main thread below
            errors.append(error)
            db.session.rollback()
        finally:
            db.session.remove()


def test_concurrent_completions_issue_exactly_one_certificate(app, completed_course):
    learner, course, _ = completed_course
    for _ in range(3):
        db.session.execute(db.delete(Certificate))
        db.session.commit()
        barrier = threading.Barrier(2)
        results, errors = [], []
        threads = [threading.Thread(target=_complete_in_thread,
                                    args=(app, barrier, learner.id, course.id, results, errors))
                   for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        count = db.session.scalar(db.select(db.func.count()).select_from(Certificate))
        assert count == 1
        assert len(set(results)) == 1


def test_second_insert_of_the_same_first_generation_is_ignored(completed_course):
    learner, course, _ = completed_course
    values = {"user_id": learner.id, "subject_kind": "course", "subject_id": course.id,
              "generation": 1, "template": "kurs", "learner_name": learner.name, "title": "T",
              "snapshot": {}, "completed_at": COMPLETED_AT, "issued_at": COMPLETED_AT}
    issuing._insert_once({**values, "code": generate_code()})
    issuing._insert_once({**values, "code": generate_code()})
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(Certificate)) == 1
