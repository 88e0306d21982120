"""Answering page elements: scored on the server, feedback at the element, recorded as xAPI."""

import pytest
from flask import current_app
from sqlalchemy import select

from lms.core.vocabulary import Verb
from lms.extensions import db
from lms.player.models import ElementResponse, NotebookEntry
from tests.packages.sample import RIGHT_ANSWERS

PAGE_OF = {"einfach": 1, "mehrfach": 1, "wahr": 1, "luecke": 1, "reihenfolge": 2, "zuordnung": 2}


@pytest.fixture
def launched(client, sample_module, learner):
    client.get("/lernen/probe-modul")
    client.get("/lernen/probe-modul/seite/1")
    return sample_module


def _answer(client, element_id: str, data: dict, page: int | None = None):
    page = page or PAGE_OF.get(element_id, 2)
    return client.post(f"/lernen/probe-modul/seite/{page}/antwort/{element_id}", data=data)


def _answered(statements: list[dict]) -> list[dict]:
    return [s for s in statements if s["verb"]["id"] == Verb.ANSWERED]


@pytest.mark.parametrize("element_id", sorted(RIGHT_ANSWERS))
def test_right_answer_redirects_to_the_feedback_and_shows_it(client, launched, element_id):
    response = _answer(client, element_id, RIGHT_ANSWERS[element_id])
    assert response.status_code == 302
    assert response.location.endswith(f"/seite/{PAGE_OF[element_id]}#el-{element_id}-feedback")
    html = client.get(response.location).get_data(as_text=True)
    assert f'id="el-{element_id}-feedback"' in html and "Richtig!" in html


def test_wrong_choice_shows_option_feedback_solution_and_explanation(client, launched):
    html = client.get(_answer(client, "einfach", {"einfach": "o1"}).location).get_data(as_text=True)
    assert "Noch nicht ganz richtig." in html
    assert "A ist falsch." in html
    assert "Richtig ist:" in html and "B ist richtig, weil es so im Text steht." in html


@pytest.mark.parametrize(
    ("element_id", "interaction_type", "pattern"),
    [
        ("einfach", "choice", ["o2"]),
        ("mehrfach", "choice", ["o1[,]o2"]),
        ("wahr", "true-false", ["true"]),
        (
            "luecke",
            "fill-in",
            ["{case_matters=false}Rufbus[,]Bürgerbus", "{case_matters=false}Anrufbus[,]Bürgerbus"],
        ),
        ("reihenfolge", "sequencing", ["i1[,]i2[,]i3"]),
        ("zuordnung", "matching", ["l1[.]r3[,]l2[.]r2[,]l3[.]r1"]),
    ],
)
def test_answer_is_recorded_with_interaction_definition_response_and_result(
    client, launched, learner, progress_of, statements_of, element_id, interaction_type, pattern
):
    _answer(client, element_id, RIGHT_ANSWERS[element_id])
    row = progress_of(learner, launched)
    base = current_app.config["BASE_URL"]
    statement = _answered(statements_of(row.registration))[-1]
    definition = statement["object"]["definition"]
    assert (
        statement["object"]["id"]
        == f"{base}/xapi/activities/module/probe-modul/interaction/{element_id}"
    )
    assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
    assert definition["interactionType"] == interaction_type
    assert definition["correctResponsesPattern"] == pattern
    assert statement["result"]["success"] is True and statement["result"]["score"]["scaled"] == 1.0
    assert statement["result"]["response"]
    assert statement["context"]["registration"] == row.registration
    assert statement["context"]["contextActivities"]["parent"][0]["id"].endswith(
        "/module/probe-modul"
    )


def test_matching_definition_lists_sources_and_targets(
    client, launched, learner, progress_of, statements_of
):
    _answer(client, "zuordnung", RIGHT_ANSWERS["zuordnung"])
    definition = _answered(statements_of(progress_of(learner, launched).registration))[-1][
        "object"
    ]["definition"]
    assert [c["id"] for c in definition["source"]] == ["l1", "l2", "l3"]
    assert [c["description"]["de-DE"] for c in definition["target"]] == [
        "Bund",
        "Gemeinde",
        "Landkreis",
    ]


def test_missing_answer_gets_a_message_and_stores_nothing(
    client, launched, learner, progress_of, statements_of
):
    response = _answer(client, "einfach", {})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert (
        "Bitte wählen Sie eine Antwort aus." in html
        and 'aria-describedby="el-einfach-error"' in html
    )
    assert db.session.scalar(select(ElementResponse)) is None
    assert not _answered(statements_of(progress_of(learner, launched).registration))


def test_saved_answer_is_shown_again_when_the_page_is_revisited(client, launched):
    _answer(client, "mehrfach", {"mehrfach": ["o1", "o3"]})
    html = client.get("/lernen/probe-modul/seite/1").get_data(as_text=True)
    assert 'id="mehrfach-o1" name="mehrfach" value="o1" checked' in html
    assert 'id="mehrfach-o2" name="mehrfach" value="o2">' in html


def test_element_of_another_page_is_not_found(client, launched):
    assert _answer(client, "einfach", RIGHT_ANSWERS["einfach"], page=2).status_code == 404
    assert _answer(client, "gibt-es-nicht", {}, page=1).status_code == 404


def test_self_check_shows_model_answer_then_takes_a_self_rating(
    client, launched, learner, progress_of, statements_of
):
    html = client.get(_answer(client, "selbst", {"selbst": "Die Geburtenzahl"}).location).get_data(
        as_text=True
    )
    assert "Die Altersstruktur." in html and "Wie gut lag Ihre Antwort?" in html
    registration = progress_of(learner, launched).registration
    assert not _answered(statements_of(registration))
    _answer(client, "selbst", {"rating": "teilweise"})
    statement = _answered(statements_of(registration))[-1]
    assert statement["object"]["definition"]["interactionType"] == "other"
    assert statement["result"]["response"] == "teilweise"
    assert "Geburtenzahl" not in str(statement)


def test_self_rating_without_a_choice_is_refused(client, launched):
    _answer(client, "selbst", {"selbst": "Meine Antwort"})
    response = _answer(client, "selbst", {"rating": "super"})
    assert response.status_code == 422
    assert "Bitte schätzen Sie sich mit einer der drei Antworten ein." in response.get_data(
        as_text=True
    )


def test_reflection_goes_to_the_private_notebook_not_into_the_statement(
    client, launched, learner, progress_of, statements_of
):
    _answer(client, "transfer", {"transfer": "Bei uns fehlt ein Rufbus am Abend."})
    entry = db.session.scalar(select(NotebookEntry))
    assert entry.user_id == learner.id and entry.text == "Bei uns fehlt ein Rufbus am Abend."
    statement = _answered(statements_of(progress_of(learner, launched).registration))[-1]
    assert "Rufbus am Abend" not in str(statement)
    html = client.get("/lernen/probe-modul/seite/2").get_data(as_text=True)
    assert (
        "Gespeichert in Ihrem Notizbuch." in html
        and "Bei uns fehlt ein Rufbus am Abend.</textarea>" in html
    )
