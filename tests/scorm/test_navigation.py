"""Navigation between SCOs: previous/next in flow order, choice from the table of contents,
the SCORM 2004 control modes (choice, flow, forwardOnly), isvisible, hideLMSUI, rollup."""

import pytest

from lms.scorm.navigation import navigation, start_key
from tests.packages.scorm_builders import item, resource, scorm_zip, sequencing
from tests.scorm.adapter import launch, unit_key
from tests.scorm.conftest import publish


def _resources(*names, version="2004-3"):
    return tuple(resource(f"res_{n}", f"{n}.html", version=version) for n in names)


@pytest.fixture
def guided(app):
    """Chapter A (no choice, forward only) with a1, a2; a hidden b; a free c."""
    chapter = item("kapitel_a", "Kapitel A", None, item("a1", "A eins", "res_a1"),
                   item("a2", "A zwei", "res_a2"),
                   extra=sequencing(choice=False, flow=True, forward_only=True))
    return publish(scorm_zip(
        chapter, item("b", "Verborgen", "res_b", attributes='isvisible="false"'),
        item("c", "Frei", "res_c", extra='<adlnav:presentation><adlnav:navigationInterface>'
                                         "<adlnav:hideLMSUI>continue</adlnav:hideLMSUI>"
                                         "</adlnav:navigationInterface></adlnav:presentation>"),
        version="2004-3", resources=_resources("a1", "a2", "b", "c"),
        pages=("a1.html", "a2.html", "b.html", "c.html"),
        organization_extra=sequencing(choice=True, flow=True)))


def test_choice_follows_the_control_modes_and_visibility(client, learner, guided):
    html = client.get(f"/lernen/{guided.slug}/einheiten").text

    assert 'value="choice">Frei</button>' in html
    assert '<span class="scorm-toc__entry scorm-toc__entry--plain">A eins</span>' in html
    assert "Verborgen" not in html


def test_a_choice_the_package_forbids_is_refused(client, learner, guided):
    response = launch(client, guided, "a2", nav="choice", expect=302)

    assert response.headers["Location"].endswith(f"/lernen/{guided.slug}/einheiten")
    page = client.get(response.headers["Location"]).text
    assert "lässt sich im Inhaltsverzeichnis nicht wählen" in page


def test_start_leads_to_the_first_unit_and_flow_continues_through_hidden_items(
        client, learner, guided):
    first = launch(client, guided, "a1", nav="start")
    assert first.start()["navigation"]["continue"] == "true"
    assert 'value="continue"' in first.html

    second = launch(client, guided, "a2", nav="continue")
    assert 'value="previous"' not in second.html  # forwardOnly

    assert launch(client, guided, "a1", nav="previous", expect=302).status_code == 302
    hidden = launch(client, guided, "b", nav="continue")
    assert 'aria-current="page"' not in hidden.html  # b is not in the table of contents


def test_continue_must_lead_to_the_next_unit(client, learner, guided):
    launch(client, guided, "a1", nav="start")

    response = launch(client, guided, "c", nav="continue", expect=302)

    assert response.status_code == 302


def test_hide_lms_ui_removes_the_players_button(client, learner, guided):
    adapter = launch(client, guided, "c", nav="choice")

    assert 'data-move="continue"' not in adapter.html
    assert 'data-move="previous"' in adapter.html


def test_the_adapter_learns_which_requests_are_valid(client, learner, guided):
    state = launch(client, guided, "c", nav="choice").start()

    assert state["navigation"]["choice"] == {"a1": "false", "a2": "false", "b": "false",
                                             "c": "true"}
    assert state["navigation"]["continue"] == "false"


def test_scorm_12_lets_learners_choose_everything(client, learner, scorm12):
    html = client.get(f"/lernen/{scorm12.slug}/einheiten").text

    for title in ("Einführung", "Vertiefung", "Abschlusstest"):
        assert f'value="choice">{title}</button>' in html
    adapter = launch(client, scorm12, "vertiefung")
    assert 'value="previous"' in adapter.html and 'value="continue"' in adapter.html


def test_without_flow_there_is_no_next(app):
    data = scorm_zip(item("x", "X", "res_x"), item("y", "Y", "res_y"), version="2004-3",
                     resources=_resources("x", "y"), pages=("x.html", "y.html"))
    module = publish(data)
    content = module.current_version.content

    nav = navigation(content["structure"], content["units"], {},
                     unit_key(module, "x"))

    assert nav.next is None and nav.previous is None
    assert nav.choosable == {unit_key(module, "x"), unit_key(module, "y")}


def test_clusters_roll_up_completion_and_success(app, scorm12):
    content = scorm12.current_version.content
    intro, more = unit_key(scorm12, "intro"), unit_key(scorm12, "vertiefung")

    partly = navigation(content["structure"], content["units"],
                        {intro: {"status": "completed"}}, None)
    fully = navigation(content["structure"], content["units"],
                       {intro: {"status": "passed"}, more: {"status": "completed"}}, None)

    assert partly.toc[0].status == "incomplete"
    assert fully.toc[0].status == "completed"
    assert not fully.done


def test_start_prefers_the_suspended_then_the_first_open_unit(app, scorm12):
    content = scorm12.current_version.content
    intro, quiz = unit_key(scorm12, "intro"), unit_key(scorm12, "quiz")
    done = {intro: {"completed": True}}

    assert start_key(content["structure"], content["units"], done, None) == \
        unit_key(scorm12, "vertiefung")
    assert start_key(content["structure"], content["units"], done, quiz) == quiz
