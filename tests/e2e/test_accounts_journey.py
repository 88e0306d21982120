"""A newcomer registers, confirms the address, logs in and out, and resets the password."""

import re

from lms.core.mail import stored_mails
from tests.conftest import PASSWORD


def _last_link(pattern: str) -> str:
    body = stored_mails()[0].body
    return re.search(pattern, body)[0]


def test_register_confirm_login_logout_reset(page, app, assert_accessible):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Registrieren").first.click()
    assert_accessible(page)
    page.get_by_label("Name").fill("Erika Beispiel")
    page.get_by_label("E-Mail-Adresse").fill("erika@beispiel.de")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()
    page.get_by_text("Bitte bestätigen Sie Ihre E-Mail-Adresse").wait_for()

    page.goto(_last_link(r"http://\S+/konto/bestaetigen/\S+"))
    page.get_by_text("Ihre E-Mail-Adresse ist bestätigt").wait_for()
    assert_accessible(page)
    page.get_by_label("E-Mail-Adresse").fill("erika@beispiel.de")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Willkommen zurück, Erika Beispiel!").wait_for()

    page.get_by_role("button", name="Abmelden").click()
    page.get_by_text("Sie sind abgemeldet.").wait_for()

    page.goto("/passwort-vergessen")
    assert_accessible(page)
    page.get_by_label("E-Mail-Adresse").fill("erika@beispiel.de")
    page.get_by_role("button", name="Link senden").click()
    page.goto(_last_link(r"http://\S+/passwort-zuruecksetzen/\S+"))
    assert_accessible(page)
    page.get_by_label("Neues Passwort", exact=True).fill("Ein-ganz-neues-Passwort-2026")
    page.get_by_label("Neues Passwort wiederholen").fill("Ein-ganz-neues-Passwort-2026")
    page.get_by_role("button", name="Passwort speichern").click()
    page.get_by_label("E-Mail-Adresse").fill("erika@beispiel.de")
    page.get_by_label("Passwort").fill("Ein-ganz-neues-Passwort-2026")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Willkommen zurück").wait_for()
