"""Issuance rules: course completion issues, modules only when granted, exactly once, snapshots."""

from datetime import UTC, datetime

from lms import signals
from lms.certificates.models import Certificate, CertificateFile, RenderState
from lms.extensions import db
from tests.certificates.builders import build_course, build_module, complete
from tests.certificates.conftest import COMPLETED_AT


def _count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Certificate))


def test_course_completion_issues_a_course_certificate(completed_course, issue_course):
    learner, course, _ = completed_course
    certificate = issue_course(learner, course)
    assert certificate.subject_kind == "course"
    assert certificate.subject_id == course.id
    assert certificate.template == "kurs"
    assert certificate.status == "valid"


def test_snapshot_lists_modules_with_dates_hours_and_total(completed_course, issue_course):
    learner, course, _ = completed_course
    snapshot = issue_course(learner, course).snapshot
    assert snapshot["learner_name"] == "Annegret Müller"
    assert snapshot["title"] == "Demografischen Wandel gestalten"
    assert snapshot["network"] == "Zukunftsraum Demografie"
    assert [(m["title"], m["completed_on"], m["hours"]) for m in snapshot["modules"]] == [
        ("Grundlagen des demografischen Wandels", "2026-11-20", 1.5),
        ("Mobilität im ländlichen Raum", "2026-11-21", 2.0),
        ("Wohnen und Quartier", "2026-11-22", 1.0),
    ]
    assert snapshot["total_hours"] == 4.5
    assert snapshot["completed_on"] == "2026-11-24"


def test_dates_are_german_calendar_days(completed_course, issue_course):
    learner, course, _ = completed_course
    late_evening_utc = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # already the 25th in Berlin
    assert issue_course(learner, course, late_evening_utc).snapshot["completed_on"] == "2026-11-25"


def test_modules_not_completed_are_not_listed(make_user, issue_course):
    learner = make_user()
    done, elective = build_module("Pflicht"), build_module("Wahl, nicht belegt")
    course = build_course([done, elective])
    complete(learner, done)
    assert [m["title"] for m in issue_course(learner, course).snapshot["modules"]] == ["Pflicht"]


def test_the_same_completion_twice_issues_one_certificate(completed_course, issue_course):
    learner, course, _ = completed_course
    first = issue_course(learner, course)
    second = issue_course(learner, course)
    assert first.id == second.id
    assert _count() == 1


def test_name_is_frozen_at_issue_time(completed_course, issue_course):
    learner, course, _ = completed_course
    certificate = issue_course(learner, course)
    learner.name = "Annegret Schulze"
    db.session.commit()
    db.session.refresh(certificate)
    assert certificate.learner_name == "Annegret Müller"
    assert certificate.snapshot["learner_name"] == "Annegret Müller"


def test_module_without_certificate_flag_issues_nothing(make_user):
    learner = make_user()
    module = build_module(grants=False)
    complete(learner, module)
    signals.module_completed.send(None, user_id=learner.id, module_id=module.id,
                                  completed_at=COMPLETED_AT)
    db.session.commit()
    assert _count() == 0


def test_module_with_certificate_flag_issues_a_confirmation(make_user):
    learner = make_user()
    module = build_module("Bürgerbus gründen", hours=2.5, grants=True)
    complete(learner, module)
    signals.module_completed.send(None, user_id=learner.id, module_id=module.id,
                                  completed_at=COMPLETED_AT)
    db.session.commit()
    certificate = db.session.scalars(db.select(Certificate)).one()
    assert (certificate.subject_kind, certificate.template, certificate.title) == (
        "module", "modul", "Bürgerbus gründen")
    assert certificate.snapshot["total_hours"] == 2.5


def test_issuing_does_not_render(completed_course, issue_course):
    learner, course, _ = completed_course
    certificate = issue_course(learner, course)
    assert certificate.render_state == RenderState.PENDING
    assert db.session.get(CertificateFile, certificate.id) is None


def test_rollback_of_the_completion_issues_nothing(completed_course):
    learner, course, _ = completed_course
    signals.course_completed.send(None, user_id=learner.id, course_id=course.id,
                                  completed_at=COMPLETED_AT)
    db.session.rollback()
    assert _count() == 0


def test_pdf_is_rendered_by_the_queue_after_commit(app, completed_course, issue_course):
    learner, course, _ = completed_course
    app.config["CERTIFICATES_RENDER_AFTER_COMMIT"] = True
    try:
        certificate = issue_course(learner, course)  # the queue runs the job at once in tests
    finally:
        app.config["CERTIFICATES_RENDER_AFTER_COMMIT"] = False
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).render_state == RenderState.RENDERED
    assert db.session.get(CertificateFile, certificate.id).pdf.startswith(b"%PDF")
