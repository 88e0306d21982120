"""Player pages under /lernen/<modul>/…: pages, element answers, final test, completion."""

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from lms.extensions import db
from lms.player import bp, launching, quiz, services
from lms.player.forms import CsrfForm
from lms.player.scoring import AnswerError
from lms.progress.rules import module_missing

SESSION_KEY = "player"


def _form_data() -> dict[str, list[str]]:
    return {key: request.form.getlist(key) for key in request.form if key != "csrf_token"}


def _module_or_404(slug: str):
    module = services.published_module(slug)
    if module is None:
        abort(404)
    g.player_module = slug
    return module


def _course_slug(slug: str) -> str | None:
    return session.get(SESSION_KEY + "-course", {}).get(slug)


def _place_or_launch(slug: str):
    """The learner's place in the module, or a redirect to launch it first."""
    module = _module_or_404(slug)
    place = services.place_of(current_user, module, _course_slug(slug))
    if place is None:
        position = (request.view_args or {}).get("position")
        return None, redirect(url_for("player.launch_module", slug=slug, seite=position))
    return place, None


def _seen_in_session(registration: str) -> dict:
    return session.get(SESSION_KEY, {}).get(registration)


def _remember_in_session(registration: str, page: int) -> None:
    sessions = dict(session.get(SESSION_KEY, {}))
    sessions[registration] = {"page": page}
    session[SESSION_KEY] = dict(list(sessions.items())[-20:])


@bp.get("/lernen/<slug>")
@login_required
def launch_module(slug: str):
    """Start a module or continue where the learner left off (server-side, so on any device).

    Package modules (xAPI, cmi5) show their units instead (lms.player.package_routes).
    """
    if launching.package_module(slug) is not None:
        return redirect(url_for("player.show_package", slug=slug))
    module = _module_or_404(slug)
    course = services.course_for_grouping(request.args.get("kurs"), module)
    if course:
        session[SESSION_KEY + "-course"] = {
            **session.get(SESSION_KEY + "-course", {}),
            slug: course,
        }
    existing = services.place_of(current_user, module)
    new_session = existing is None or _seen_in_session(existing.progress.registration) is None
    place = services.launch(
        current_user, module, new_session=new_session, course_slug=_course_slug(slug)
    )
    if new_session:
        _remember_in_session(place.progress.registration, 0)
    wanted = request.args.get("seite", type=int)
    position = wanted if wanted and place.page(wanted) else place.progress.last_page or 1
    return redirect(url_for("player.show_page", slug=slug, position=position))


def _render_page(place, position: int, states: dict, status: int = 200):
    page = place.page(position)
    seeds = {e: f"{current_user.xapi_name}:{e}" for e in states}
    return render_template(
        "player/page.html",
        place=place,
        page=page,
        position=position,
        states=states,
        seeds=seeds,
        total=len(place.pages),
        has_quiz=bool(place.version.content.get("quiz")),
        form=CsrfForm(),
        ratings=services.SELF_RATINGS,
    ), status


@bp.get("/lernen/<slug>/seite/<int:position>")
@login_required
def show_page(slug: str, position: int):
    """One page of the pinned version, with a progress bar and previous/next links."""
    place, launch = _place_or_launch(slug)
    if launch:
        return launch
    if place.page(position) is None:
        abort(404)
    seen = _seen_in_session(place.progress.registration)
    if seen is None:
        return redirect(url_for("player.launch_module", slug=slug, seite=position))
    if seen.get("page") == position:
        return _render_page(place, position, services.element_states(place, place.page(position)))
    services.view_page(place, position, commit=False)
    _remember_in_session(place.progress.registration, position)
    rendered = _render_page(place, position, services.element_states(place, place.page(position)))
    db.session.commit()
    return rendered


@bp.post("/lernen/<slug>/seite/<int:position>/antwort/<element_id>")
@login_required
def answer_element(slug: str, position: int, element_id: str):
    """Score an answer on the server, then show the page again with feedback at the element."""
    place, launch = _place_or_launch(slug)
    if launch:
        return launch
    found = services.page_elements(place).get(element_id)
    if found is None or found[0] != position:
        abort(404)
    if not CsrfForm().validate_on_submit():
        abort(400)
    try:
        services.answer_element(place, found[1], _form_data())
    except AnswerError as error:
        states = services.element_states(place, place.page(position))
        states[element_id].error = str(error)
        return _render_page(place, position, states, status=422)
    anchor = f"el-{element_id}-feedback"
    return redirect(url_for("player.show_page", slug=slug, position=position, _anchor=anchor))


@bp.get("/lernen/<slug>/test")
@login_required
def show_quiz(slug: str):
    """The final test: rules, earlier attempts, and a button to start."""
    place, launch = _place_or_launch(slug)
    if launch:
        return launch
    if not place.version.content.get("quiz"):
        abort(404)
    state = quiz.quiz_state(place)
    return render_template(
        "player/quiz.html",
        place=place,
        state=state,
        form=CsrfForm(),
        questions=len(place.version.content["quiz"]["questions"]),
    )


@bp.post("/lernen/<slug>/test")
@login_required
def start_quiz(slug: str):
    """Open an attempt (or continue the open one)."""
    place, launch = _place_or_launch(slug)
    if launch:
        return launch
    if not place.version.content.get("quiz") or not CsrfForm().validate_on_submit():
        abort(400)
    try:
        attempt = quiz.start_attempt(place)
    except quiz.QuizError as error:
        flash(str(error), "error")
        return redirect(url_for("player.show_quiz", slug=slug))
    return redirect(url_for("player.show_attempt", slug=slug, number=attempt.number))


def _attempt_or_404(place, number: int):
    attempt = quiz.attempt_by_number(place, number) if place.version.content.get("quiz") else None
    if attempt is None:
        abort(404)
    return attempt


@bp.get("/lernen/<slug>/test/<int:number>")
@login_required
def show_attempt(slug: str, number: int):
    """The questions of an open attempt, or the result of a submitted one."""
    place, launch = _place_or_launch(slug)
    if launch:
        return launch
    attempt = _attempt_or_404(place, number)
    questions = quiz.questions_for(place, attempt)
    if attempt.submitted_at is not None:
        state = quiz.quiz_state(place)
        return render_template(
            "player/quiz_result.html",
            place=place,
            attempt=attempt,
            questions=questions,
            outcomes=quiz.outcomes_of(place, attempt),
            state=state,
            form=CsrfForm(),
            missing=module_missing(
                place.version, place.progress.pages_seen, place.progress.quiz_passed,
                place.progress.resources_done,
            ),
        )
    return _render_attempt(place, attempt, questions, quiz.Submission())


def _render_attempt(place, attempt, questions, submission, status: int = 200):
    return render_template(
        "player/quiz_attempt.html",
        place=place,
        attempt=attempt,
        questions=questions,
        submission=submission,
        form=CsrfForm(),
    ), status


@bp.post("/lernen/<slug>/test/<int:number>")
@login_required
def submit_attempt(slug: str, number: int):
    """Score the whole test; unanswered questions are listed and nothing is stored."""
    place, launch = _place_or_launch(slug)
    if launch:
        return launch
    attempt = _attempt_or_404(place, number)
    if not CsrfForm().validate_on_submit():
        abort(400)
    if attempt.submitted_at is not None:
        return redirect(url_for("player.show_attempt", slug=slug, number=number))
    submission = quiz.submit_attempt(place, attempt, _form_data())
    if submission.problems:
        return _render_attempt(place, attempt, quiz.questions_for(place, attempt), submission, 422)
    return redirect(url_for("player.show_attempt", slug=slug, number=number))


@bp.get("/lernen/<slug>/abschluss")
@login_required
def show_completion(slug: str):
    """Completion: what the learner achieved, or what is still missing."""
    place, launch = _place_or_launch(slug)
    if launch:
        return launch
    row = place.progress
    return render_template(
        "player/completion.html",
        place=place,
        row=row,
        missing=module_missing(place.version, row.pages_seen, row.quiz_passed,
                               row.resources_done),
        has_quiz=bool(place.version.content.get("quiz")),
        related=services.related_titles(place),
    )
