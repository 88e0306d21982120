"""LRS client admin pages in the browser: create a client, see the secret once, revoke it."""

import pytest

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


def test_admin_creates_and_revokes_lrs_client(admin_page, assert_accessible):
    admin_page.goto("/xapi/verwaltung/zugaenge")
    assert_accessible(admin_page)
    admin_page.screenshot(path="/tmp/lrs-admin-empty.png", full_page=True)

    admin_page.get_by_role("button", name="Zugang anlegen").click()
    admin_page.get_by_text("Bitte geben Sie einen Namen ein.").first.wait_for()
    assert_accessible(admin_page)

    admin_page.get_by_label("Name").fill("Autorenwerkzeug Kreisverwaltung")
    admin_page.get_by_role("button", name="Zugang anlegen").click()
    admin_page.get_by_text("nur dieses eine Mal angezeigt").wait_for()
    assert_accessible(admin_page)
    admin_page.screenshot(path="/tmp/lrs-admin-created.png", full_page=True)

    admin_page.get_by_role("link", name="Zur Übersicht").click()
    admin_page.get_by_role("link", name="Sperren Autorenwerkzeug Kreisverwaltung").click()
    assert_accessible(admin_page)
    admin_page.get_by_role("button", name="Ja, sperren").click()
    admin_page.get_by_text("ist gesperrt").wait_for()
    assert_accessible(admin_page)
    admin_page.set_viewport_size({"width": 360, "height": 800})
    admin_page.screenshot(path="/tmp/lrs-admin-360.png", full_page=True)
