"""The new report pages render for a coordinator and show only their organisation."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms.extensions import db
from lms.privacy.models import DataAccess

PAGES = ["/koordination/fortschritt", "/koordination/matrix", "/koordination/module"]


@pytest.mark.parametrize("url", PAGES)
def test_page_shows_own_organisation_only(client, login, network, url):
    login(network.coordinator)

    response = client.get(url)

    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "Sven Südheimer" not in html


def test_funnel_and_learner_pages(client, login, network):
    login(network.coordinator)

    funnel = client.get(f"/koordination/module/{network.grundlagen.id}")
    learner = client.get(f"/koordination/fortschritt/lernende/{network.anna.id}")

    assert funnel.status_code == 200, funnel.get_data(as_text=True)
    assert learner.status_code == 200, learner.get_data(as_text=True)


def test_matrix_xlsx(client, login, network):
    login(network.coordinator)

    response = client.get("/koordination/export/lernmatrix.xlsx")

    assert response.status_code == 200, response.get_data(as_text=True)
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Name"
    names = {row[0] for row in rows[1:]}
    assert names == {"Anna Ahrens", "Bernd Böhm", "Clara Claußen"}
    logged = db.session.scalars(select(DataAccess.subject_id)).all()
    assert sorted(logged) == sorted([network.anna.id, network.bernd.id, network.clara.id])
