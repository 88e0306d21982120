"""Revocation with a reason, and re-issue after a name correction."""

import pytest

from lms.audit.models import AuditEntry
from lms.certificates import services
from lms.certificates.models import Certificate
from lms.extensions import db


@pytest.fixture
def certificate(completed_course, issue_course):
    learner, course, _ = completed_course
    return issue_course(learner, course)


@pytest.fixture
def admin(make_user, login):
    user = make_user(roles=["admin"], name="Netzwerkstelle Admin")
    login(user)
    return user


def test_revoke_page_asks_for_confirmation(client, admin, certificate):
    page = client.get(f"/admin/nachweise/{certificate.id}/widerrufen").get_data(as_text=True)
    assert "Nachweis widerrufen?" in page and "Grund des Widerrufs" in page


def test_revoke_without_reason_changes_nothing(client, admin, certificate):
    response = client.post(f"/admin/nachweise/{certificate.id}/widerrufen", data={"reason": " "})
    assert "Bitte geben Sie einen Grund für den Widerruf an." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).status == "valid"


def test_revoke_stores_reason_date_and_admin(client, admin, certificate):
    response = client.post(f"/admin/nachweise/{certificate.id}/widerrufen",
                           data={"reason": "Abschluss irrtümlich erfasst"})
    assert response.status_code == 302
    db.session.expire_all()
    revoked = db.session.get(Certificate, certificate.id)
    assert revoked.status == "revoked"
    assert revoked.revoke_reason == "Abschluss irrtümlich erfasst"
    assert revoked.revoked_by_id == admin.id and revoked.revoked_at is not None


def test_revoking_twice_is_refused(certificate, admin):
    services.revoke(certificate, "Grund", admin)
    with pytest.raises(services.CertificateError, match="bereits widerrufen"):
        services.revoke(certificate, "Noch einmal", admin)


def test_reissue_without_name_change_is_refused(client, admin, certificate):
    response = client.post(f"/admin/nachweise/{certificate.id}/neu-ausstellen",
                           follow_redirects=True)
    assert "Korrigieren Sie zuerst den Namen" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Certificate)) == 1


def test_reissue_page_offers_no_button_while_the_names_match(client, admin, certificate):
    page = client.get(f"/admin/nachweise/{certificate.id}/neu-ausstellen").get_data(as_text=True)
    assert "Die Namen stimmen überein." in page and "Neu ausstellen</button>" not in page

    certificate.user.name = "Annegret Müller-Schulze"
    db.session.commit()
    page = client.get(f"/admin/nachweise/{certificate.id}/neu-ausstellen").get_data(as_text=True)
    assert "Neu ausstellen</button>" in page


def test_reissue_after_name_correction_replaces_the_old_one(client, admin, certificate):
    certificate.user.name = "Annegret Müller-Schulze"
    db.session.commit()
    old_code = certificate.code
    response = client.post(f"/admin/nachweise/{certificate.id}/neu-ausstellen")
    assert response.status_code == 302
    db.session.expire_all()
    old = db.session.get(Certificate, certificate.id)
    new = old.replaced_by
    assert old.status == "replaced" and old.code == old_code
    assert new.status == "valid" and new.code != old_code
    assert new.learner_name == "Annegret Müller-Schulze"
    assert new.snapshot["modules"] == old.snapshot["modules"]
    assert new.generation == 2


def test_replaced_certificate_cannot_be_revoked(certificate, admin):
    certificate.user.name = "Neuer Name"
    db.session.commit()
    services.reissue(certificate, admin)
    with pytest.raises(services.CertificateError, match="ersetzt"):
        services.revoke(certificate, "Grund", admin)


def test_admin_can_render_a_pending_pdf_now(client, admin, certificate):
    page = client.get(f"/admin/nachweise/{certificate.id}").get_data(as_text=True)
    assert "PDF jetzt erstellen" in page
    response = client.post(f"/admin/nachweise/{certificate.id}/pdf-erstellen",
                           follow_redirects=True)
    assert "Das PDF ist erstellt." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).is_rendered


def test_admin_sees_why_rendering_failed(client, admin, certificate):
    certificate.template = "gibt-es-nicht"
    db.session.commit()
    response = client.post(f"/admin/nachweise/{certificate.id}/pdf-erstellen",
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "konnte nicht erstellt werden" in page and "gibt-es-nicht" in page


def test_revoked_certificate_is_no_longer_downloaded_by_its_owner(client, login, make_user,
                                                                  certificate):
    services.revoke(certificate, "Grund", make_user(roles=["admin"]))
    login(certificate.user)
    response = client.get(f"/nachweise/{certificate.id}/pdf")
    assert response.status_code == 410
    assert "widerrufen" in response.get_data(as_text=True)
    assert "Kein Download" in client.get("/nachweise").get_data(as_text=True)


def test_replaced_certificate_points_the_owner_to_the_new_one(client, login, make_user,
                                                              certificate):
    certificate.user.name = "Neuer Name"
    db.session.commit()
    services.reissue(certificate, make_user(roles=["admin"]))
    login(certificate.user)
    response = client.get(f"/nachweise/{certificate.id}/pdf")
    assert response.status_code == 410
    assert "neu ausgestellten Nachweis ersetzt" in response.get_data(as_text=True)


def test_revocation_goes_into_the_audit_log(client, admin, certificate):
    client.post(f"/admin/nachweise/{certificate.id}/widerrufen",
                data={"reason": "Abschluss irrtümlich erfasst"})

    [entry] = db.session.scalars(db.select(AuditEntry)).all()
    assert (entry.action, entry.actor_id, entry.target_id) == (
        "certificate.revoked", admin.id, str(certificate.id))
    assert entry.organisation_id == certificate.user.organisation_id
    assert entry.details == {"code": certificate.code, "reason": "Abschluss irrtümlich erfasst"}


def test_reissue_goes_into_the_audit_log(client, admin, certificate):
    certificate.user.name = "Annegret Müller-Schulze"
    db.session.commit()

    client.post(f"/admin/nachweise/{certificate.id}/neu-ausstellen")

    db.session.expire_all()
    [entry] = db.session.scalars(db.select(AuditEntry)).all()
    replacement = db.session.get(Certificate, certificate.id).replaced_by
    assert entry.action == "certificate.reissued" and entry.actor_name == admin.name
    assert entry.details == {"before": "Annegret Müller", "after": "Annegret Müller-Schulze",
                             "code": certificate.code, "replacement_code": replacement.code}
