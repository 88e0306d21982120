"""Reading a wiki page becomes an xAPI statement, with the module that led there."""

import pytest

from lms.core.vocabulary import ActivityType, Verb
from lms.resources import tracking
from lms.xapi import services as xapi

WIKI_IRI = "http://lernraum.test/xapi/activities/wiki/buergerbus-gruenden"


@pytest.fixture
def page(make_page, make_user):
    return make_page(user=make_user(roles=["author"]))


def _statements():
    statements, _more = xapi.query_statements(activity=WIKI_IRI)
    return statements


def test_learner_read_is_recorded(client, login, make_user, page):
    learner = make_user()
    login(learner)
    assert client.get("/wiki/buergerbus-gruenden").status_code == 200
    [statement] = _statements()
    assert statement["actor"]["account"] == {"homePage": "http://lernraum.test",
                                             "name": learner.xapi_name}
    assert statement["verb"]["id"] == Verb.READ
    assert statement["object"]["definition"] == {"name": {"de-DE": "Einen Bürgerbus gründen"},
                                                 "type": ActivityType.ARTICLE}
    assert "contextActivities" not in statement.get("context", {})


def test_module_that_pointed_here_is_the_parent(client, login, make_user, make_module, page):
    make_module("mobilitaet", wiki=["buergerbus-gruenden"])
    login(make_user())
    client.get("/wiki/buergerbus-gruenden?von=modul:mobilitaet")
    [statement] = _statements()
    assert statement["context"]["contextActivities"]["parent"] == [
        {"id": "http://lernraum.test/xapi/activities/module/mobilitaet", "objectType": "Activity"}
    ]


@pytest.mark.parametrize("came_from", ["modul:gibt-es-nicht", "kurs:gibt-es-nicht",
                                       "http://evil.example", "modul:"])
def test_unknown_referrer_is_ignored(client, login, make_user, page, came_from):
    login(make_user())
    client.get(f"/wiki/buergerbus-gruenden?von={came_from}")
    [statement] = _statements()
    assert "contextActivities" not in statement.get("context", {})


def test_anonymous_read_is_not_recorded(client, page):
    assert client.get("/wiki/buergerbus-gruenden").status_code == 200
    assert _statements() == []


def test_failing_lrs_does_not_break_the_page(client, login, make_user, page, monkeypatch,
                                             caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("LRS kaputt")

    monkeypatch.setattr(tracking.xapi, "record_statements", broken)
    login(make_user())
    response = client.get("/wiki/buergerbus-gruenden")
    assert response.status_code == 200
    assert "Einen Bürgerbus gründen" in response.get_data(as_text=True)
    assert "konnte nicht gespeichert werden" in caplog.text
