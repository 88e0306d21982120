"""Learners get a mail when their certificate is ready (with the link), revoked or replaced."""

import pytest
from sqlalchemy import select

from lms.certificates import jobs, services
from lms.certificates.models import Certificate, RenderState
from lms.core.mail import stored_mails
from lms.extensions import db
from lms.jobs.models import JobFailure


@pytest.fixture
def render_after_commit(app):
    app.config["CERTIFICATES_RENDER_AFTER_COMMIT"] = True
    yield
    app.config["CERTIFICATES_RENDER_AFTER_COMMIT"] = False


def test_the_learner_is_mailed_the_download_link_once_the_pdf_is_ready(
        completed_course, issue_course, render_after_commit):
    learner, course, _ = completed_course
    certificate = issue_course(learner, course)
    [mail] = stored_mails()
    assert mail.recipient == learner.email
    assert mail.subject == "Ihr Nachweis „Demografischen Wandel gestalten“ ist bereit"
    assert f"http://lernraum.test/nachweise/{certificate.id}/pdf" in mail.body


def test_no_mail_while_the_pdf_fails_and_the_failure_is_shown_to_admins(
        app, completed_course, issue_course):
    learner, course, _ = completed_course
    certificate = issue_course(learner, course)
    certificate.template = "gibt-es-nicht"
    db.session.commit()
    from lms.core.jobs import enqueue
    enqueue("certificates.render", certificate.id)
    assert stored_mails() == []
    [failure] = db.session.scalars(select(JobFailure)).all()
    assert failure.job == "certificates.render" and failure.arguments == str(certificate.id)
    assert "gibt-es-nicht" in failure.error and not failure.final


def test_a_rendered_certificate_is_not_rendered_or_mailed_again(
        completed_course, issue_course, render_after_commit):
    learner, course, _ = completed_course
    certificate = issue_course(learner, course)
    jobs.render(certificate.id)
    jobs.sweep_due()
    assert len(stored_mails()) == 1
    assert db.session.get(Certificate, certificate.id).render_state == RenderState.RENDERED


def test_the_learner_is_told_of_a_revocation_and_its_reason(completed_course, issue_course,
                                                            make_user):
    learner, course, _ = completed_course
    certificate = issue_course(learner, course)
    services.revoke(certificate, "Abschluss irrtümlich erfasst", make_user(roles=["admin"]))
    [mail] = stored_mails()
    assert mail.recipient == learner.email and "widerrufen" in mail.subject
    assert "Grund: Abschluss irrtümlich erfasst" in mail.body


def test_the_learner_is_told_of_a_replacement(completed_course, issue_course, make_user):
    learner, course, _ = completed_course
    certificate = issue_course(learner, course)
    learner.name = "Annegret Müller-Schulze"
    db.session.commit()
    replacement = services.reissue(certificate, make_user(roles=["admin"]))
    [mail] = stored_mails()
    assert "neu ausgestellt" in mail.subject
    assert replacement.code[:4] in mail.body.replace("-", "")
