"""The server's data model gives, call by call, the answers the specifications define (the
same cases run against the browser's adapter in tests/e2e/test_scorm_api.py)."""

import pytest

from lms.scorm.datamodel import MODELS, Cmi, CmiError, model_table
from lms.scorm.datamodel.types import RESPONSES
from tests.scorm.api_cases import CASES

GET = {"LMSGetValue", "GetValue"}
SET = {"LMSSetValue", "SetValue"}
START = {"LMSInitialize", "Initialize"}
END = {"LMSFinish", "Terminate"}
LMS_VALUES = {"1.2": {"cmi.core.entry": "ab-initio", "cmi.core.student_id": "abc123"},
              "2004": {"cmi.learner_id": "abc123", "cmi.entry": "ab-initio"}}


def _call(cmi: Cmi, function: str, arguments: list) -> tuple[str, str]:
    try:
        if function in GET:
            return cmi.get(arguments[0]), "0"
        cmi.set(*arguments)
        return "true", "0"
    except CmiError as error:
        return ("" if function in GET else "false"), error.code


def _running_cases(version: str):
    """The GetValue/SetValue cases between a successful start and end of the session."""
    running, found = False, []
    for number, (function, arguments, result, code) in enumerate(CASES[version]):
        if function in START and result == "true":
            running = True
        elif function in END and result == "true":
            running = False
        elif running and function in GET | SET:
            found.append((number, function, arguments, result, code))
    return found


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_every_get_and_set_answers_as_the_specification_says(version):
    cmi = Cmi(MODELS[version], dict(LMS_VALUES[version]))
    problems = []
    for number, function, arguments, result, code in _running_cases(version):
        got, got_code = _call(cmi, function, arguments)
        if got_code != code or (result is not None and got != result):
            problems.append(f"#{number} {function}{tuple(a[:40] for a in arguments)}: "
                            f"{got[:40]!r}/{got_code}, expected {str(result)[:40]!r}/{code}")
    assert not problems, "\n".join(problems)


def test_a_failed_set_changes_nothing():
    cmi = Cmi(MODELS["2004"])
    cmi.set("cmi.interactions.0.id", "q1")
    before = (dict(cmi.values), dict(cmi.counts))

    with pytest.raises(CmiError):
        cmi.set("cmi.interactions.1.type", "choice")

    assert (cmi.values, cmi.counts) == before


@pytest.mark.parametrize("threshold, measure, own, expected", [
    (None, None, "incomplete", "incomplete"),
    ("0.8", None, "completed", "unknown"),
    ("0.8", "0.9", "incomplete", "completed"),
    ("0.8", "0.5", "completed", "incomplete"),
])
def test_completion_status_follows_the_threshold(threshold, measure, own, expected):
    values = {"cmi.completion_status": own}
    if threshold:
        values["cmi.completion_threshold"] = threshold
    if measure:
        values["cmi.progress_measure"] = measure
    assert Cmi(MODELS["2004"], values).get("cmi.completion_status") == expected


@pytest.mark.parametrize("passing, scaled, expected", [
    ("0.7", "0.75", "passed"), ("0.7", "0.5", "failed"), ("0.7", None, "unknown")])
def test_success_status_follows_the_passing_score(passing, scaled, expected):
    values = {"cmi.scaled_passing_score": passing, "cmi.success_status": "passed"}
    if scaled:
        values["cmi.score.scaled"] = scaled
    assert Cmi(MODELS["2004"], values).get("cmi.success_status") == expected


def test_navigation_answers_request_valid():
    cmi = Cmi(MODELS["2004"], navigation={"continue": "true", "previous": "false",
                                          "choice": {"item_2": "true"}})

    assert cmi.get("adl.nav.request_valid.continue") == "true"
    assert cmi.get("adl.nav.request_valid.previous") == "false"
    assert cmi.get("adl.nav.request_valid.choice.{target=item_2}") == "true"


def test_the_table_for_the_browser_carries_every_rule():
    table = model_table(MODELS["2004"])

    assert table["elements"]["cmi.suspend_data"] == {"access": "rw", "max": 64000}
    assert table["elements"]["cmi.exit"]["access"] == "wo"
    assert table["codes"]["dependency"] == "408"
    assert set(table["responses"]) == set(RESPONSES)
    assert model_table(MODELS["1.2"])["elements"]["cmi.suspend_data"]["max"] == 4096
