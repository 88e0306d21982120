"""Read-only queries of the catalogue: module lists with filters, progress and plan rows."""

from dataclasses import dataclass

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import contains_eager, load_only, selectinload

from lms.catalog.models import Course, CourseModule, Module, ModuleVersion, PlanEntry
from lms.catalog.search import list_key_pattern, search_terms
from lms.catalog.vocabulary import DURATION_BY_SLUG
from lms.extensions import db
from lms.progress.models import ModuleProgress

CARD_COLUMNS = (
    ModuleVersion.id,
    ModuleVersion.module_id,
    ModuleVersion.version,
    ModuleVersion.title,
    ModuleVersion.summary,
    ModuleVersion.level,
    ModuleVersion.minutes,
    ModuleVersion.topics_key,
    ModuleVersion.target_groups_key,
    ModuleVersion.page_count,
    ModuleVersion.certificate_hours,
)
"""What a module card needs; manifest and content stay unloaded in lists."""


@dataclass(frozen=True)
class CatalogFilters:
    """The catalogue's filter form, validated: empty strings mean "any"."""

    q: str = ""
    topic: str = ""
    target_group: str = ""
    duration: str = ""
    level: str = ""
    kind: str = ""

    def any_set(self) -> bool:
        """Whether any filter or search narrows the list."""
        return any(
            (self.q.strip(), self.topic, self.target_group, self.duration, self.level, self.kind)
        )


def _current_versions() -> Select:
    """Current versions of published modules, each with its module loaded."""
    return (
        select(ModuleVersion)
        .join(
            Module,
            and_(
                Module.current_version_id == ModuleVersion.id, Module.id == ModuleVersion.module_id
            ),
        )
        .where(Module.published.is_(True))
        .options(contains_eager(ModuleVersion.module), load_only(*CARD_COLUMNS))
    )


def module_list(filters: CatalogFilters) -> Select:
    """Current versions of published modules matching ``filters``, by title."""
    query = _current_versions()
    for term in search_terms(filters.q):
        query = query.where(ModuleVersion.search_text.contains(term, autoescape=True))
    if filters.topic:
        query = query.where(
            ModuleVersion.topics_key.contains(list_key_pattern(filters.topic), autoescape=True)
        )
    if filters.target_group:
        pattern = list_key_pattern(filters.target_group)
        query = query.where(ModuleVersion.target_groups_key.contains(pattern, autoescape=True))
    if filters.level:
        query = query.where(ModuleVersion.level == filters.level)
    if filters.kind:
        query = query.where(Module.kind == filters.kind)
    duration = DURATION_BY_SLUG.get(filters.duration)
    if duration and duration.low is not None:
        query = query.where(ModuleVersion.minutes >= duration.low)
    if duration and duration.high is not None:
        query = query.where(ModuleVersion.minutes <= duration.high)
    return query.order_by(ModuleVersion.title, ModuleVersion.id)


def current_versions_by_slug(slugs: list[str]) -> dict[str, ModuleVersion]:
    """Current versions of the published modules named by ``slugs``."""
    if not slugs:
        return {}
    rows = db.session.scalars(_current_versions().where(Module.slug.in_(slugs)))
    return {version.module.slug: version for version in rows}


def current_versions_by_module_id(module_ids: list[int]) -> dict[int, ModuleVersion]:
    """Current versions of the published modules with ``module_ids``."""
    if not module_ids:
        return {}
    rows = db.session.scalars(_current_versions().where(Module.id.in_(module_ids)))
    return {version.module_id: version for version in rows}


def published_module(slug: str) -> Module | None:
    """The published module ``slug`` with its current version, or None."""
    return db.session.scalar(
        select(Module)
        .where(
            Module.slug == slug, Module.published.is_(True), Module.current_version_id.is_not(None)
        )
        .options(selectinload(Module.current_version))
    )


def progress_rows(
    user_id: int, module_ids: list[int] | None = None
) -> list[tuple[ModuleProgress, int, str]]:
    """``(progress, pages of its pinned version, kind of module)`` of a learner, optionally for
    some modules."""
    query = (
        select(ModuleProgress, ModuleVersion.page_count, Module.kind)
        .join(ModuleVersion, ModuleVersion.id == ModuleProgress.module_version_id)
        .join(Module, Module.id == ModuleProgress.module_id)
        .where(ModuleProgress.user_id == user_id)
    )
    if module_ids is not None:
        if not module_ids:
            return []
        query = query.where(ModuleProgress.module_id.in_(module_ids))
    return [(progress, pages, kind) for progress, pages, kind in db.session.execute(query)]


def latest_open_progress(user_id: int, statuses: tuple[str, ...]) -> ModuleProgress | None:
    """The learner's most recently active progress row with one of ``statuses``."""
    return db.session.scalar(
        select(ModuleProgress)
        .join(Module, Module.id == ModuleProgress.module_id)
        .where(
            ModuleProgress.user_id == user_id,
            ModuleProgress.status.in_(statuses),
            Module.published.is_(True),
        )
        .order_by(ModuleProgress.last_activity_at.desc(), ModuleProgress.id.desc())
        .limit(1)
    )


def plan_entries(user_id: int) -> list[PlanEntry]:
    """The learner's plan entries, oldest first."""
    return list(
        db.session.scalars(
            select(PlanEntry)
            .where(PlanEntry.user_id == user_id)
            .order_by(PlanEntry.added_at, PlanEntry.id)
        )
    )


def plan_module_ids(user_id: int) -> set[int]:
    """Ids of the modules on the learner's plan."""
    return set(db.session.scalars(select(PlanEntry.module_id).where(PlanEntry.user_id == user_id)))


def plan_entry(user_id: int, module_id: int) -> PlanEntry | None:
    """The plan entry of one learner and module, or None."""
    return db.session.scalar(
        select(PlanEntry).where(PlanEntry.user_id == user_id, PlanEntry.module_id == module_id)
    )


def courses() -> list[Course]:
    """All courses by title, with their entries."""
    return list(
        db.session.scalars(
            select(Course).options(selectinload(Course.entries)).order_by(Course.title)
        )
    )


def course_by_slug(slug: str) -> Course | None:
    """The course ``slug`` with its entries, or None."""
    return db.session.scalar(
        select(Course).where(Course.slug == slug).options(selectinload(Course.entries))
    )


def courses_with_module(module_id: int) -> list[Course]:
    """Courses that contain the module, by title."""
    return list(
        db.session.scalars(
            select(Course)
            .join(CourseModule, CourseModule.course_id == Course.id)
            .where(CourseModule.module_id == module_id)
            .order_by(Course.title)
        )
    )


def version_label(version_id: int) -> str | None:
    """The version string of a module version."""
    return db.session.scalar(select(ModuleVersion.version).where(ModuleVersion.id == version_id))


def titles_by_slug(table_name: str, slugs: list[str]) -> dict[str, str]:
    """Titles of wiki pages or seminars by slug, read by table name so the catalogue needs
    no import of those features (they build on the catalogue, not the other way round)."""
    table = db.metadata.tables.get(table_name)
    if table is None or not slugs:
        return {}
    query = select(table.c.slug, table.c.title).where(table.c.slug.in_(slugs))
    if "deleted_at" in table.c:
        query = query.where(table.c.deleted_at.is_(None))
    return {slug: title for slug, title in db.session.execute(query)}
