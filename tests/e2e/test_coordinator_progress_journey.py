"""A coordinator reviews the progress of their organisation in the browser: overview, a filter,
one learner's drill-down, and the CSV export; other organisations stay invisible throughout."""

import pytest

from tests.e2e.steps import log_in
from tests.reports.builders import build_network


@pytest.fixture
def network(make_organisation, make_user):
    """Nordstadt with three learners and a coordinator, Südheim with one learner."""
    return build_network(make_organisation, make_user)


def test_coordinator_reviews_progress_and_downloads_csv(page, network, assert_accessible,
                                                        tmp_path):
    log_in(page, network.coordinator)

    page.get_by_role("link", name="Lernfortschritt").click()
    page.get_by_role("heading", name="Lernfortschritt", level=1).wait_for()
    modules = page.get_by_role("table", name="Wie viele Lernende je Modul")
    grundlagen = modules.get_by_role("row", name="Grundlagen des demografischen Wandels")
    cells = [text.strip() for text in grundlagen.get_by_role("cell").all_inner_texts()]
    assert cells[:4] == ["2", "0", "1", "1"]
    assert page.get_by_text("Sven Südheimer").count() == 0
    assert_accessible(page)

    page.get_by_label("Modul oder Kurs").select_option(
        label="Grundlagen des demografischen Wandels")
    page.get_by_label("Status").select_option(label="nicht bestanden")
    page.get_by_role("button", name="Anzeigen").click()
    learners = page.get_by_role("table", name="Lernende mit ihrem Lernstand")
    learners.get_by_role("link", name="Bernd Böhm").wait_for()
    assert learners.get_by_role("link", name="Anna Ahrens").count() == 0

    learners.get_by_role("link", name="Bernd Böhm").click()
    page.get_by_role("heading", name="Lernfortschritt von Bernd Böhm").wait_for()
    row = page.get_by_role("row", name="Grundlagen des demografischen Wandels")
    assert "nicht bestanden" in row.inner_text() and "40 %" in row.inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Zurück zur Übersicht").click()
    assert page.get_by_label("Status").input_value() == "failed"
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV herunterladen").click()
    target = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(target)
    text = target.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[1].startswith(
        "Bernd Böhm;bernd@nordstadt.de;Grundlagen des demografischen Wandels;"
        "nicht bestanden;40;2;10;")
    assert "Anna" not in text and "Sven" not in text
