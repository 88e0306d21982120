"""The mail outbox of development: the mails written to the mail folder, and where that is."""

import pytest

from lms.core.mail import send_mail


@pytest.fixture
def admin(make_user, login):
    user = make_user(roles=["admin"])
    login(user)
    return user


def test_the_outbox_names_the_folder_the_mails_are_written_to(client, admin, app):
    send_mail("lea@beispiel.de", "Willkommen", "Hallo Lea")

    html = client.get("/admin/mails").get_data(as_text=True)

    assert f"in den Ordner {app.config['MAIL_FOLDER']}." in html
    assert "Willkommen" in html and "lea@beispiel.de" in html
