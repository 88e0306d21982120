"""Catalogue logic: the learning plan, requirement texts, and what the catalogue pages show."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext, pgettext
from sqlalchemy.exc import IntegrityError

from lms.catalog import queries
from lms.catalog.models import Course, Module, ModuleVersion, PlanEntry
from lms.catalog.search import normalise, search_terms
from lms.catalog.standing import (
    NOT_STARTED,
    CourseItem,
    CourseStatus,
    Standing,
    course_statuses,
    standing_from,
)
from lms.extensions import db
from lms.progress.models import Status


def add_to_plan(user_id: int, module: Module) -> bool:
    """Put ``module`` on the learner's plan; returns False if it was already there."""
    if queries.plan_entry(user_id, module.id) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(PlanEntry(user_id=user_id, module_id=module.id))
    except IntegrityError:  # added at the same moment by another request
        return False
    db.session.commit()
    return True


def remove_from_plan(user_id: int, module: Module) -> bool:
    """Take ``module`` off the plan, keeping all progress; returns False if it was not there."""
    entry = queries.plan_entry(user_id, module.id)
    if entry is None:
        return False
    db.session.delete(entry)
    db.session.commit()
    return True


def add_course_to_plan(user_id: int, course: Course) -> int:
    """Put every module of ``course`` on the plan; returns how many were new."""
    return sum(
        add_to_plan(user_id, entry.module) for entry in course.entries if entry.module.published
    )


def _percent_label(share: float) -> str:
    return f"{round(100 * share)}\u00a0%"


def _pages_requirement(rule, page_count: int) -> str | None:
    if rule != "all":  # the manifest allows "all" or "none"
        return None
    if page_count == 1:
        return _("die Seite ansehen")
    if page_count:
        return _("alle %(count)s Seiten ansehen", count=page_count)
    return _("alle Seiten ansehen")


def _quiz_requirement(quiz: dict) -> str:
    threshold = float(quiz.get("pass_threshold", 0.8))
    attempts = int(quiz.get("max_attempts", 0) or 0)
    if attempts == 0:
        tries = _("beliebig viele Versuche")
    elif attempts == 1:
        tries = _("1 Versuch")
    else:
        tries = _("%(count)s Versuche", count=attempts)
    return _(
        "den Abschlusstest mit mindestens %(share)s bestehen; %(tries)s",
        share=_percent_label(threshold),
        tries=tries,
    )


def completion_requirement(
    kind: str, manifest: dict, page_count: int, has_quiz: bool = True
) -> str:
    """In plain words, exactly what finishing the module requires (same rule as lms.progress)."""
    if kind != "native":
        if page_count:
            return ngettext(
                "Die Lerneinheit erfüllen; was sie dafür verlangt, steht bei der Einheit.",
                "Alle %(num)d Lerneinheiten erfüllen; was jede dafür verlangt, steht bei der "
                "Einheit.", page_count)
        return _("Das Lernpaket meldet selbst, wann Sie es abgeschlossen haben.")
    completion = manifest.get("completion") or {"pages": "all"}
    parts = [_pages_requirement(completion.get("pages", "all"), page_count)]
    if completion.get("quiz") and has_quiz:
        parts.append(_quiz_requirement(manifest.get("quiz") or {}))
    parts = [part for part in parts if part]
    if not parts:
        return _("Das Modul öffnen; es gibt keine weiteren Bedingungen.")
    sentence = (
        _("%(first)s und %(second)s", first=parts[0], second=parts[1]) if len(parts) == 2
        else parts[0]
    )
    return sentence[0].upper() + sentence[1:] + "."


def certificate_hours_label(hours: float) -> str:
    """Label such as "1,5 Fortbildungsstunden" (translated); empty when the module grants none."""
    if not hours:
        return ""
    number = f"{hours:g}".replace(".", pgettext("decimal separator", ","))
    # Plural rules take whole numbers; a fraction of an hour reads as plural ("1,5 Stunden").
    count = int(hours) if float(hours).is_integer() else 2
    return ngettext(
        "%(hours)s Fortbildungsstunde", "%(hours)s Fortbildungsstunden", count, hours=number
    )


@dataclass
class PlanItem:
    """A module on a learner's plan, with its current version and the learner's standing."""

    module: Module
    version: ModuleVersion
    standing: Standing
    added_at: datetime


def plan_items(user_id: int, standings: dict[int, Standing]) -> list[PlanItem]:
    """The published modules on the learner's plan, in the order they were added."""
    entries = queries.plan_entries(user_id)
    versions = queries.current_versions_by_module_id([entry.module_id for entry in entries])
    return [
        PlanItem(
            versions[entry.module_id].module,
            versions[entry.module_id],
            standings.get(entry.module_id, NOT_STARTED),
            entry.added_at,
        )
        for entry in entries
        if entry.module_id in versions
    ]


def plan_courses(
    user_id: int, items: list[PlanItem], standings: dict[int, Standing]
) -> list[CourseStatus]:
    """Statuses of the courses that touch the learner's plan or progress."""
    relevant = {item.module.id for item in items} | set(standings)
    courses = [
        course
        for course in queries.courses()
        if any(entry.module_id in relevant for entry in course.entries)
    ]
    return course_statuses(courses, user_id, standings)


@dataclass
class ResumePoint:
    """Where a learner stopped: the module, the pinned version, and the page."""

    module: Module
    version: ModuleVersion
    standing: Standing
    page_number: int
    page_title: str


def _page_title(version: ModuleVersion, number: int) -> str:
    pages = (version.content or {}).get("pages") or []
    if 1 <= number <= len(pages) and isinstance(pages[number - 1], dict):
        return str(pages[number - 1].get("title", ""))
    return ""


def resume_point(user_id: int) -> ResumePoint | None:
    """The most recently active module the learner has started and not finished."""
    progress = queries.latest_open_progress(user_id, (Status.IN_PROGRESS, Status.FAILED))
    if progress is None:
        return None
    version = db.session.get(ModuleVersion, progress.module_version_id)
    standing = standing_from(progress, version.page_count, version.module.kind)
    number = max(1, progress.last_page)  # last_page is 1-based; 0 means not yet on a page
    return ResumePoint(version.module, version, standing, number, _page_title(version, number))


def course_teaser(module_count: int = 3) -> tuple[CourseStatus, list[CourseItem]] | None:
    """The first course with its first few modules, for visitors of the start page."""
    courses = sorted(queries.courses(), key=lambda course: course.id)
    if not courses:
        return None
    status = course_statuses(courses[:1], None)[0]
    return status, (status.required + status.electives)[:module_count]


def catalogue_courses(
    filters: queries.CatalogFilters, user_id: int | None, standings: dict[int, Standing]
) -> list[CourseStatus]:
    """Courses beside the module list: all, or those matching the search; none under filters."""
    if any((filters.topic, filters.target_group, filters.duration, filters.level, filters.kind)):
        return []
    terms = search_terms(filters.q)
    matching = [
        course
        for course in queries.courses()
        if all(term in normalise(f"{course.title} {course.summary}") for term in terms)
    ]
    return course_statuses(matching, user_id, standings)


@dataclass
class ModuleDetails:
    """Everything the module page shows beyond the version itself."""

    standing: Standing
    pinned_version: str | None
    prerequisites: dict[str, ModuleVersion]
    has_quiz: bool
    requirement: str
    hours: str
    courses: list[Course]
    on_plan: bool


def module_details(module: Module, user_id: int | None) -> ModuleDetails:
    """The learner's standing (and pinned version), prerequisites, completion rule and courses."""
    version = module.current_version
    manifest = version.manifest or {}
    rows = queries.progress_rows(user_id, [module.id]) if user_id else []
    standing = standing_from(*rows[0]) if rows else NOT_STARTED
    pinned = None
    if rows and rows[0][0].module_version_id != version.id and not standing.done:
        pinned = queries.version_label(rows[0][0].module_version_id)
    has_quiz = bool((version.content or {}).get("quiz"))
    return ModuleDetails(
        standing=standing,
        pinned_version=pinned,
        prerequisites=queries.current_versions_by_slug(list(manifest.get("prerequisites", []))),
        has_quiz=has_quiz,
        requirement=completion_requirement(module.kind, manifest, version.page_count, has_quiz),
        hours=certificate_hours_label(version.certificate_hours),
        courses=queries.courses_with_module(module.id),
        on_plan=bool(user_id and queries.plan_entry(user_id, module.id)),
    )
