"""A coordinator never sees another organisation's learner: not through any page, filter,
sort, export, chart or crafted URL. Südheim's Sven is the learner who must never appear."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms.catalog.assignments import Assignment, SubjectKind
from lms.core.vocabulary import learner_account
from lms.extensions import db
from lms.reports.models import ReportExport
from lms.xapi.services import query_statements
from tests.reports.dataset import build_dataset

FOREIGN = ("Sven Südheimer", "sven@suedheim.de")


def _text(response) -> str:
    if response.mimetype.endswith("spreadsheetml.sheet"):
        sheet = load_workbook(io.BytesIO(response.data)).active
        return "\n".join(" ".join(str(v) for v in row if v is not None)
                         for row in sheet.iter_rows(values_only=True))
    return response.get_data().decode("utf-8-sig")


def _urls(network):
    south, module = network.south.id, network.grundlagen.id
    crafted = {"organisation": south, "q": "sven", "sort": "name"}
    pages = ["/koordination/fortschritt", "/koordination/matrix", "/koordination/module",
             f"/koordination/module/{module}", "/koordination/zuweisungen",
             "/koordination/einladungen"]
    exports = [f"/koordination/export/{name}.{fmt}" for name in
               ("lernmatrix", "lernende", "module", "kurse", "trichter")
               for fmt in ("csv", "xlsx")] + ["/koordination/fortschritt.csv"]
    variants = [{}, crafted, {"organisation": south}, {"status": "done", "sort": "aktivitaet"},
                {"kurs": network.course.id, "thema": "mobilitaet", "modul": module,
                 "von": "2026-01-01", "bis": "2027-01-01", "organisation": south},
                {"subject": f"m{module}", "status": "done", "organisation": south}]
    return [(url, args) for url in pages + exports for args in variants]


def test_no_page_filter_sort_or_export_shows_a_foreign_learner(client, login, network):
    login(network.coordinator)
    leaks = []
    for url, args in _urls(network):
        response = client.get(url, query_string=args)
        assert response.status_code in (200, 404), (url, args, response.status_code)
        body = _text(response)
        leaks += [(url, args, needle) for needle in FOREIGN if needle in body]
    assert leaks == []


@pytest.mark.parametrize("url", [
    "/koordination/fortschritt/lernende/{sven}",
    "/koordination/fortschritt/lernende/{sven}?organisation={south}",
    "/koordination/export/lernstand.csv?lernende={sven}",
    "/koordination/export/lernstand.xlsx?lernende={sven}&organisation={south}",
    "/koordination/export/unbekannt.csv",
    "/koordination/export/lernmatrix.pdf",
])
def test_crafted_urls_for_a_foreign_learner_are_not_found(client, login, network, url):
    login(network.coordinator)

    response = client.get(url.format(sven=network.sven.id, south=network.south.id))

    assert response.status_code == 404


def test_charts_and_figures_count_the_own_organisation_only(client, login, network):
    login(network.coordinator)

    html = client.get("/koordination/fortschritt",
                      query_string={"organisation": network.south.id}).get_data(as_text=True)
    funnel = client.get(f"/koordination/module/{network.grundlagen.id}",
                        query_string={"organisation": network.south.id}).get_data(as_text=True)

    assert "1 Modul in den letzten 12 Monaten abgeschlossen." in html  # Anna; not Sven's two
    assert "2 begonnen, 1 abgeschlossen" in funnel  # Anna and Bernd; not Sven


def test_assigning_to_a_foreign_learner_is_refused_and_stores_nothing(client, login, network):
    login(network.coordinator)

    response = client.post("/koordination/zuweisungen", data={
        "subject": f"m{network.grundlagen.id}", "audience": "chosen",
        "people": [network.anna.id, network.sven.id]})

    assert response.status_code == 400
    assert "nur Lernenden Ihrer eigenen Organisation" in response.get_data(as_text=True)
    assert db.session.scalars(select(Assignment)).all() == []


def test_withdrawing_a_foreign_assignment_is_not_found(client, login, network):
    foreign = Assignment(user_id=network.sven.id, subject_kind=SubjectKind.MODULE,
                         subject_id=network.grundlagen.id, organisation_id=network.south.id)
    db.session.add(foreign)
    db.session.commit()
    login(network.coordinator)

    response = client.post(f"/koordination/zuweisungen/{foreign.id}/zuruecknehmen")

    assert response.status_code == 404
    assert db.session.get(Assignment, foreign.id) is not None


def test_someone_elses_background_export_is_not_found(client, login, network, make_user):
    other = make_user(roles=["coordinator"], organisation=network.south)
    export = ReportExport(requested_by_id=other.id, organisation_id=network.south.id,
                          table_name="lernmatrix", format="csv", status="done",
                          content=b"Sven", filename="x.csv")
    db.session.add(export)
    db.session.commit()
    login(network.coordinator)

    for suffix in ("", "/stand", "/datei"):
        assert client.get(f"/koordination/exporte/{export.id}{suffix}").status_code == 404


def test_a_timeline_token_of_a_foreign_learner_shows_nothing(client, login, make_organisation,
                                                             make_user):
    dataset = build_dataset(make_organisation, make_user, sizes=(2, 2, 2))
    own, foreign = (dataset.organisations[0], dataset.organisations[1])
    mine = next(u for u in dataset.learners[own.id] if _statements_of(u))
    theirs = next(u for u in dataset.learners[foreign.id] if _statements_of(u))
    _found, token = query_statements(agent=learner_account("http://lernraum.test",
                                                           theirs.xapi_name), limit=1)
    assert token
    login(dataset.coordinators[own.id])

    response = client.get(f"/koordination/fortschritt/lernende/{mine.id}",
                          query_string={"weiter": token})

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Dieser Verlauf lässt sich nicht fortsetzen." in html
    assert theirs.name not in html


def _statements_of(user) -> list:
    return query_statements(agent=learner_account("http://lernraum.test", user.xapi_name),
                            limit=2)[0]
