"""Server-side scoring of every scorable element kind, and reading answers from forms."""

import re

import pytest

from lms.packages.native import load_module
from lms.player.scoring import AnswerError, answer_fits, parse_answer, score, shuffled
from tests.packages.sample import RIGHT_ANSWERS, write_module


@pytest.fixture
def elements(tmp_path) -> dict:
    result = load_module(write_module(tmp_path))
    return {
        s["element"]["id"]: s["element"]
        for p in result.content["pages"]
        for s in p["segments"]
        if s["type"] == "element"
    }


def _form(data: dict) -> dict[str, list[str]]:
    return {key: value if isinstance(value, list) else [value] for key, value in data.items()}


@pytest.mark.parametrize("element_id", sorted(RIGHT_ANSWERS))
def test_right_answers_score_correct(elements, element_id):
    element = elements[element_id]
    assert score(element, parse_answer(element, _form(RIGHT_ANSWERS[element_id]))).correct


@pytest.mark.parametrize(
    ("element_id", "wrong"),
    [
        ("einfach", {"einfach": "o1"}),
        ("mehrfach", {"mehrfach": ["o1"]}),
        ("mehrfach", {"mehrfach": ["o1", "o2", "o3"]}),
        ("wahr", {"wahr": "false"}),
        ("luecke", {"luecke-gap-1": "Rufbus", "luecke-gap-2": "Linienbus"}),
        (
            "reihenfolge",
            {"reihenfolge-pos-i1": "2", "reihenfolge-pos-i2": "1", "reihenfolge-pos-i3": "3"},
        ),
        (
            "zuordnung",
            {"zuordnung-match-l1": "r1", "zuordnung-match-l2": "r2", "zuordnung-match-l3": "r3"},
        ),
    ],
)
def test_wrong_answers_score_wrong(elements, element_id, wrong):
    element = elements[element_id]
    assert not score(element, parse_answer(element, _form(wrong))).correct


def test_fill_in_ignores_case_and_surrounding_space_and_accepts_alternatives(elements):
    element = elements["luecke"]
    outcome = score(
        element,
        parse_answer(element, _form({"luecke-gap-1": "  ANRUFBUS ", "luecke-gap-2": "bürgerbus"})),
    )
    assert outcome.correct and outcome.details["gaps"] == [True, True]


def test_fill_in_reports_each_gap(elements):
    element = elements["luecke"]
    outcome = score(
        element, parse_answer(element, _form({"luecke-gap-1": "Taxi", "luecke-gap-2": "Bürgerbus"}))
    )
    assert outcome.details["gaps"] == [False, True]


def test_ordering_reports_each_row(elements):
    element = elements["reihenfolge"]
    answer = parse_answer(
        element,
        _form({"reihenfolge-pos-i1": "1", "reihenfolge-pos-i2": "3", "reihenfolge-pos-i3": "2"}),
    )
    assert answer["order"] == ["i1", "i3", "i2"]
    assert score(element, answer).details["rows"] == [True, False, False]


@pytest.mark.parametrize(
    ("element_id", "form", "message"),
    [
        ("einfach", {}, "Bitte wählen Sie eine Antwort aus."),
        ("einfach", {"einfach": "o9"}, "Bitte wählen Sie eine Antwort aus."),
        ("mehrfach", {"mehrfach": ["x"]}, "Bitte wählen Sie mindestens eine Antwort aus."),
        ("wahr", {"wahr": "vielleicht"}, "Bitte wählen Sie „richtig“ oder „falsch“."),
        ("luecke", {"luecke-gap-1": " "}, "Bitte füllen Sie die Lücken aus."),
        (
            "reihenfolge",
            {"reihenfolge-pos-i1": "1", "reihenfolge-pos-i2": "1", "reihenfolge-pos-i3": "2"},
            "Jede Position darf nur einmal vergeben werden.",
        ),
        (
            "reihenfolge",
            {"reihenfolge-pos-i1": "1"},
            "Bitte geben Sie jedem Schritt eine Position.",
        ),
        (
            "zuordnung",
            {"zuordnung-match-l1": "r7"},
            "Bitte ordnen Sie jeder Zeile eine Antwort zu.",
        ),
        ("selbst", {"selbst": "   "}, "Bitte schreiben Sie zuerst Ihre Antwort auf."),
        (
            "transfer",
            {"transfer": "x" * 10001},
            "Die Antwort ist zu lang (höchstens 10.000 Zeichen).",
        ),
        (
            "luecke",
            {"luecke-gap-1": "x" * 201, "luecke-gap-2": "Bürgerbus"},
            "Eine Lücke ist zu lang (höchstens 200 Zeichen).",
        ),
    ],
)
def test_unusable_answers_get_a_german_message(elements, element_id, form, message):
    with pytest.raises(AnswerError, match=re.escape(message)):
        parse_answer(elements[element_id], _form(form))


def test_shuffle_is_stable_per_seed_and_never_the_original_order():
    values = ["a", "b", "c", "d"]
    assert shuffled(values, "seed-1") == shuffled(values, "seed-1")
    assert all(shuffled(values, f"seed-{n}") != values for n in range(50))


@pytest.mark.parametrize(
    ("element_id", "saved"),
    [
        ("einfach", {"choice": "o9"}),
        ("mehrfach", {"choices": ["o1", "o7"]}),
        ("luecke", {"gaps": ["nur eine"]}),
        ("reihenfolge", {"order": ["i1", "i2"]}),
        ("zuordnung", {"matches": {"l1": "r1"}}),
    ],
)
def test_answers_saved_for_another_version_do_not_fit(elements, element_id, saved):
    assert not answer_fits(elements[element_id], saved)


@pytest.mark.parametrize("element_id", sorted(RIGHT_ANSWERS))
def test_parsed_answers_fit(elements, element_id):
    element = elements[element_id]
    assert answer_fits(element, parse_answer(element, _form(RIGHT_ANSWERS[element_id])))
