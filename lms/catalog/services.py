"""Catalogue logic: the learning plan, standings per module and course, requirement texts."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from lms.catalog import queries
from lms.catalog.models import Course, Module, ModuleVersion, PlanEntry
from lms.extensions import db
from lms.progress.models import STATUS_LABELS, ModuleProgress, Status

DONE_STATUSES = (Status.COMPLETED, Status.PASSED)


@dataclass(frozen=True)
class Standing:
    """Where one learner stands in one module, ready for a badge and a progress bar."""

    status: str
    pages_seen: int = 0
    page_count: int = 0
    best_score: float | None = None
    quiz_passed: bool = False
    attempts: int = 0
    last_page: int = 0
    last_activity_at: datetime | None = None

    @property
    def label(self) -> str:
        """The German status label."""
        return STATUS_LABELS.get(Status(self.status), self.status)

    @property
    def done(self) -> bool:
        """Whether the module counts as finished (completed or passed)."""
        return self.status in DONE_STATUSES

    @property
    def percent(self) -> int:
        """Share of pages seen, 100 once the module is finished."""
        if self.done:
            return 100
        if not self.page_count:
            return 0
        return min(100, round(100 * min(self.pages_seen, self.page_count) / self.page_count))

    @property
    def score_percent(self) -> int | None:
        """The best quiz score in percent, if there is one."""
        return None if self.best_score is None else round(100 * self.best_score)


NOT_STARTED = Standing(status=Status.NOT_STARTED)


def standing_from(progress: ModuleProgress, page_count: int) -> Standing:
    """A :class:`Standing` from a progress row and its pinned version's page count."""
    return Standing(
        status=progress.status,
        pages_seen=len(progress.pages_seen or []),
        page_count=page_count,
        best_score=progress.best_score,
        quiz_passed=bool(progress.quiz_passed),
        attempts=progress.attempts,
        last_page=progress.last_page,
        last_activity_at=progress.last_activity_at,
    )


def standings_for(user_id: int | None, module_ids: list[int] | None = None) -> dict[int, Standing]:
    """Standings of a learner by module id, in one query; empty for anonymous visitors."""
    if user_id is None:
        return {}
    return {
        progress.module_id: standing_from(progress, pages)
        for progress, pages in queries.progress_rows(user_id, module_ids)
    }


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


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _pages_requirement(rule, page_count: int) -> str | None:
    if rule != "all":  # the manifest allows "all" or "none"
        return None
    if page_count == 1:
        return "die Seite ansehen"
    return f"alle {page_count} Seiten ansehen" if page_count else "alle Seiten ansehen"


def _quiz_requirement(quiz: dict) -> str:
    threshold = float(quiz.get("pass_threshold", 0.8))
    attempts = int(quiz.get("max_attempts", 0) or 0)
    tries = "beliebig viele Versuche" if attempts == 0 else _count(attempts, "Versuch", "Versuche")
    return f"den Abschlusstest mit mindestens {_percent_label(threshold)} bestehen; {tries}"


def completion_requirement(
    kind: str, manifest: dict, page_count: int, has_quiz: bool = True
) -> str:
    """In plain German, exactly what finishing the module requires (same rule as lms.progress)."""
    if kind != "native":
        move_on = manifest.get("move_on") or manifest.get("moveOn")
        if move_on:
            return f"Das Lernpaket meldet den Abschluss selbst (Regel: {move_on})."
        return "Das Lernpaket meldet selbst, wann Sie es abgeschlossen haben."
    completion = manifest.get("completion") or {"pages": "all"}
    parts = [_pages_requirement(completion.get("pages", "all"), page_count)]
    if completion.get("quiz") and has_quiz:
        parts.append(_quiz_requirement(manifest.get("quiz") or {}))
    parts = [part for part in parts if part]
    if not parts:
        return "Das Modul öffnen; es gibt keine weiteren Bedingungen."
    sentence = " und ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


def certificate_hours_label(hours: float) -> str:
    """German label such as "1,5 Fortbildungsstunden"; empty when the module grants none."""
    if not hours:
        return ""
    number = f"{hours:g}".replace(".", ",")
    return f"{number} {'Fortbildungsstunde' if hours == 1 else 'Fortbildungsstunden'}"


def course_rule(required: int, electives: int, electives_needed: int) -> str:
    """The course rule in German, e.g. "alle 2 Pflichtmodule und 3 von 6 Wahlmodulen"."""
    parts = []
    if required == 1:
        parts.append("das Pflichtmodul")
    elif required > 1:
        parts.append(f"alle {required} Pflichtmodule")
    needed = min(electives_needed, electives)
    if needed and needed == electives:
        parts.append("das Wahlmodul" if needed == 1 else f"alle {needed} Wahlmodule")
    elif needed:
        parts.append(f"{needed} von {electives} Wahlmodulen")
    return " und ".join(parts) if parts else "keine Module"


@dataclass
class CourseItem:
    """One module of a course with its current version and the learner's standing."""

    module: Module
    version: ModuleVersion
    required: bool
    standing: Standing


@dataclass
class CourseStatus:
    """A learner's way through a course: items, what counts, and what is still missing."""

    course: Course
    required: list[CourseItem] = field(default_factory=list)
    electives: list[CourseItem] = field(default_factory=list)

    @property
    def electives_needed(self) -> int:
        """Electives that count, capped by the electives that exist."""
        return min(self.course.electives_needed, len(self.electives))

    @property
    def rule(self) -> str:
        """The course rule in German."""
        return course_rule(len(self.required), len(self.electives), self.course.electives_needed)

    @property
    def missing_required(self) -> list[CourseItem]:
        """Required modules not finished yet."""
        return [item for item in self.required if not item.standing.done]

    @property
    def electives_done(self) -> int:
        """Finished electives."""
        return sum(item.standing.done for item in self.electives)

    @property
    def electives_missing(self) -> int:
        """How many more electives must be finished."""
        return max(0, self.electives_needed - self.electives_done)

    @property
    def modules_needed(self) -> int:
        """Modules the certificate needs in all."""
        return len(self.required) + self.electives_needed

    @property
    def modules_credited(self) -> int:
        """Finished modules that count towards the certificate."""
        required_done = len(self.required) - len(self.missing_required)
        return required_done + min(self.electives_done, self.electives_needed)

    @property
    def complete(self) -> bool:
        """Whether the course rule is met."""
        return not self.missing_required and self.electives_missing == 0

    @property
    def percent(self) -> int:
        """Share of the needed modules that are finished."""
        return (
            100
            if not self.modules_needed
            else round(100 * self.modules_credited / self.modules_needed)
        )

    @property
    def started(self) -> bool:
        """Whether the learner has begun any module of the course."""
        return any(
            item.standing.status != Status.NOT_STARTED for item in self.required + self.electives
        )

    @property
    def missing(self) -> list[str]:
        """What is still missing for the course certificate, one German sentence each."""
        lines = [
            f"Pflichtmodul „{item.version.title}“ abschließen" for item in self.missing_required
        ]
        if self.electives_missing == 1:
            lines.append("noch 1 weiteres Wahlmodul abschließen")
        elif self.electives_missing > 1:
            lines.append(f"noch {self.electives_missing} weitere Wahlmodule abschließen")
        return lines


def course_statuses(
    courses: list[Course], user_id: int | None, standings: dict[int, Standing] | None = None
) -> list[CourseStatus]:
    """Course statuses for a learner (or an anonymous visitor), with two queries for all courses."""
    module_ids = sorted({entry.module_id for course in courses for entry in course.entries})
    versions = queries.current_versions_by_module_id(module_ids)
    if standings is None:
        standings = standings_for(user_id, module_ids)
    statuses = []
    for course in courses:
        status = CourseStatus(course)
        for entry in course.entries:
            version = versions.get(entry.module_id)
            if version is None:  # unpublished modules are not offered
                continue
            item = CourseItem(
                version.module, version, entry.required, standings.get(entry.module_id, NOT_STARTED)
            )
            (status.required if entry.required else status.electives).append(item)
        statuses.append(status)
    return statuses


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
    standing = standing_from(progress, version.page_count)
    number = max(1, progress.last_page)  # last_page is 1-based; 0 means not yet on a page
    return ResumePoint(version.module, version, standing, number, _page_title(version, number))


def course_teaser(module_count: int = 3) -> tuple[CourseStatus, list[CourseItem]] | None:
    """The first course with its first few modules, for visitors of the start page."""
    courses = sorted(queries.courses(), key=lambda course: course.id)
    if not courses:
        return None
    status = course_statuses(courses[:1], None)[0]
    return status, (status.required + status.electives)[:module_count]
