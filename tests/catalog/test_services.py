"""The learning plan, standings, course status and the German requirement texts."""

import pytest
from flask_babel import force_locale

from lms.catalog import queries, services, standing
from lms.catalog.models import PlanEntry
from lms.extensions import db
from lms.progress.models import ModuleProgress, Status


def test_add_to_plan_is_idempotent(make_user, make_module):
    user, module = make_user(), make_module()
    assert services.add_to_plan(user.id, module) is True
    assert services.add_to_plan(user.id, module) is False
    assert queries.plan_module_ids(user.id) == {module.id}


def test_remove_from_plan_is_idempotent(make_user, make_module):
    user, module = make_user(), make_module()
    services.add_to_plan(user.id, module)
    assert services.remove_from_plan(user.id, module) is True
    assert services.remove_from_plan(user.id, module) is False
    assert db.session.query(PlanEntry).count() == 0


def test_removing_from_plan_keeps_progress(make_user, make_module, make_progress):
    user, module = make_user(), make_module()
    services.add_to_plan(user.id, module)
    make_progress(user, module, pages_seen=[1, 2])
    services.remove_from_plan(user.id, module)
    assert db.session.query(ModuleProgress).one().pages_seen == [1, 2]


def test_plans_are_per_learner(make_user, make_module):
    anna, bernd, module = make_user(), make_user(), make_module()
    services.add_to_plan(anna.id, module)
    assert queries.plan_module_ids(bernd.id) == set()


def test_add_course_to_plan_adds_only_missing_modules(make_user, make_module, make_course):
    user = make_user()
    first, second = make_module(), make_module()
    course = make_course(required=[first], electives=[second], electives_needed=1)
    services.add_to_plan(user.id, first)
    assert services.add_course_to_plan(user.id, course) == 1
    assert queries.plan_module_ids(user.id) == {first.id, second.id}


def test_standing_counts_pages_of_the_pinned_version(make_user, make_module, make_progress):
    user, module = make_user(), make_module(pages=4)
    make_progress(user, module, pages_seen=[1, 2, 3], best_score=0.5)
    found = standing.standings_for(user.id, [module.id])[module.id]
    assert (found.percent, found.label, found.score_percent) == (75, "in Bearbeitung", 50)


def test_finished_module_is_full(make_user, make_module, make_progress):
    user, module = make_user(), make_module(pages=4)
    make_progress(user, module, status=Status.PASSED, pages_seen=[1])
    assert standing.standings_for(user.id)[module.id].percent == 100


def test_anonymous_visitors_have_no_standings(make_module):
    assert standing.standings_for(None, [make_module().id]) == {}


@pytest.mark.parametrize(
    ("manifest", "pages", "expected"),
    [
        (
            {
                "completion": {"pages": "all", "quiz": True},
                "quiz": {"pass_threshold": 0.8, "max_attempts": 3},
            },
            4,
            "Alle 4 Seiten ansehen und den Abschlusstest mit mindestens 80\u00a0% bestehen; "
            "3 Versuche.",
        ),
        (
            {
                "completion": {"pages": "all", "quiz": True},
                "quiz": {"pass_threshold": 0.7, "max_attempts": 0},
            },
            5,
            "Alle 5 Seiten ansehen und den Abschlusstest mit mindestens 70\u00a0% bestehen; "
            "beliebig viele Versuche.",
        ),
        (
            {
                "completion": {"pages": "all", "quiz": True},
                "quiz": {"pass_threshold": 1, "max_attempts": 1},
            },
            3,
            "Alle 3 Seiten ansehen und den Abschlusstest mit mindestens 100\u00a0% bestehen; "
            "1 Versuch.",
        ),
        ({"completion": {"pages": "all", "quiz": False}}, 1, "Die Seite ansehen."),
        (
            {"completion": {"pages": "none", "quiz": True}, "quiz": {"pass_threshold": 0.75}},
            4,
            "Den Abschlusstest mit mindestens 75\u00a0% bestehen; beliebig viele Versuche.",
        ),
    ],
)
def test_completion_requirement_of_native_modules(manifest, pages, expected):
    assert services.completion_requirement("native", manifest, pages) == expected


def test_quiz_requirement_needs_a_quiz_in_the_module():
    manifest = {"completion": {"pages": "all", "quiz": True}, "quiz": {"pass_threshold": 0.8}}
    assert services.completion_requirement("native", manifest, 3, has_quiz=False) == (
        "Alle 3 Seiten ansehen."
    )


def test_no_requirement_is_said_plainly():
    manifest = {"completion": {"pages": "none", "quiz": False}}
    assert services.completion_requirement("native", manifest, 3) == (
        "Das Modul öffnen; es gibt keine weiteren Bedingungen."
    )


def test_completion_requirement_of_packages_counts_their_units():
    assert services.completion_requirement("cmi5", {}, 3) == (
        "Alle 3 Lerneinheiten erfüllen; was jede dafür verlangt, steht bei der Einheit.")
    assert "Die Lerneinheit erfüllen" in services.completion_requirement("xapi", {}, 1)


@pytest.mark.parametrize(
    ("hours", "label"),
    [
        (0, ""),
        (1.0, "1 Fortbildungsstunde"),
        (1.5, "1,5 Fortbildungsstunden"),
        (2, "2 Fortbildungsstunden"),
    ],
)
def test_certificate_hours_label(hours, label):
    assert services.certificate_hours_label(hours) == label


@pytest.mark.parametrize(
    ("hours", "label"),
    [(1.0, "1 training hour"), (1.5, "1.5 training hours"), (2, "2 training hours")],
)
def test_certificate_hours_label_in_english(app, hours, label):
    with app.test_request_context(), force_locale("en"):
        assert services.certificate_hours_label(hours) == label


@pytest.mark.parametrize(
    ("required", "electives", "needed", "rule"),
    [
        (2, 6, 3, "alle 2 Pflichtmodule und 3 von 6 Wahlmodulen"),
        (1, 3, 1, "das Pflichtmodul und 1 von 3 Wahlmodulen"),
        (3, 0, 0, "alle 3 Pflichtmodule"),
        (0, 4, 4, "alle 4 Wahlmodule"),
        (2, 4, 0, "alle 2 Pflichtmodule"),
    ],
)
def test_course_rule(required, electives, needed, rule):
    assert standing.course_rule(required, electives, needed) == rule


@pytest.fixture
def course_setup(make_user, make_module, make_course):
    user = make_user()
    required = [make_module(title="Grundlagen"), make_module(title="Strategie")]
    electives = [make_module(title=f"Wahl {n}") for n in range(1, 5)]
    course = make_course(required=required, electives=electives, electives_needed=2)
    return user, course, required, electives


def _status(user, course):
    return standing.course_statuses([course], user.id)[0]


def test_course_status_lists_what_is_missing(course_setup, make_progress):
    user, course, required, electives = course_setup
    make_progress(user, required[0], status=Status.PASSED)
    make_progress(user, electives[0], status=Status.COMPLETED)
    make_progress(user, electives[1], status=Status.IN_PROGRESS)
    status = _status(user, course)
    assert status.missing == [
        "Pflichtmodul „Strategie“ abschließen",
        "noch 1 weiteres Wahlmodul abschließen",
    ]
    assert (status.modules_credited, status.modules_needed, status.complete) == (2, 4, False)


def test_failed_modules_do_not_count(course_setup, make_progress):
    user, course, required, _ = course_setup
    make_progress(user, required[0], status=Status.FAILED)
    assert "Pflichtmodul „Grundlagen“ abschließen" in _status(user, course).missing


def test_course_is_complete_with_required_and_enough_electives(course_setup, make_progress):
    user, course, required, electives = course_setup
    for module in required + electives[:3]:
        make_progress(user, module, status=Status.PASSED)
    status = _status(user, course)
    assert (status.complete, status.missing, status.percent) == (True, [], 100)


def test_unpublished_course_modules_are_left_out(make_user, make_module, make_course):
    course = make_course(required=[make_module(), make_module(published=False)])
    assert len(standing.course_statuses([course], None)[0].required) == 1


def test_plan_courses_only_show_courses_the_learner_touches(course_setup, make_module, make_course):
    user, course, required, _ = course_setup
    make_course("anderer-kurs", required=[make_module()], title="Anderer Kurs")
    services.add_to_plan(user.id, required[1])
    standings = standing.standings_for(user.id)
    items = services.plan_items(user.id, standings)
    assert [status.course.slug for status in services.plan_courses(user.id, items, standings)] == [
        course.slug
    ]


def test_resume_point_is_the_latest_module_in_progress(make_user, make_module, make_progress):
    user = make_user()
    older, newer, done = (
        make_module(title="Älter"),
        make_module(title="Neuer"),
        make_module(title="Fertig"),
    )
    make_progress(user, older, minutes_ago=60)
    make_progress(user, newer, minutes_ago=30, last_page=3, pages_seen=[1, 2, 3])
    make_progress(user, done, minutes_ago=1, status=Status.COMPLETED)
    point = services.resume_point(user.id)
    assert (point.version.title, point.page_number, point.page_title) == ("Neuer", 3, "Seite 3")


def test_no_resume_point_without_open_modules(make_user):
    assert services.resume_point(make_user().id) is None


def test_course_teaser_takes_the_first_three_modules(make_module, make_course):
    modules = [make_module(title=f"M{n}") for n in range(5)]
    make_course(required=modules[:2], electives=modules[2:], electives_needed=1)
    status, items = services.course_teaser()
    assert [item.version.title for item in items] == ["M0", "M1", "M2"]
