"""What the catalogue says about resources: modules that point to them, modules and courses."""

from dataclasses import dataclass

from sqlalchemy import String, cast, func, select

from lms.catalog.models import Course, Module, ModuleVersion
from lms.extensions import db


@dataclass(frozen=True)
class ModuleLink:
    """A module that lists a wiki page or seminar in its manifest."""

    slug: str
    title: str


def modules_pointing_to(manifest_key: str, slug: str) -> list[ModuleLink]:
    """Published modules whose current manifest lists ``slug`` under ``manifest_key``."""
    rows = db.session.execute(
        select(Module.slug, ModuleVersion.title, ModuleVersion.manifest)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .where(Module.published.is_(True))
        .order_by(ModuleVersion.title)
    )
    return [ModuleLink(module_slug, title) for module_slug, title, manifest in rows
            if slug in ((manifest or {}).get(manifest_key) or [])]


def module_slugs() -> set[str]:
    """Slugs of every module in the catalogue."""
    return set(db.session.scalars(select(Module.slug)))


def module_titles(slugs) -> dict[str, str]:
    """Current titles of the modules in ``slugs`` (all modules if None)."""
    query = (select(Module.slug, ModuleVersion.title)
             .join(ModuleVersion, Module.current_version_id == ModuleVersion.id))
    if slugs is not None:
        query = query.where(Module.slug.in_(list(slugs)))
    return dict(db.session.execute(query).all())


def module_exists(slug: str) -> bool:
    """True if a module with ``slug`` is in the catalogue."""
    return db.session.scalar(select(func.count()).where(Module.slug == slug)) > 0


def course_exists(slug: str) -> bool:
    """True if a course with ``slug`` is in the catalogue."""
    return db.session.scalar(select(func.count()).where(Course.slug == slug)) > 0


def json_list_contains(column, value: str):
    """SQL condition: the JSON list of slugs in ``column`` contains ``value`` (both databases)."""
    return cast(column, String).like(f'%"{value}"%')
