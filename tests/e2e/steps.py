"""Steps that many browser journeys take, done as a person does them."""

from tests.conftest import PASSWORD


def log_in(page, user, password: str = PASSWORD) -> None:
    """Sign in through the login form and wait for the welcome message."""
    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Willkommen zurück").wait_for()
