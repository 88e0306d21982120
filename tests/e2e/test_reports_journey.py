"""Coordinators, the network office and learners use the reports in the browser: the
overview with charts, the matrix filtered and drilled into, an XLSX export; every report
page passes axe. Screenshots land in $LMS_SHOTS (if set) for people to look at."""

import io
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lms.extensions import db
from lms.progress.models import ModuleProgress
from lms.reports import exports
from tests.e2e.steps import log_in
from tests.reports.dataset import build_dataset


@pytest.fixture
def dataset(make_organisation, make_user):
    return build_dataset(make_organisation, make_user)


def _shoot(page, name: str) -> None:
    folder = os.environ.get("LMS_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _done_in(user_ids, module_id) -> set[int]:
    rows = db.session.query(ModuleProgress.user_id).filter(
        ModuleProgress.module_id == module_id, ModuleProgress.user_id.in_(user_ids),
        ModuleProgress.status.in_(("completed", "passed")))
    return {user_id for (user_id,) in rows}


def test_coordinator_filters_the_matrix_drills_down_and_exports_xlsx(page, dataset,
                                                                     assert_accessible,
                                                                     tmp_path):
    organisation = dataset.organisations[0]
    learners = dataset.learners[organisation.id]
    module = dataset.modules[0]
    log_in(page, dataset.coordinators[organisation.id])

    page.get_by_role("link", name="Lernfortschritt").click()
    page.get_by_role("heading", name="Auf einen Blick").wait_for()
    assert page.get_by_role("img", name="Abgeschlossene Module je Monat").count() == 1
    assert page.get_by_role("img", name="Abgeschlossene Module je Thema").count() == 1
    _shoot(page, "overview")
    assert_accessible(page)

    page.get_by_role("navigation", name="Berichte").get_by_role("link", name="Lernmatrix").click()
    page.get_by_label("Modul", exact=True).select_option(label="Generiertes Modul 1")
    page.get_by_label("Status", exact=True).select_option(label="abgeschlossen oder bestanden")
    page.get_by_role("button", name="Anzeigen").click()
    table = page.get_by_role("table", name="Lernende (Zeilen) und Module (Spalten)")
    table.wait_for()
    shown = {link.inner_text() for link in table.get_by_role("rowheader").get_by_role(
        "link").all()}
    expected = {u.name for u in learners if u.id in _done_in([x.id for x in learners], module.id)}
    assert shown == expected and shown
    _shoot(page, "matrix")
    assert_accessible(page)

    first = sorted(shown)[0]
    table.get_by_role("link", name=first).click()
    page.get_by_role("heading", name=f"Lernfortschritt von {first}").wait_for()
    assert page.get_by_text("hat das Modul „Generiertes Modul 1“ abgeschlossen").count() == 1
    _shoot(page, "learner")
    assert_accessible(page)

    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX (Lernmatrix mit diesen Filtern)").click()
    target = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(target)
    assert target.suffix == ".xlsx"
    rows = list(load_workbook(io.BytesIO(target.read_bytes())).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Name", "E-Mail", "Modul", "Status")
    assert {row[0] for row in rows[1:]} == expected
    assert {row[2] for row in rows[1:]} == {"Generiertes Modul 1"}


def test_every_coordinator_page_passes_axe(page, dataset, assert_accessible, app,
                                           monkeypatch):
    organisation = dataset.organisations[0]
    log_in(page, dataset.coordinators[organisation.id])
    for url in ("/koordination/module", f"/koordination/module/{dataset.modules[0].id}",
                "/koordination/zuweisungen", "/koordination/einladungen"):
        page.goto(url)
        assert_accessible(page)
    _shoot(page, "invitations")
    page.get_by_label("… oder Liste hier einfügen").fill(
        "neu@kommune.de;Nele Neu\nkaputt;Kai Kaputt\n")
    page.get_by_role("button", name="Vorschau anzeigen").click()
    page.get_by_role("heading", name="Vorschau der Einladungen").wait_for()
    assert page.get_by_text("keine gültige E-Mail-Adresse").count() == 1
    assert_accessible(page)

    monkeypatch.setitem(app.config, "REPORT_EXPORT_BACKGROUND_ROWS", 2)
    monkeypatch.setitem(app.extensions, "lms_export_runner", exports.run_inline)
    page.goto("/koordination/matrix")
    page.get_by_role("link", name="CSV (Lernmatrix mit diesen Filtern)").click()
    page.get_by_text("Die Datei ist fertig.").wait_for()
    assert_accessible(page)


def test_network_office_and_learner_pages_pass_axe(page, dataset, assert_accessible,
                                                    make_user):
    log_in(page, make_user(roles=["network"]))
    page.goto("/netzwerk/monitoring")
    page.get_by_role("heading", name="Monitoring des Netzwerks").wait_for()
    _shoot(page, "monitoring")
    assert_accessible(page)
    page.get_by_role("button", name="Abmelden").click()

    learner = dataset.learners[dataset.organisations[0].id][0]
    log_in(page, learner)
    for url in ("/konto/daten", "/konto/loeschen"):
        page.goto(url)
        assert_accessible(page)
    page.goto("/konto/daten")
    _shoot(page, "own-data")
    page.get_by_role("button", name="Abmelden").click()

    log_in(page, make_user(roles=["admin"]))
    for url in ("/admin/datenzugriffe", f"/admin/nutzer/{learner.id}/daten",
                f"/admin/nutzer/{learner.id}/loeschen"):
        page.goto(url)
        assert_accessible(page)
