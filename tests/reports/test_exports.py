"""Every report table as CSV and XLSX: German headers and dates, the page's filters, the
access log; large tables in the background with a progress page."""

import csv
import io
import time
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms.extensions import db
from lms.privacy.models import DataAccess
from lms.reports import exports
from lms.reports.models import ExportStatus, ReportExport

MATRIX = "/koordination/export/lernmatrix"


def _sheet(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))


def _csv(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))


def test_matrix_xlsx_has_german_headers_real_dates_and_every_cell(client, login, network):
    login(network.coordinator)

    rows = _sheet(client.get(f"{MATRIX}.xlsx"))

    assert rows[0] == ("Name", "E-Mail", "Modul", "Status", "Zugewiesen", "Fällig am",
                       "Bester Punktwert (%)", "Testversuche", "Lernzeit (Minuten)",
                       "Begonnen am", "Letzte Aktivität am", "Abgeschlossen am")
    anna = [row for row in rows[1:] if row[0] == "Anna Ahrens"]
    assert len(rows) - 1 == 3 * 2  # three learners x two modules, not started ones included
    grundlagen = next(row for row in anna if row[2].startswith("Grundlagen"))
    assert grundlagen[3] == "bestanden" and grundlagen[6] == pytest.approx(0.9)
    assert grundlagen[8] == 30 and grundlagen[11].date() == date(2026, 11, 22)
    clara = [row for row in rows[1:] if row[0] == "Clara Claußen"]
    assert {row[3] for row in clara} == {"nicht begonnen"}


def test_matrix_xlsx_marks_dates_and_shares_for_excel(client, login, network):
    login(network.coordinator)

    response = client.get(f"{MATRIX}.xlsx")

    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["L2"].number_format == "DD.MM.YYYY"
    assert sheet["G2"].number_format == "0 %"
    assert sheet.freeze_panes == "A2"


def test_matrix_csv_uses_german_dates_and_follows_the_filters(client, login, network):
    login(network.coordinator)

    rows = _csv(client.get(f"{MATRIX}.csv", query_string={
        "modul": network.grundlagen.id, "status": "failed"}))

    assert [(row[0], row[2]) for row in rows[1:]] == [
        ("Bernd Böhm", "Grundlagen des demografischen Wandels")]  # one module: one column
    failed = rows[1]
    assert failed[3] == "nicht bestanden" and failed[6] == "40" and failed[10] == "21.11.2026"


def test_course_filtered_export_works(client, login, network):
    login(network.coordinator)

    rows = _sheet(client.get(f"{MATRIX}.xlsx", query_string={"kurs": network.course.id}))

    assert {row[2] for row in rows[1:]} == {"Grundlagen des demografischen Wandels",
                                           "Mobilität im ländlichen Raum"}


@pytest.mark.parametrize(("name", "header"), [
    ("lernende", "Module begonnen"), ("module", "Nicht bestanden"), ("kurse", "Kurs"),
    ("trichter", "Häufigster Haltepunkt")])
def test_every_table_exports_in_both_formats(client, login, network, name, header):
    login(network.coordinator)

    sheet = _sheet(client.get(f"/koordination/export/{name}.xlsx"))
    table = _csv(client.get(f"/koordination/export/{name}.csv"))

    assert header in sheet[0] and header in table[0]
    assert len(sheet) == len(table)


def test_one_learners_export(client, login, network):
    login(network.coordinator)

    rows = _sheet(client.get("/koordination/export/lernstand.xlsx",
                             query_string={"lernende": network.anna.id}))

    assert sorted(row[0] for row in rows[1:]) == ["Grundlagen des demografischen Wandels",
                                                  "Mobilität im ländlichen Raum"]


def test_exports_naming_learners_are_logged_per_learner(client, login, network):
    login(network.coordinator)

    client.get(f"{MATRIX}.xlsx", query_string={"q": "anna"})
    client.get("/koordination/export/module.csv")

    accesses = db.session.scalars(select(DataAccess)).all()
    assert [(a.subject_id, a.what, a.detail) for a in accesses] == [
        (network.anna.id, "export", "Lernmatrix (XLSX)")]
    assert accesses[0].viewer_name == "Katrin Koordination"


@pytest.fixture
def background(app, monkeypatch):
    """Exports of more than two rows go to the background, run at once by the inline runner."""
    monkeypatch.setitem(app.config, "REPORT_EXPORT_BACKGROUND_ROWS", 2)
    monkeypatch.setitem(app.extensions, "lms_export_runner", exports.run_inline)


def test_large_export_runs_in_the_background_with_a_progress_page(client, login, network,
                                                                  background):
    login(network.coordinator)

    response = client.get(f"{MATRIX}.xlsx")

    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Die Datei ist fertig." in page.get_data(as_text=True)
    export = db.session.scalars(select(ReportExport)).one()
    state = client.get(f"/koordination/exporte/{export.id}/stand").get_json()
    assert state["status"] == "done" and state["done"] == state["total"] == 6
    rows = _sheet(client.get(state["download"]))
    assert len(rows) == 7
    assert len(db.session.scalars(select(DataAccess)).all()) == 3


def test_background_export_in_a_thread_finishes(client, login, network, app, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_EXPORT_BACKGROUND_ROWS", 2)
    login(network.coordinator)

    response = client.get(f"{MATRIX}.csv")

    assert response.status_code == 302
    export_id = int(response.headers["Location"].rsplit("/", 1)[1])
    for _attempt in range(100):
        state = client.get(f"/koordination/exporte/{export_id}/stand").get_json()
        if state["status"] in (ExportStatus.DONE, ExportStatus.FAILED):
            break
        time.sleep(0.1)
    assert state["status"] == ExportStatus.DONE
    assert "Anna Ahrens" in client.get(state["download"]).get_data().decode("utf-8-sig")


def test_export_of_a_lost_scope_fails_cleanly(network, make_user, background):
    helper = make_user(roles=["coordinator"], organisation=network.north)
    export = ReportExport(requested_by_id=helper.id, organisation_id=None,
                          table_name="lernstand", format="csv",
                          arguments={"lernende": str(network.sven.id)})
    db.session.add(export)
    db.session.commit()

    exports.run_export(export.id)

    db.session.refresh(export)
    assert export.status == ExportStatus.FAILED and export.content is None
