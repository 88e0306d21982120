"""Admins search users, assign roles and deactivate accounts (with confirmation)."""

import pytest

from lms.core.permissions import Role
from lms.extensions import db
from tests.conftest import PASSWORD


@pytest.fixture
def admin(make_user, login):
    user = make_user(roles=["admin"], name="Ada Admin")
    login(user)
    return user


def test_user_search_finds_by_name_and_email(client, admin, make_user):
    make_user(name="Gustav Gans", email="gustav@entenhausen.de")
    make_user(name="Daisy Duck")

    page = client.get("/admin/nutzer?q=entenhausen").get_data(as_text=True)

    assert "Gustav Gans" in page and "Daisy Duck" not in page


def test_admin_assigns_coordinator_role_with_organisation(
    client, admin, make_user, make_organisation
):
    organisation = make_organisation()
    user = make_user()

    client.post(
        f"/admin/nutzer/{user.id}",
        data={
            "name": user.name,
            "organisation": str(organisation.id),
            "roles": ["coordinator", "author"],
        },
    )

    db.session.refresh(user)
    assert user.roles == {Role.LEARNER, Role.COORDINATOR, Role.AUTHOR}
    assert user.organisation_id == organisation.id


def test_edit_form_shows_the_persons_organisation_selected(
    client, admin, make_user, make_organisation
):
    organisation = make_organisation(name="Gemeinde Vorauswahl")
    user = make_user(organisation=organisation)

    page = client.get(f"/admin/nutzer/{user.id}").get_data(as_text=True)

    assert f'<option selected value="{organisation.id}">Gemeinde Vorauswahl</option>' in page


def test_coordinator_without_organisation_is_refused(client, admin, make_user):
    user = make_user()

    response = client.post(
        f"/admin/nutzer/{user.id}",
        data={"name": "Neuer Name", "organisation": "0", "roles": ["coordinator"]},
        follow_redirects=True,
    )

    assert "muss einer Organisation angehören" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.roles == {Role.LEARNER} and user.name != "Neuer Name"


def test_deactivation_asks_for_confirmation_first(client, admin, make_user):
    user = make_user()

    page = client.get(f"/admin/nutzer/{user.id}/aktiv").get_data(as_text=True)

    assert "deaktivieren?" in page
    db.session.refresh(user)
    assert user.active


def test_deactivated_user_can_no_longer_log_in(app, client, admin, make_user):
    user = make_user()

    client.post(f"/admin/nutzer/{user.id}/aktiv")

    response = app.test_client().post("/anmelden", data={"email": user.email, "password": PASSWORD})
    assert "deaktiviert" in response.get_data(as_text=True)


def test_admin_cannot_remove_own_admin_role(client, admin):
    client.post(
        f"/admin/nutzer/{admin.id}", data={"name": admin.name, "organisation": "0", "roles": []}
    )

    db.session.refresh(admin)
    assert admin.is_admin


def test_admin_cannot_deactivate_self(client, admin):
    client.post(f"/admin/nutzer/{admin.id}/aktiv")

    db.session.refresh(admin)
    assert admin.active
