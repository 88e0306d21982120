"""Admins revoke and re-issue certificates in the browser; coordinators see their organisation's."""

import os

import pytest

from lms import signals
from lms.certificates import services
from lms.certificates.codes import format_code
from lms.certificates.models import Certificate
from lms.core.models import utcnow
from lms.extensions import db
from tests.certificates.builders import build_course, build_module, complete
from tests.e2e.steps import log_in

SCREENSHOTS = os.environ.get("CERTS_SCREENSHOTS")
"""A folder to keep screenshots of every page at 1280 and 360 px while developing."""


def _shoot(page, name):
    if SCREENSHOTS:
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def issued(make_user, make_organisation):
    organisation = make_organisation(name="Landkreis Musterland")
    learner = make_user(name="Jonas Schmitt", organisation=organisation)
    modules = [build_module("Grundlagen des demografischen Wandels", 1.5),
               build_module("Wohnen und Quartier", 2.0)]
    for module in modules:
        complete(learner, module)
    course = build_course(modules, title="Demografischen Wandel vor Ort gestalten")
    signals.course_completed.send(None, user_id=learner.id, course_id=course.id,
                                  completed_at=utcnow())
    db.session.commit()
    return db.session.scalars(db.select(Certificate)).one()


def test_admin_revokes_with_reason_and_the_check_page_says_so(page, make_user, issued,
                                                              assert_accessible):
    log_in(page, make_user(roles=["admin"]))
    page.get_by_role("link", name="Administration").first.click()
    page.locator(".subnav").get_by_role("link", name="Nachweise").click()
    page.get_by_role("link", name="Jonas Schmitt", exact=True).wait_for()
    assert_accessible(page)
    _shoot(page, "admin-list")
    page.get_by_role("link", name="Jonas Schmitt", exact=True).click()
    heading = "Kurszertifikat: Demografischen Wandel vor Ort gestalten"
    page.get_by_role("heading", name=heading).wait_for()
    assert_accessible(page)
    _shoot(page, "admin-show")
    page.get_by_role("link", name="Widerrufen").click()
    assert_accessible(page)
    page.get_by_role("button", name="Nachweis widerrufen").click()
    page.get_by_text("Bitte geben Sie einen Grund für den Widerruf an.").first.wait_for()
    assert_accessible(page)
    _shoot(page, "admin-revoke-error")
    page.get_by_label("Grund des Widerrufs").fill("Teilnahme wurde doppelt erfasst.")
    page.get_by_role("button", name="Nachweis widerrufen").click()
    page.get_by_text("ist widerrufen").wait_for()
    page.get_by_text("Teilnahme wurde doppelt erfasst.").wait_for()

    page.goto(f"/nachweis/{format_code(issued.code)}")
    page.get_by_role("heading", name="Widerrufen").wait_for()
    assert "doppelt erfasst" not in page.content()
    assert_accessible(page)
    _shoot(page, "verify-revoked")


def test_admin_reissues_after_name_correction(page, make_user, issued, assert_accessible):
    log_in(page, make_user(roles=["admin"]))
    page.goto(f"/admin/nachweise/{issued.id}/neu-ausstellen")
    page.get_by_text("Die Namen stimmen überein.").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Konto von Jonas Schmitt bearbeiten").click()
    page.get_by_label("Name").fill("Jonas Schmitt-Yılmaz")
    page.get_by_role("button", name="Speichern").click()
    page.goto(f"/admin/nachweise/{issued.id}/neu-ausstellen")
    page.get_by_text("Es entsteht ein neuer Nachweis").wait_for()
    _shoot(page, "admin-reissue")
    page.get_by_role("button", name="Neu ausstellen").click()
    page.get_by_text("Neuer Nachweis für Jonas Schmitt-Yılmaz ausgestellt").wait_for()
    assert_accessible(page)

    page.goto(f"/nachweis/{format_code(issued.code)}")
    page.get_by_role("heading", name="Ersetzt").wait_for()
    assert_accessible(page)
    _shoot(page, "verify-replaced")
    page.get_by_role("link", name="Zum aktuellen Nachweis").click()
    page.get_by_role("heading", name="Gültiger Nachweis").wait_for()
    page.get_by_text("Jonas Schmitt-Yılmaz").wait_for()
    _shoot(page, "verify-valid")


def test_coordinator_lists_and_downloads_their_members_certificates(page, make_user, issued,
                                                                   assert_accessible):
    coordinator = make_user(roles=["coordinator"], organisation=issued.user.organisation)
    log_in(page, coordinator)
    page.goto("/koordination/nachweise")
    page.get_by_role("heading", name="Nachweise der Organisation").wait_for()
    page.get_by_role("cell", name="Jonas Schmitt", exact=True).wait_for()
    assert_accessible(page)
    _shoot(page, "coordinator-list")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF herunterladen").first.click()
    assert download_info.value.suggested_filename.endswith(".pdf")


def test_learner_sees_certificate_cards(page, issued, assert_accessible):
    log_in(page, issued.user)
    page.goto("/")
    page.get_by_text("Neuester Nachweis: Kurszertifikat").wait_for()
    assert_accessible(page)
    _shoot(page, "home-learner")
    page.get_by_role("link", name="Meine Nachweise").click()
    page.get_by_role("heading", name="Demografischen Wandel vor Ort gestalten").wait_for()
    assert_accessible(page)
    _shoot(page, "mine")


def test_learner_pages_for_pending_and_revoked_pdfs_are_accessible(page, make_user, issued,
                                                                   assert_accessible):
    issued.template = "gibt-es-nicht"
    db.session.commit()
    log_in(page, issued.user)
    page.goto(f"/nachweise/{issued.id}/pdf")
    page.get_by_role("heading", name="Ihr Nachweis wird vorbereitet").wait_for()
    assert_accessible(page)
    services.revoke(issued, "Testfall", make_user(roles=["admin"]))
    page.goto(f"/nachweise/{issued.id}/pdf")
    page.get_by_role("heading", name="Dieser Nachweis gilt nicht mehr").wait_for()
    assert_accessible(page)
