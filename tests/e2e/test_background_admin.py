"""Admins in the browser: add a forwarding target, see its error, and retry a failed job."""

import pytest

from lms.core import jobs
from lms.xapi.services import record_statements
from tests.conftest import PASSWORD


@pytest.fixture
def admin_page(page, make_user):
    page.goto("/anmelden")
    admin = make_user(roles=["admin"], name="Ada Admin")
    page.get_by_label("E-Mail-Adresse").fill(admin.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Willkommen zurück").wait_for()
    return page


def _no_sideways_scrolling(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_admin_adds_a_target_sees_the_error_and_retries_the_job(app, admin_page,
                                                                 assert_accessible):
    admin_page.goto("/admin/weiterleitung")
    assert_accessible(admin_page)
    admin_page.get_by_role("button", name="Ziel anlegen").click()
    admin_page.get_by_text("Bitte geben Sie die Adresse des LRS an.").first.wait_for()
    assert_accessible(admin_page)
    admin_page.get_by_label("Name", exact=True).fill("LRS des Landes")
    admin_page.get_by_label("Adresse des LRS").fill("http://127.0.0.1:9/xapi/")
    admin_page.get_by_role("button", name="Ziel anlegen").click()
    admin_page.get_by_text("Neue Statements werden jetzt an LRS des Landes").wait_for()

    # Nobody listens on port 9: the drain fails.
    record_statements([{"actor": {"mbox": "mailto:lernende@beispiel.de"},
                        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
                        "object": {"id": "http://lernraum.test/a"}}])
    jobs.run_scheduled(app)  # every retry, so the job is given up
    admin_page.reload()
    admin_page.get_by_text("nicht erreichbar").first.wait_for()
    assert_accessible(admin_page)

    admin_page.get_by_role("link", name="Hintergrundaufträge").click()
    admin_page.get_by_text("aufgegeben").wait_for()
    assert_accessible(admin_page)
    admin_page.set_viewport_size({"width": 360, "height": 800})
    _no_sideways_scrolling(admin_page)
    admin_page.get_by_role("button", name="Erneut versuchen").click()
    admin_page.get_by_text("wird erneut ausgeführt").wait_for()
    assert_accessible(admin_page)
    admin_page.goto("/admin/weiterleitung")
    _no_sideways_scrolling(admin_page)
