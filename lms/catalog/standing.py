"""A learner's standing in modules and courses, read from the progress rows in few queries."""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _

from lms.catalog import queries
from lms.catalog.models import Course, Module, ModuleVersion
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
    units: bool = False
    """Whether ``page_count`` counts learning units (packages) rather than pages."""

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


def standing_from(progress: ModuleProgress, page_count: int, kind: str = "native") -> Standing:
    """A :class:`Standing` from a progress row, its pinned version's page count and the kind of
    module (packages count learning units, not pages)."""
    return Standing(
        status=progress.status,
        pages_seen=len(progress.pages_seen or []),
        page_count=page_count,
        best_score=progress.best_score,
        quiz_passed=bool(progress.quiz_passed),
        attempts=progress.attempts,
        last_page=progress.last_page,
        last_activity_at=progress.last_activity_at,
        units=kind != "native",
    )


def standings_for(user_id: int | None, module_ids: list[int] | None = None) -> dict[int, Standing]:
    """Standings of a learner by module id, in one query; empty for anonymous visitors."""
    if user_id is None:
        return {}
    return {
        progress.module_id: standing_from(progress, pages, kind)
        for progress, pages, kind in queries.progress_rows(user_id, module_ids)
    }


def course_rule(required: int, electives: int, electives_needed: int) -> str:
    """The course rule, translated, e.g. "alle 2 Pflichtmodule und 3 von 6 Wahlmodulen"."""
    parts = []
    if required == 1:
        parts.append(_("das Pflichtmodul"))
    elif required > 1:
        parts.append(_("alle %(count)s Pflichtmodule", count=required))
    needed = min(electives_needed, electives)
    if needed and needed == electives:
        parts.append(
            _("das Wahlmodul") if needed == 1 else _("alle %(count)s Wahlmodule", count=needed)
        )
    elif needed:
        parts.append(_("%(needed)s von %(total)s Wahlmodulen", needed=needed, total=electives))
    if len(parts) == 2:
        return _("%(first)s und %(second)s", first=parts[0], second=parts[1])
    return parts[0] if parts else _("keine Module")


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
        """What is still missing for the course certificate, one sentence each."""
        lines = [
            _("Pflichtmodul „%(title)s“ abschließen", title=item.version.title)
            for item in self.missing_required
        ]
        if self.electives_missing == 1:
            lines.append(_("noch 1 weiteres Wahlmodul abschließen"))
        elif self.electives_missing > 1:
            lines.append(
                _("noch %(count)s weitere Wahlmodule abschließen", count=self.electives_missing)
            )
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
