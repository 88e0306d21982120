"""Catalogue, module, course and plan pages: who may see them, what they show, what POSTs do."""

import re
from datetime import date

import pytest

from lms.catalog import queries, services
from lms.catalog.models import PlanEntry
from lms.extensions import db
from lms.progress.models import ModuleProgress, Status
from lms.seminars.models import Seminar
from lms.wiki.models import WikiPage
from tests.catalog.conftest import add_version


@pytest.fixture
def catalogue(make_module, make_course):
    """Two modules in a course: a required one and an elective with a prerequisite."""
    grundlagen = make_module(
        "grundlagen",
        title="Grundlagen des Wandels",
        topics=["daten-strategie"],
        minutes=40,
        summary="Zahlen lesen.",
    )
    mobil = make_module(
        "mobilitaet",
        title="Mobilität vor Ort",
        topics=["mobilitaet"],
        minutes=50,
        prerequisites=["grundlagen"],
        wiki=["buergerbus-gruenden"],
        seminars=["mobilitaet-2025-03"],
        objectives=["Sie kennen drei flexible Angebote."],
    )
    make_course(required=[grundlagen], electives=[mobil], electives_needed=1)
    return grundlagen, mobil


def _text(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", response.get_data(as_text=True))


@pytest.mark.parametrize("url", ["/module", "/module/mobilitaet", "/kurse/demografie-vor-ort", "/"])
def test_public_pages_need_no_login(client, catalogue, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/lernplan"),
        ("post", "/lernplan/mobilitaet"),
        ("post", "/lernplan/mobilitaet/entfernen"),
        ("post", "/kurse/demografie-vor-ort/lernplan"),
    ],
)
def test_plan_needs_login(client, catalogue, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert "/anmelden" in response.headers["Location"]


@pytest.mark.parametrize("url", ["/module/gibt-es-nicht", "/kurse/gibt-es-nicht"])
def test_unknown_pages_are_404(client, url):
    assert client.get(url).status_code == 404


def test_unpublished_module_is_404(client, make_module):
    make_module("entwurf", published=False)
    assert client.get("/module/entwurf").status_code == 404


def test_catalogue_lists_modules_and_the_course(client, catalogue):
    text = _text(client.get("/module"))
    assert "2 Module gefunden" in text
    assert "Mobilität vor Ort" in text and "Demografischen Wandel vor Ort gestalten" in text
    assert (
        "das Pflichtmodul und 1 von 1 Wahlmodulen" not in text
    )  # all electives needed reads "das Wahlmodul"
    assert "das Pflichtmodul und das Wahlmodul" in text


def test_catalogue_filters_by_topic(client, catalogue):
    text = _text(client.get("/module?thema=mobilitaet"))
    assert "1 Modul gefunden" in text and "Grundlagen des Wandels" not in text


def test_catalogue_names_the_active_filters(client, catalogue):
    text = _text(client.get("/module?thema=mobilitaet&dauer=45-60&q=Mobil"))
    assert "Ihre Auswahl: Suche „Mobil“ · Thema: Mobilität · Dauer: 45–60 Min." in text


def test_catalogue_search(client, catalogue):
    text = _text(client.get("/module?q=flexible+angebote"))
    assert "1 Modul gefunden" in text and "Mobilität vor Ort" in text


def test_catalogue_empty_state_offers_reset(client, catalogue):
    text = _text(client.get("/module?q=raumfahrt"))
    assert "Keine Module passen zu Ihren Filtern." in text
    assert 'href="/module">Alle Filter zurücksetzen' in text


def test_empty_catalogue_says_so_without_blaming_filters(client):
    text = _text(client.get("/module"))
    assert "Im Katalog sind noch keine Module veröffentlicht." in text
    assert "Keine Module passen" not in text


def test_unknown_filter_value_gets_a_german_error_and_is_ignored(client, catalogue):
    text = _text(client.get("/module?thema=erfunden"))
    assert "Diesen Wert gibt es nicht." in text
    assert "2 Module gefunden" in text


def test_too_long_search_gets_a_german_error(client, catalogue):
    text = _text(client.get("/module?q=" + "x" * 101))
    assert "Bitte höchstens 100 Zeichen eingeben." in text


def test_catalogue_paginates_after_24_modules_and_keeps_filters(client, make_module):
    for n in range(30):
        make_module(f"modul-{n:02d}", title=f"Modul {n:02d}", topics=["wohnen"])
    first = _text(client.get("/module?thema=wohnen"))
    assert first.count('class="module-card"') == 24
    assert (
        "/module?seite=2&amp;thema=wohnen" in first or "/module?thema=wohnen&amp;seite=2" in first
    )
    second = _text(client.get("/module?thema=wohnen&seite=2"))
    assert second.count('class="module-card"') == 6


def test_cards_show_progress_and_plan_buttons_to_learners(
    client, login, make_user, catalogue, make_progress
):
    user = make_user()
    grundlagen, mobil = catalogue
    services.add_to_plan(user.id, mobil)
    make_progress(user, grundlagen, pages_seen=[1, 2])
    login(user)
    text = _text(client.get("/module"))
    assert "2 von 4 Seiten" in text
    assert 'aria-label="Vom Lernplan nehmen: Mobilität vor Ort"' in text
    assert 'aria-label="Auf meinen Lernplan: Grundlagen des Wandels"' in text


def test_cards_and_plan_count_the_units_of_a_package_not_pages(
    client, login, make_user, make_module, make_progress
):
    user = make_user()
    kurs = make_module("geologie", kind="cmi5", pages=8, title="Einführung in die Geologie")
    make_progress(user, kurs, pages_seen=[1, 2, 8])
    login(user)
    for url in ("/module", "/module/geologie", "/lernplan"):
        text = _text(client.get(url))
        assert "3 von 8 Lerneinheiten" in text, url
        assert "von 8 Seiten" not in text, url


def test_anonymous_cards_have_no_plan_buttons(client, catalogue):
    assert "Auf meinen Lernplan" not in _text(client.get("/module"))


def test_module_page_shows_what_completion_requires(client, catalogue):
    text = _text(client.get("/module/mobilitaet"))
    assert (
        "Alle 4 Seiten ansehen und den Abschlusstest mit mindestens 80\u00a0% bestehen; 3 Versuche."
        in text
    )
    assert "Sie kennen drei flexible Angebote." in text
    assert "1 Fortbildungsstunde" in text


def test_module_page_links_prerequisites_and_courses(client, catalogue):
    text = _text(client.get("/module/mobilitaet"))
    assert '<a href="/module/grundlagen">Grundlagen des Wandels</a>' in text
    assert '<a href="/kurse/demografie-vor-ort">Demografischen Wandel vor Ort gestalten</a>' in text


def test_module_page_links_related_wiki_pages_and_seminars_with_their_module(client, catalogue):
    db.session.add(
        WikiPage(slug="buergerbus-gruenden", title="Einen Bürgerbus gründen", kind="leitfaden")
    )
    db.session.add(
        Seminar(slug="mobilitaet-2025-03", title="Mobil im Alter", held_on=date(2025, 3, 12))
    )
    db.session.commit()
    text = _text(client.get("/module/mobilitaet"))
    wiki_link = (
        '<a href="/wiki/buergerbus-gruenden?von=modul:mobilitaet">Einen Bürgerbus gründen</a>'
    )
    seminar_link = '<a href="/seminare/mobilitaet-2025-03?von=modul:mobilitaet">Mobil im Alter</a>'
    assert wiki_link in text and seminar_link in text


def test_module_page_leaves_out_related_pages_that_do_not_exist(client, catalogue):
    text = _text(client.get("/module/mobilitaet"))
    assert "buergerbus-gruenden" not in text and "Zum Vertiefen" not in text


def test_module_page_tells_a_learner_their_pinned_version(
    client, login, make_user, catalogue, make_progress
):
    user = make_user()
    _, mobil = catalogue
    make_progress(user, mobil)
    add_version(mobil, title="Mobilität vor Ort", version="2.0.0")
    login(user)
    assert "Sie bearbeiten Version 1.0.0" in _text(client.get("/module/mobilitaet"))


def test_course_page_shows_rule_progress_and_what_is_missing(
    client, login, make_user, catalogue, make_progress
):
    user = make_user()
    grundlagen, _ = catalogue
    make_progress(user, grundlagen, status=Status.PASSED)
    login(user)
    text = _text(client.get("/kurse/demografie-vor-ort"))
    assert "Für den Kursnachweis schließen Sie das Pflichtmodul und das Wahlmodul ab." in text
    assert "1 von 2 nötigen Modulen abgeschlossen" in text
    assert "noch 1 weiteres Wahlmodul abschließen" in text


def test_add_to_plan_redirects_back_with_a_message(client, login, make_user, catalogue):
    user = make_user()
    login(user)
    response = client.post("/lernplan/mobilitaet", data={"next": "/module?thema=mobilitaet"})
    assert response.headers["Location"] == "/module?thema=mobilitaet"
    assert queries.plan_module_ids(user.id) == {catalogue[1].id}
    assert "„Mobilität vor Ort“ steht jetzt auf Ihrem Lernplan." in _text(client.get("/lernplan"))


def test_adding_twice_keeps_one_entry(client, login, make_user, catalogue):
    login(make_user())
    client.post("/lernplan/mobilitaet")
    client.post("/lernplan/mobilitaet")
    assert db.session.query(PlanEntry).count() == 1


def test_next_must_stay_on_the_site(client, login, make_user, catalogue):
    login(make_user())
    response = client.post("/lernplan/mobilitaet", data={"next": "https://example.org/"})
    assert response.headers["Location"] == "/lernplan"


def test_remove_from_plan_keeps_progress_and_offers_undo(
    client, login, make_user, catalogue, make_progress
):
    user = make_user()
    _, mobil = catalogue
    services.add_to_plan(user.id, mobil)
    make_progress(user, mobil)
    login(user)
    response = client.post("/lernplan/mobilitaet/entfernen", data={"next": "/lernplan"})
    assert response.headers["Location"] == "/lernplan?entfernt=mobilitaet"
    text = _text(client.get(response.headers["Location"]))
    assert (
        "„Mobilität vor Ort“ ist nicht mehr auf Ihrem Lernplan. Ihr Lernstand bleibt erhalten."
        in text
    )
    assert "Rückgängig machen" in text
    assert db.session.query(ModuleProgress).count() == 1


def test_plan_page_empty_state(client, login, make_user):
    login(make_user())
    text = _text(client.get("/lernplan"))
    assert "Ihr Lernplan ist noch leer." in text and 'href="/module">Zum Katalog' in text


def test_plan_page_shows_modules_progress_and_courses(
    client, login, make_user, catalogue, make_progress
):
    user = make_user()
    grundlagen, mobil = catalogue
    services.add_to_plan(user.id, grundlagen)
    make_progress(user, grundlagen, pages_seen=[1, 2, 3], best_score=0.6)
    make_progress(user, mobil, pages_seen=[1])
    login(user)
    text = _text(client.get("/lernplan"))
    assert "3 von 4 Seiten · beste Punktzahl 60 %" in text
    assert "0 von 2 nötigen Modulen abgeschlossen" in text
    assert "Begonnen, aber nicht auf Ihrem Lernplan" in text


def test_add_course_to_plan(client, login, make_user, catalogue):
    user = make_user()
    login(user)
    before = _text(client.get("/kurse/demografie-vor-ort"))
    assert "Alle Module des Kurses auf meinen Lernplan" in before
    client.post("/kurse/demografie-vor-ort/lernplan")
    assert queries.plan_module_ids(user.id) == {module.id for module in catalogue}
    text = _text(client.get("/kurse/demografie-vor-ort"))
    assert "Alle Module des Kurses auf meinen Lernplan" not in text  # nothing left to add
    assert "Alle Module des Kurses stehen auf Ihrem Lernplan." in text


def test_start_page_teases_the_course_for_visitors(client, catalogue):
    text = _text(client.get("/"))
    assert (
        "Kurs: Demografischen Wandel vor Ort gestalten" in text and "Grundlagen des Wandels" in text
    )


def test_start_page_offers_to_continue(client, login, make_user, catalogue, make_progress):
    user = make_user()
    make_progress(user, catalogue[1], last_page=2, pages_seen=[1, 2])
    login(user)
    text = _text(client.get("/"))
    assert "Weiterlernen, wo Sie aufgehört haben" in text
    assert "Seite 2 von 4: Seite 2" in text


def test_post_without_csrf_token_is_refused(client, make_user, catalogue, login):
    user = make_user()
    login(user)
    client.application.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/lernplan/mobilitaet", data={"next": "/module"})
    finally:
        client.application.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert queries.plan_module_ids(user.id) == set()


def test_completed_course_points_to_the_certificates(
    client, login, make_user, catalogue, make_progress
):
    user = make_user()
    for module in catalogue:
        make_progress(user, module, status=Status.PASSED)
    login(user)
    text = _text(client.get("/kurse/demografie-vor-ort"))
    assert "Geschafft: Sie haben alle Bedingungen für den Kursnachweis erfüllt." in text
    assert '<a href="/nachweise">Zu Ihren Nachweisen</a>' in text


def test_course_list_leads_to_the_courses_in_the_catalogue(client):
    response = client.get("/kurse")
    assert response.status_code == 302
    assert response.headers["Location"] == "/module#courses-title"


def test_start_page_invites_a_new_learner_to_the_catalogue(client, login, make_user, catalogue):
    login(make_user())
    text = _text(client.get("/"))
    assert "Ihr Lernplan ist noch leer." in text
    assert "Weiterlernen, wo Sie aufgehört haben" not in text


def test_module_page_tells_a_learner_where_the_final_test_stands(
    client, login, make_user, catalogue, make_progress
):
    user = make_user()
    make_progress(user, catalogue[1], best_score=0.5)
    db.session.query(ModuleProgress).update({"attempts": 2})
    db.session.commit()
    login(user)
    assert "Abschlusstest: noch nicht bestanden (2 Versuche)" in _text(
        client.get("/module/mobilitaet")
    )


def test_plan_buttons_answer_json_for_the_script(client, login, make_user, catalogue):
    user = make_user()
    login(user)
    headers = {"Accept": "application/json"}
    added = client.post("/lernplan/mobilitaet", headers=headers).get_json()
    assert added == {
        "planned": True,
        "message": "„Mobilität vor Ort“ steht jetzt auf Ihrem Lernplan.",
        "action": "/lernplan/mobilitaet/entfernen",
        "planCount": 1,
    }
    removed = client.post("/lernplan/mobilitaet/entfernen", headers=headers).get_json()
    assert (removed["planned"], removed["action"], removed["planCount"]) == (
        False,
        "/lernplan/mobilitaet",
        0,
    )
