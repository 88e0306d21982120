"""The CSV export under every combination the filter form offers: organisation (admins),
module or course, status, sort and a search, checked against a model of the network's data."""

import csv
import io
from itertools import product

import pytest

from lms.progress.models import Status
from lms.reports.forms import SORT_CHOICES, STATUS_CHOICES

EXPORT = "/koordination/fortschritt.csv"
SEARCHES = ("", "ahrens", "NORDSTADT.DE")
GRUNDLAGEN = "Grundlagen des demografischen Wandels"
MOBILITAET = "Mobilität im ländlichen Raum"
DONE = {Status.COMPLETED, Status.PASSED}

# What the network holds (see tests.reports.builders.build_network, plus the course rows the
# fixture below adds): organisation, e-mail, module progress by title, course progress.
LEARNERS = {
    "Anna Ahrens": ("north", "anna@nordstadt.de",
                    {GRUNDLAGEN: Status.PASSED, MOBILITAET: Status.IN_PROGRESS},
                    Status.IN_PROGRESS),
    "Bernd Böhm": ("north", "bernd@nordstadt.de", {GRUNDLAGEN: Status.FAILED}, None),
    "Clara Claußen": ("north", "clara@nordstadt.de", {}, None),
    "Sven Südheimer": ("south", "sven@suedheim.de",
                       {GRUNDLAGEN: Status.COMPLETED, MOBILITAET: Status.COMPLETED},
                       Status.COMPLETED),
}
LABELS = {Status.PASSED: "bestanden", Status.IN_PROGRESS: "in Bearbeitung",
          Status.FAILED: "nicht bestanden", Status.COMPLETED: "abgeschlossen"}


def _keeps(status: str, subject: str, modules: dict, course: str | None) -> bool:
    """Whether the status filter keeps a learner (the page's own rule, written out)."""
    if subject == "course":
        states = [] if course is None else [course]
        in_progress = [s for s in states if s not in DONE]
    else:
        states = list(modules.values()) if subject == "" else (
            [modules[subject]] if subject in modules else [])
        in_progress = [s for s in states if s == Status.IN_PROGRESS]
    if status == "not_started":
        return not states
    if status == "in_progress":
        return bool(in_progress)
    if status == "done":
        return any(s in DONE for s in states)
    if status == "failed":
        return Status.FAILED in states
    return bool(states) or subject == ""


def expected_rows(organisation: str, subject: str, status: str, search: str) -> list[list[str]]:
    """Name, e-mail, module and status lines the export should hold, learners by name."""
    rows = []
    for name, (org, email, modules, course) in sorted(LEARNERS.items()):
        if organisation not in ("", org) or not _keeps(status, subject, modules, course):
            continue
        if search and search.lower() not in f"{name} {email}".lower():
            continue
        shown = {t: s for t, s in modules.items() if subject in ("", "course", t)}
        rows += [[name, email, title, LABELS[s]] for title, s in sorted(shown.items())] or [
            [name, email, "", "nicht begonnen"]]
    return rows


@pytest.fixture
def reporting(network, record_course):
    """The network with course progress: Anna is working on the course, Sven completed it."""
    record_course(network.anna, network.course, Status.IN_PROGRESS)
    record_course(network.sven, network.course, Status.COMPLETED)
    return network


def _subject_value(network, subject: str) -> str:
    return {"": "", "course": f"k{network.course.id}", GRUNDLAGEN: f"m{network.grundlagen.id}",
            MOBILITAET: f"m{network.mobilitaet.id}"}[subject]


def _export(client, arguments: dict) -> tuple[int, list[list[str]]]:
    response = client.get(EXPORT, query_string={k: v for k, v in arguments.items() if v})
    if response.status_code != 200:
        return response.status_code, []
    text = response.get_data().decode("utf-8-sig")
    return 200, [row[:4] for row in list(csv.reader(io.StringIO(text), delimiter=";"))[1:]]


SUBJECTS = ("", GRUNDLAGEN, MOBILITAET, "course")


def in_table_order(rows: list[list[str]], client, arguments: dict) -> list[list[str]]:
    """``rows`` with the learners in the order the page shows them for the same filters and
    sort (the rows of one learner keep their order)."""
    page = client.get("/koordination/fortschritt",
                      query_string={k: v for k, v in arguments.items() if v})
    html = page.get_data(as_text=True)
    position = {name: html.find(name) for name in LEARNERS}
    return sorted(rows, key=lambda row: position[row[0]])


@pytest.mark.parametrize("viewer", ["coordinator", "admin-all", "admin-north", "admin-south"])
def test_export_holds_what_every_filter_combination_asks_for(client, login, make_user,
                                                             reporting, viewer):
    if viewer == "coordinator":
        login(reporting.coordinator)
        organisation, chosen = "north", ""
    else:
        login(make_user(roles=["admin"]))
        organisation = viewer.removeprefix("admin-").replace("all", "")
        chosen = {"": "", "north": reporting.north.id, "south": reporting.south.id}[organisation]
    wrong = []
    for subject, status, sort, search in product(
            SUBJECTS, [c.value for c in STATUS_CHOICES], [c.value for c in SORT_CHOICES],
            SEARCHES):
        arguments = {"organisation": chosen, "subject": _subject_value(reporting, subject),
                     "status": status, "sort": sort, "q": search}
        code, rows = _export(client, arguments)
        expected = in_table_order(expected_rows(organisation, subject, status, search),
                                  client, arguments)
        if code != 200 or rows != expected:
            wrong.append((arguments, code, rows, expected))

    assert wrong == []


def test_course_filtered_export_lists_the_course_modules_of_its_learners(client, login,
                                                                         reporting):
    login(reporting.coordinator)

    code, rows = _export(client, {"subject": f"k{reporting.course.id}"})

    assert code == 200
    assert rows == [["Anna Ahrens", "anna@nordstadt.de", GRUNDLAGEN, "bestanden"],
                    ["Anna Ahrens", "anna@nordstadt.de", MOBILITAET, "in Bearbeitung"]]


def test_course_filtered_export_of_learners_who_have_not_started(client, login, reporting):
    login(reporting.coordinator)

    code, rows = _export(client, {"subject": f"k{reporting.course.id}",
                                  "status": "not_started"})

    assert code == 200
    assert rows == [["Bernd Böhm", "bernd@nordstadt.de", GRUNDLAGEN, "nicht bestanden"],
                    ["Clara Claußen", "clara@nordstadt.de", "", "nicht begonnen"]]


def test_the_export_lists_learners_in_the_chosen_order(client, login, reporting):
    login(reporting.coordinator)
    names = {}
    for sort in ("name", "aktivitaet", "aktivitaet-alt"):
        _code, rows = _export(client, {"sort": sort})
        names[sort] = list(dict.fromkeys(row[0] for row in rows))

    # Anna's latest activity is two days after Bernd's; Clara has none and comes last
    assert names == {"name": ["Anna Ahrens", "Bernd Böhm", "Clara Claußen"],
                     "aktivitaet": ["Anna Ahrens", "Bernd Böhm", "Clara Claußen"],
                     "aktivitaet-alt": ["Bernd Böhm", "Anna Ahrens", "Clara Claußen"]}
