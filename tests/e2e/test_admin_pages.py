"""Admin and profile pages in the browser: they work and pass axe-core."""

import pytest

from tests.e2e.steps import log_in


@pytest.fixture
def admin_page(page, make_user, make_organisation):
    make_organisation(name="Landkreis Beispielau", kind="landkreis", ags="03241000")
    make_user(name="Erika Beispiel")
    log_in(page, make_user(roles=["admin"], name="Ada Admin"))
    return page


def test_admin_pages_are_accessible(admin_page, assert_accessible):
    for path in [
        "/admin/",
        "/admin/nutzer",
        "/admin/organisationen",
        "/admin/organisationen/neu",
        "/admin/mails",
        "/konto",
        "/konto/passwort",
        "/barrierefreiheit",
        "/datenschutz",
        "/gibt-es-nicht",
    ]:
        admin_page.goto(path)
        assert_accessible(admin_page)


def test_admin_creates_organisation_and_sees_ags_error(admin_page, assert_accessible):
    admin_page.goto("/admin/organisationen/neu")
    admin_page.get_by_label("Name").fill("Stadt Musterhausen")
    admin_page.get_by_label("Art").select_option("stadt")
    admin_page.get_by_label("Bundesland").select_option("09")
    admin_page.get_by_label("Amtlicher Gemeindeschlüssel (AGS)").fill("03241001")
    admin_page.get_by_role("button", name="Speichern").click()

    admin_page.get_by_text("gewählt ist aber Bayern").first.wait_for()
    assert_accessible(admin_page)
    admin_page.get_by_label("Bundesland").select_option("03")
    admin_page.get_by_role("button", name="Speichern").click()
    admin_page.get_by_text("Die Organisation Stadt Musterhausen ist gespeichert.").wait_for()


def test_admin_deactivates_a_user_after_confirming(admin_page):
    admin_page.goto("/admin/nutzer")
    admin_page.get_by_role("link", name="Erika Beispiel").click()
    admin_page.get_by_role("link", name="Konto deaktivieren …").click()
    admin_page.get_by_role("button", name="Ja, deaktivieren").click()

    admin_page.get_by_text("Das Konto von Erika Beispiel ist deaktiviert.").wait_for()


def test_profile_language_switch_to_english(admin_page):
    admin_page.goto("/")
    admin_page.get_by_role("button", name="English").click()

    assert admin_page.locator("html").get_attribute("lang") == "en"
