"""The final test: threshold, attempt limit, per-attempt shuffling, feedback, and its statements."""

import re

import pytest
from flask import current_app
from sqlalchemy import select

from lms.core.vocabulary import Verb
from lms.extensions import db
from lms.packages.importing import sync_modules
from lms.player.models import QuizAttempt
from lms.progress.models import Status
from tests.packages.sample import QUIZ_RIGHT, QUIZ_WRONG, write_module


@pytest.fixture
def in_module(client, sample_module, learner):
    client.get("/lernen/probe-modul")
    return sample_module


def _start(client) -> str:
    response = client.post("/lernen/probe-modul/test")
    assert response.status_code == 302
    return response.location


def _submit(client, data: dict):
    url = _start(client)
    return url, client.post(url, data=data)


def _question_order(html: str) -> list[str]:
    return re.findall(r'<li class="element element--[a-z-]+" id="q-([a-z-]+)"', html)


def test_quiz_page_explains_threshold_and_attempts(client, in_module):
    html = client.get("/lernen/probe-modul/test").get_data(as_text=True)
    assert "60 %" in html and "unbegrenzt" in html and "Test starten" in html


def test_failed_attempt_is_scored_and_shows_feedback_per_answer(
    client, in_module, learner, progress_of
):
    url, response = _submit(client, QUIZ_WRONG)
    assert response.location.endswith(url)
    html = client.get(url).get_data(as_text=True)
    assert "0 von 3 Punkten (0 %)" in html and "Nicht bestanden." in html
    assert html.count("Noch nicht ganz richtig.") == 3
    assert "Neuen Versuch starten" in html
    row = progress_of(learner, in_module)
    assert row.status == Status.FAILED and row.attempts == 1 and row.best_score == 0.0


def test_second_attempt_passes_and_records_passed_with_scaled_score(
    client, in_module, learner, progress_of, statements_of
):
    _submit(client, QUIZ_WRONG)
    url, _ = _submit(client, QUIZ_RIGHT)
    assert url.endswith("/test/2")
    html = client.get(url).get_data(as_text=True)
    assert "3 von 3 Punkten (100 %)" in html and "Bestanden" in html
    row = progress_of(learner, in_module)
    assert row.attempts == 2 and row.best_score == 1.0 and row.quiz_passed
    verdicts = [
        (s["verb"]["id"], s["result"]["score"]["scaled"])
        for s in statements_of(row.registration)
        if s["object"]["id"].endswith("/quiz")
    ]
    assert verdicts == [(Verb.FAILED, 0.0), (Verb.PASSED, 1.0)]


def test_two_of_three_reaches_the_threshold(client, in_module, learner, progress_of):
    _submit(client, {**QUIZ_RIGHT, "q-drei-gap-1": "Bonn"})
    assert progress_of(learner, in_module).quiz_passed


def test_quiz_answers_carry_the_attempt_number(
    client, in_module, learner, progress_of, statements_of
):
    _submit(client, QUIZ_RIGHT)
    row = progress_of(learner, in_module)
    answered = [s for s in statements_of(row.registration) if s["verb"]["id"] == Verb.ANSWERED]
    base = current_app.config["BASE_URL"]
    assert len(answered) == 3
    assert all(
        s["context"]["extensions"][f"{base}/xapi/activities/extensions/attempt"] == 1
        for s in answered
    )


def test_unanswered_questions_are_listed_and_nothing_is_stored(
    client, in_module, learner, progress_of
):
    url = _start(client)
    response = client.post(url, data={"q-eins": "o1"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Bitte beantworten Sie alle Fragen" in html and 'href="#q-q-zwei"' in html
    assert 'value="o1" checked' in html
    attempt = db.session.scalar(select(QuizAttempt))
    assert attempt.submitted_at is None
    assert progress_of(learner, in_module).attempts == 0


def test_error_summary_numbers_questions_as_the_form_shows_them(client, in_module):
    url = _start(client)
    shown = re.findall(r'<li class="element[^"]*" id="q-([\w-]+)"', client.get(url).text)
    first = shown[0]
    answer = {key: value for key, value in QUIZ_RIGHT.items() if key.startswith(first)}

    html = client.post(url, data=answer).get_data(as_text=True)

    assert f'href="#q-{first}"' not in html.split("<form")[0]
    for number, question in enumerate(shown[1:], start=2):
        assert f'href="#q-{question}">Frage {number}:' in html


def test_submitted_attempt_cannot_be_submitted_again(client, in_module, learner, progress_of):
    url, _ = _submit(client, QUIZ_WRONG)
    client.post(url, data=QUIZ_RIGHT)
    assert progress_of(learner, in_module).attempts == 1


def test_attempt_limit_stops_further_attempts(app, client, learner, tmp_path, progress_of):
    write_module(tmp_path, max_attempts=1)
    sync_modules(tmp_path)
    client.get("/lernen/probe-modul")
    _submit(client, QUIZ_WRONG)
    response = client.post("/lernen/probe-modul/test", follow_redirects=True)
    assert "Sie haben alle Versuche für diesen Abschlusstest genutzt." in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(db.func.count()).select_from(QuizAttempt)) == 1


def test_question_order_is_stable_for_an_attempt(client, in_module):
    url = _start(client)
    first = _question_order(client.get(url).get_data(as_text=True))
    assert sorted(first) == ["q-drei", "q-eins", "q-zwei"]
    assert _question_order(client.get(url).get_data(as_text=True)) == first


def test_attempts_get_their_own_order(client, in_module):
    orders = set()
    for _ in range(6):
        url = _start(client)
        orders.add(tuple(_question_order(client.get(url).get_data(as_text=True))))
        client.post(url, data=QUIZ_WRONG)
    assert len(orders) > 1


def test_passing_after_all_pages_completes_the_module(
    client, in_module, learner, progress_of, statements_of
):
    client.get("/lernen/probe-modul/seite/1")
    client.get("/lernen/probe-modul/seite/2")
    url, _ = _submit(client, QUIZ_RIGHT)
    row = progress_of(learner, in_module)
    assert row.status == Status.PASSED and row.completed_at is not None
    assert [s["verb"]["id"] for s in statements_of(row.registration)][-1] == Verb.COMPLETED
    assert "Zum Modulabschluss" in client.get(url).get_data(as_text=True)
    assert "Geschafft: Modul abgeschlossen" in client.get("/lernen/probe-modul/abschluss").get_data(
        as_text=True
    )
