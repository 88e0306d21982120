"""The player's logic: launch and resume, page views, answers to elements, completion."""

import uuid
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.accounts.models import User
from lms.catalog.models import Course, CourseModule, Module, ModuleVersion
from lms.catalog.queries import titles_by_slug
from lms.extensions import db
from lms.packages.elements import SCORABLE_KINDS
from lms.player import tracking
from lms.player.models import ElementResponse, NotebookEntry
from lms.player.scoring import (
    AnswerError,
    FormData,
    Outcome,
    answer_fits,
    parse_answer,
    score,
)
from lms.progress.models import ModuleProgress
from lms.progress.rules import DONE, module_rule_met
from lms.progress.services import progress_of
from lms.xapi.services import record_statements

SELF_RATINGS = {
    "gut": _l("Ich lag richtig."),
    "teilweise": _l("Ich lag teilweise richtig."),
    "nicht": _l("Ich lag daneben."),
}


@dataclass
class Place:
    """A learner in a module: the module, their pinned version and progress row, the course."""

    user: User
    module: Module
    version: ModuleVersion
    progress: ModuleProgress
    course_slug: str | None = None

    @property
    def track(self) -> tracking.Track:
        return track_for(
            self.user, self.module, self.version, self.progress.registration, self.course_slug
        )

    @property
    def pages(self) -> list[dict]:
        return self.version.content["pages"]

    def page(self, position: int) -> dict | None:
        return self.pages[position - 1] if 1 <= position <= len(self.pages) else None


def track_for(
    user: User, module: Module, version: ModuleVersion, registration: str, course_slug: str | None
) -> tracking.Track:
    """The frame of this learner's statements in this module version."""
    return tracking.Track(
        base_url=current_app.config["BASE_URL"],
        actor_name=user.xapi_name,
        module_slug=module.slug,
        module_title=version.title,
        version=version.version,
        registration=registration,
        course_slug=course_slug,
    )


def published_module(slug: str) -> Module | None:
    """A published native module with a current version, by slug."""
    module = db.session.scalar(
        select(Module).where(
            Module.slug == slug, Module.published.is_(True), Module.kind == "native"
        )
    )
    return module if module and module.current_version_id else None


def course_for_grouping(slug: str | None, module: Module) -> str | None:
    """``slug`` if it names a course that contains ``module`` (for ``context.grouping``)."""
    if not slug:
        return None
    found = db.session.scalar(
        select(Course.slug)
        .join(CourseModule)
        .where(Course.slug == slug, CourseModule.module_id == module.id)
    )
    return found


def place_of(user: User, module: Module, course_slug: str | None = None) -> Place | None:
    """Where the learner stands in ``module`` (None if they never launched it)."""
    row = progress_of(user.id, module.id)
    if row is None:
        return None
    return Place(
        user, module, db.session.get(ModuleVersion, row.module_version_id), row, course_slug
    )


def launch(
    user: User, module: Module, *, new_session: bool, course_slug: str | None = None
) -> Place:
    """Start or resume: pin new learners to the current version; record a new session."""
    place = place_of(user, module, course_slug)
    current = module.current_version
    if place is None or (
        new_session and place.progress.status in DONE and place.version.id != current.id
    ):
        track = track_for(user, module, current, str(uuid.uuid4()), course_slug)
        try:
            record_statements(tracking.launched(track))
        except IntegrityError:
            # A parallel first launch (double click) created the row a moment earlier.
            return place_of(user, module, course_slug)
        return place_of(user, module, course_slug)
    if new_session:
        record_statements(tracking.launched(place.track))
        db.session.refresh(place.progress)
    return place


def completion_due(
    place: Place, pages_seen: list[int], quiz_passed: bool, best_score: float | None = None
) -> list[dict]:
    """The ``completed`` statement if these changes meet the rule for the first time."""
    row = place.progress
    if row.status in DONE or not module_rule_met(place.version, pages_seen, quiz_passed,
                                                 row.resources_done or ()):
        return []
    if quiz_passed and best_score is None:
        best_score = row.best_score
    return [tracking.completed(place.track, best_score if quiz_passed else None)]


def view_page(place: Place, position: int, *, commit: bool = True) -> None:
    """Record that the learner experienced page ``position`` (and completion if that was all).

    ``commit=False`` leaves the commit to the caller, who may render the page first and so
    save reloading everything a commit expires.
    """
    page = place.page(position)
    pages_seen = sorted({*place.progress.pages_seen, position})
    statements = [tracking.experienced(place.track, position, page["title"])]
    statements += completion_due(place, pages_seen, place.progress.quiz_passed)
    record_statements(statements, commit=commit)


def page_elements(place: Place) -> dict[str, tuple[int, dict]]:
    """Every element of the pinned version's pages: id -> (page position, element)."""
    return {
        segment["element"]["id"]: (page["position"], segment["element"])
        for page in place.pages
        for segment in page["segments"]
        if segment["type"] == "element"
    }


def responses_of(place: Place) -> dict[str, ElementResponse]:
    """The learner's saved answers in this module, by element id."""
    rows = db.session.scalars(
        select(ElementResponse).where(
            ElementResponse.user_id == place.user.id, ElementResponse.module_id == place.module.id
        )
    )
    return {row.element_id: row for row in rows}


def notebook_texts(place: Place) -> dict[str, str]:
    """The learner's notebook entries in this module, by element id."""
    rows = db.session.scalars(
        select(NotebookEntry).where(
            NotebookEntry.user_id == place.user.id, NotebookEntry.module_id == place.module.id
        )
    )
    return {row.element_id: row.text for row in rows}


def _save_response(place: Place, element_id: str, response: dict, correct: bool | None) -> None:
    row = db.session.scalar(
        select(ElementResponse).where(
            ElementResponse.user_id == place.user.id,
            ElementResponse.module_id == place.module.id,
            ElementResponse.element_id == element_id,
        )
    )
    if row is None:
        row = ElementResponse(
            user_id=place.user.id, module_id=place.module.id, element_id=element_id
        )
        db.session.add(row)
    row.response, row.correct = response, correct


def save_notebook_entry(user: User, module: Module, element: dict, text: str) -> NotebookEntry:
    """Create or update the learner's private note for a transfer task."""
    entry = db.session.scalar(
        select(NotebookEntry).where(
            NotebookEntry.user_id == user.id,
            NotebookEntry.module_id == module.id,
            NotebookEntry.element_id == element["id"],
        )
    )
    if entry is None:
        entry = NotebookEntry(user_id=user.id, module_id=module.id, element_id=element["id"])
        db.session.add(entry)
    entry.prompt, entry.text = element["prompt"], text
    return entry


def answer_element(place: Place, element: dict, form: FormData) -> Outcome | None:
    """Score and record an answer; raises AnswerError (and stores nothing) on bad input."""
    kind = element["kind"]
    if kind == "self-check" and "rating" in form:
        rating = (form.get("rating") or [""])[0]
        saved = responses_of(place).get(element["id"])
        if rating not in SELF_RATINGS or saved is None:
            raise AnswerError(_("Bitte schätzen Sie sich mit einer der drei Antworten ein."))
        answer = {**saved.response, "rating": rating}
        _save_response(place, element["id"], answer, None)
        record_statements([tracking.answered(place.track, element, answer, None)])
        return None
    answer = parse_answer(element, form)
    if kind == "self-check":
        _save_response(place, element["id"], answer, None)
        db.session.commit()
        return None
    if kind == "reflection":
        save_notebook_entry(place.user, place.module, element, answer["text"])
        _save_response(place, element["id"], {"saved": True}, None)
        record_statements([tracking.answered(place.track, element, answer, None)])
        return None
    outcome = score(element, answer)
    _save_response(place, element["id"], answer, outcome.correct)
    record_statements([tracking.answered(place.track, element, answer, outcome)])
    return outcome


def outcome_of(element: dict, saved: ElementResponse | None) -> Outcome | None:
    """The feedback to show again for a saved answer."""
    if saved is None or element["kind"] not in SCORABLE_KINDS:
        return None
    return score(element, saved.response)


@dataclass
class ElementState:
    """What a page shows for one element: the saved answer, its verdict, a problem, a note."""

    answer: dict | None = None
    outcome: Outcome | None = None
    error: str | None = None
    note: str = ""


def element_states(place: Place, page: dict) -> dict[str, ElementState]:
    """The state of every element on ``page`` for this learner."""
    responses = responses_of(place)
    notes = notebook_texts(place)
    states = {}
    for segment in page["segments"]:
        if segment["type"] != "element":
            continue
        element = segment["element"]
        saved = responses.get(element["id"])
        if saved is not None and not answer_fits(element, saved.response):
            saved = None
        states[element["id"]] = ElementState(
            answer=saved.response if saved else None,
            outcome=outcome_of(element, saved),
            note=notes.get(element["id"], ""),
        )
    return states


def related_titles(place: Place) -> dict[str, dict[str, str]]:
    """Titles of the version's related wiki pages and seminars that exist, by slug."""
    manifest = place.version.manifest
    return {
        "wiki": titles_by_slug("wiki_page", list(manifest.get("wiki", []))),
        "seminar": titles_by_slug("seminar", list(manifest.get("seminars", []))),
    }
