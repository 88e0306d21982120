"""The report pages and the CSV export: only the own organisation, filters, pages, encoding."""

import csv
import io

from lms.progress.models import Status

OVERVIEW = "/koordination/fortschritt"
EXPORT = "/koordination/fortschritt.csv"


def _learner_url(user) -> str:
    return f"/koordination/fortschritt/lernende/{user.id}"


def test_overview_shows_own_learners_and_figures_only(client, login, network):
    login(network.coordinator)

    html = client.get(OVERVIEW).get_data(as_text=True)

    assert "Stadt Nordstadt" in html and "3 Lernende" in html
    assert "Anna Ahrens" in html and "Bernd Böhm" in html and "Clara Claußen" in html
    assert "Sven Südheimer" not in html and "sven@suedheim.de" not in html
    assert '<td class="num">0:20</td>' in html  # average time in Grundlagen: (30 + 10) / 2
    assert '<td class="num">0:35</td>' in html  # Anna's total: 30 + 5 minutes
    assert "65 %" in html  # average best score in Grundlagen: (90 + 40) / 2


def test_coordinator_cannot_switch_organisation_by_parameter(client, login, network):
    login(network.coordinator)

    html = client.get(f"{OVERVIEW}?organisation={network.south.id}").get_data(as_text=True)

    assert "Sven Südheimer" not in html
    assert "Anna Ahrens" in html


def test_admin_chooses_an_organisation(client, login, network, make_user):
    login(make_user(roles=["admin"]))

    everyone = client.get(OVERVIEW).get_data(as_text=True)
    south = client.get(f"{OVERVIEW}?organisation={network.south.id}").get_data(as_text=True)

    assert "Sven Südheimer" in everyone and "Anna Ahrens" in everyone
    assert "Sven Südheimer" in south and "Anna Ahrens" not in south


def test_filters_narrow_the_learner_table(client, login, network):
    login(network.coordinator)

    html = client.get(OVERVIEW, query_string={"subject": f"m{network.grundlagen.id}",
                                              "status": "failed"}).get_data(as_text=True)

    table = html.split('id="learners-caption"')[1]
    assert "Bernd Böhm" in table
    assert "Anna Ahrens" not in table and "Clara Claußen" not in table


def test_search_finds_by_name(client, login, network):
    login(network.coordinator)

    html = client.get(OVERVIEW, query_string={"q": "clara"}).get_data(as_text=True)

    table = html.split('id="learners-caption"')[1]
    assert "Clara Claußen" in table and "Anna Ahrens" not in table


def test_learner_table_has_25_rows_per_page(client, login, network, make_user):
    for n in range(30):
        make_user(name=f"Zusatz {n:02d}", organisation=network.north)
    login(network.coordinator)

    first = client.get(OVERVIEW, query_string={"sort": "name"}).get_data(as_text=True)
    second = client.get(OVERVIEW, query_string={"sort": "name", "seite": 2}).get_data(
        as_text=True)

    assert first.count('<th scope="row"><a href="/koordination/fortschritt/lernende/') == 25
    assert second.count('<th scope="row"><a href="/koordination/fortschritt/lernende/') == 8
    assert "Seite 1 von 2 · 33 Einträge" in first
    assert "Zusatz 29" in second and "Zusatz 29" not in first


def test_empty_organisation_says_so(client, login, make_organisation, make_user):
    login(make_user(roles=["coordinator"], organisation=make_organisation()))

    html = client.get(OVERVIEW).get_data(as_text=True)

    assert "Noch keine Lernenden in Ihrer Organisation." in html


def test_learners_without_activity_say_so(client, login, make_organisation, make_user):
    organisation = make_organisation()
    make_user(organisation=organisation)
    login(make_user(roles=["coordinator"], organisation=organisation))

    html = client.get(OVERVIEW).get_data(as_text=True)

    assert "Noch keine Lernaktivität." in html
    assert "noch keine" in html  # last activity column


def test_coordinator_without_organisation_gets_a_clear_message(client, login,
                                                               orphan_coordinator):
    login(orphan_coordinator)

    html = client.get(OVERVIEW).get_data(as_text=True)

    assert "Ihr Konto ist keiner Organisation zugeordnet." in html
    assert client.get(EXPORT).status_code == 404


def test_drill_down_shows_modules_courses_and_certificates(client, login, network,
                                                          record_course, issue_certificate):
    record_course(network.anna, network.course, Status.COMPLETED)
    issue_certificate(network.anna, network.course)
    login(network.coordinator)

    response = client.get(_learner_url(network.anna))
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "Lernfortschritt von Anna Ahrens" in html
    assert "Grundlagen des demografischen Wandels" in html and "bestanden" in html
    assert "90 %" in html and "0:30" in html
    assert "Demografie vor Ort" in html
    assert 'href="/nachweis/' in html


def test_drill_down_outside_the_organisation_is_not_found(client, login, network):
    login(network.coordinator)

    assert client.get(_learner_url(network.sven)).status_code == 404
    assert client.get(_learner_url(network.anna)).status_code == 200


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))


def test_csv_is_excel_ready_and_holds_only_the_own_organisation(client, login, network):
    login(network.coordinator)

    response = client.get(EXPORT)

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data().startswith(b"\xef\xbb\xbf")
    rows = _csv(response)
    assert rows[0] == ["Name", "E-Mail", "Modul", "Status", "Bester Punktwert (%)", "Testversuche",
                       "Lernzeit (Minuten)", "Begonnen am", "Letzte Aktivität am",
                       "Abgeschlossen am"]
    assert rows[1] == ["Anna Ahrens", "anna@nordstadt.de", "Grundlagen des demografischen Wandels",
                       "bestanden", "90", "1", "30", "22.11.2026", "22.11.2026", "22.11.2026"]
    assert [row[0] for row in rows[1:]] == ["Anna Ahrens", "Anna Ahrens", "Bernd Böhm",
                                           "Clara Claußen"]
    assert "Sven" not in response.get_data().decode("utf-8-sig")


def test_csv_follows_the_filters(client, login, network):
    login(network.coordinator)

    rows = _csv(client.get(EXPORT, query_string={"subject": f"m{network.grundlagen.id}",
                                                 "status": "failed"}))

    assert [row[:4] for row in rows[1:]] == [
        ["Bernd Böhm", "bernd@nordstadt.de", "Grundlagen des demografischen Wandels",
         "nicht bestanden"]]


def test_csv_defuses_formulas_in_names(client, login, network, make_user):
    make_user(name="=HYPERLINK(1)", organisation=network.north)
    login(network.coordinator)

    rows = _csv(client.get(EXPORT))

    assert [row[0] for row in rows if "HYPERLINK" in row[0]] == ["'=HYPERLINK(1)"]


def test_nav_shows_the_entry_to_coordinators_only(client, login, network):
    login(network.anna)
    assert "Lernfortschritt" not in client.get("/").get_data(as_text=True)
    client.post("/abmelden")

    login(network.coordinator)
    assert f'href="{OVERVIEW}"' in client.get("/").get_data(as_text=True)


def test_admin_choosing_an_empty_organisation_reads_this_organisation(client, login, make_user,
                                                                      make_organisation):
    empty = make_organisation()
    login(make_user(roles=["admin"]))

    html = client.get(OVERVIEW, query_string={"organisation": empty.id}).get_data(as_text=True)

    assert "Noch keine Lernenden in dieser Organisation." in html
