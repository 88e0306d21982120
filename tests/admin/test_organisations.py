"""Admins create and edit organisations; the AGS is validated against the Land."""

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Organisation
from lms.extensions import db


@pytest.fixture
def admin_client(client, make_user, login):
    login(make_user(roles=["admin"]))
    return client


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Organisation))


def _post(client, url="/admin/organisationen/neu", **overrides):
    data = {
        "name": "Stadt Musterhausen",
        "kind": "stadt",
        "state_code": "03",
        "ags": "03241001",
    } | overrides
    return client.post(url, data=data)


def test_admin_creates_organisation(admin_client):
    response = _post(admin_client)

    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation))
    assert (organisation.name, organisation.kind, organisation.ags) == (
        "Stadt Musterhausen",
        "stadt",
        "03241001",
    )


@pytest.mark.parametrize(
    ("ags", "message"),
    [
        ("0324100", "genau 8 Ziffern"),
        ("0324100x", "genau 8 Ziffern"),
        ("99241001", "gehören zu keinem Bundesland"),
        ("09162000", "gewählt ist aber Niedersachsen"),
    ],
)
def test_invalid_ags_is_refused_with_a_reason(admin_client, ags, message):
    response = _post(admin_client, ags=ags)

    assert message in response.get_data(as_text=True)
    assert _count() == 0


def test_duplicate_ags_is_refused(admin_client, make_organisation):
    make_organisation(name="Erste", ags="03241001")

    response = _post(admin_client, name="Zweite")

    assert "schon bei „Erste“ eingetragen" in response.get_data(as_text=True)
    assert _count() == 1


def test_editing_keeps_other_fields_when_input_is_bad(admin_client, make_organisation):
    organisation = make_organisation(name="Landkreis Beispielau", ags="03241000")

    _post(admin_client, url=f"/admin/organisationen/{organisation.id}", name="", ags="03241000")

    db.session.refresh(organisation)
    assert organisation.name == "Landkreis Beispielau"


def test_organisation_list_is_searchable_and_paginated(admin_client, make_organisation):
    for n in range(30):
        make_organisation(name=f"Gemeinde {n:02d}")

    first = admin_client.get("/admin/organisationen").get_data(as_text=True)
    filtered = admin_client.get("/admin/organisationen?q=gemeinde 07").get_data(as_text=True)

    assert "Seite 1 von 2" in first
    assert "Gemeinde 07" in filtered and "Gemeinde 08" not in filtered
