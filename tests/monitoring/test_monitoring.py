"""Network monitoring: for admins and the network office only; groups of fewer than five
people appear only merged or as "< 5"; nothing names a learner."""

from collections import Counter
from datetime import timedelta

import pytest

from lms.core.models import utcnow
from lms.monitoring import services
from lms.monitoring.small_groups import shown
from lms.progress.models import Status
from lms.reports import services as reports
from lms.reports.activity import add_days
from tests.certificates.builders import build_module
from tests.reports.builders import record_progress_row

PAGE = "/netzwerk/monitoring"
TODAY = utcnow().date()


@pytest.fixture
def network(make_organisation, make_user):
    """Großstadt (6 learners) and Kleinort (2 learners) in Niedersachsen, Bergdorf (3) in
    Bayern; every learner active today; two completions in Kleinort."""
    big = make_organisation(name="Großstadt", state_code="03", ags="03100001")
    small = make_organisation(name="Kleinort", state_code="03", ags="03100002")
    mountain = make_organisation(name="Bergdorf", state_code="09", ags="09100003")
    people = {organisation.name: [make_user(organisation=organisation,
                                            name=f"{organisation.name} {n}")
                                  for n in range(size)]
              for organisation, size in ((big, 6), (small, 2), (mountain, 3))}
    add_days(Counter({(user.xapi_name, TODAY): 1 for users in people.values()
                      for user in users}))
    module = build_module("Kleines Modul")
    for user in people["Kleinort"]:
        record_progress_row(user, module, Status.COMPLETED, at=utcnow() - timedelta(days=1))
    return people


@pytest.mark.parametrize(("count", "text"), [(0, "0"), (1, "< 5"), (4, "< 5"), (5, "5")])
def test_counts_of_fewer_than_five_people_read_less_than_five(count, text):
    assert shown(count) == text


def test_small_organisations_appear_only_merged(network):
    counts = services.per_organisation(TODAY)
    rows = {row.name: row for row in services.participation_by_organisation(counts)}

    assert set(rows) == {"Großstadt", "Organisationen mit weniger als 5 Lernenden"}
    merged = rows["Organisationen mit weniger als 5 Lernenden"]
    assert (merged.learners, merged.active, merged.merged) == ("5", "5", 2)
    assert (rows["Großstadt"].learners, rows["Großstadt"].rate) == ("6", 1.0)


def test_small_laender_appear_only_merged(network):
    counts = services.per_organisation(TODAY)
    rows = {row.name: row for row in services.participation_by_state(counts)}

    assert set(rows) == {"Niedersachsen", "Weitere Länder und ohne Angabe"}
    assert rows["Niedersachsen"].learners == "8"
    assert rows["Weitere Länder und ohne Angabe"].learners == "< 5"
    assert rows["Weitere Länder und ohne Angabe"].rate is None


def test_a_module_finished_by_few_shows_no_exact_counts(network):
    [rate] = services.module_rates(reports.modules(), TODAY)

    assert (rate.started, rate.completed, rate.rate) == ("< 5", "< 5", None)


def test_weeks_with_few_active_learners_are_drawn_as_nothing(make_organisation, make_user):
    organisation = make_organisation()
    user = make_user(organisation=organisation)
    add_days(Counter({(user.xapi_name, TODAY): 3}))

    chart = services.active_by_week(TODAY)

    assert (chart.points[-1].value, chart.points[-1].shown) == (0, "< 5")


@pytest.mark.parametrize(("roles", "status"), [
    (["network"], 200), (["admin"], 200), (["coordinator"], 403), ([], 403)])
def test_who_may_open_the_monitoring(client, login, make_user, make_organisation, network,
                                     roles, status):
    login(make_user(roles=roles, organisation=make_organisation()))

    assert client.get(PAGE).status_code == status


def test_the_page_names_no_learner(client, login, make_user, network):
    login(make_user(roles=["network"]))

    html = client.get(PAGE).get_data(as_text=True)

    assert "Großstadt" in html and "Organisationen mit weniger als 5 Lernenden" in html
    assert "Kleinort" not in html and "Bergdorf" not in html
    assert not any(user.name in html for users in network.values() for user in users)


def test_the_network_office_sees_the_menu_entry_but_no_coordination(client, login,
                                                                     make_user):
    login(make_user(roles=["network"]))

    home = client.get("/").get_data(as_text=True)

    assert f'href="{PAGE}"' in home
    assert client.get("/koordination/fortschritt").status_code == 403
