"""Modules, their versions, courses that bundle them, and each learner's learning plan."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.catalog.search import list_key, search_text
from lms.core.models import CreatedAtMixin, utcnow
from lms.extensions import db


class Module(CreatedAtMixin, db.Model):
    """A learning module, stable across versions; ``slug`` is the manifest ``id``."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="native")  # native | xapi | cmi5
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_version.id", use_alter=True, ondelete="SET NULL")
    )
    published: Mapped[bool] = mapped_column(default=True)

    current_version: Mapped["ModuleVersion | None"] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    versions: Mapped[list["ModuleVersion"]] = relationship(
        back_populates="module", foreign_keys="ModuleVersion.module_id",
        order_by="ModuleVersion.id",
    )


class ModuleVersion(CreatedAtMixin, db.Model):
    """One immutable version of a module: its manifest and parsed content.

    Native modules keep their pages in ``content["pages"]``; packages (xAPI, cmi5) their
    launchable units in ``content["units"]`` and their course structure in
    ``content["structure"]`` (see lms.packages.kinds).
    """

    __table_args__ = (UniqueConstraint("module_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), index=True)
    version: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str] = mapped_column(String(20), default="einstieg")
    minutes: Mapped[int] = mapped_column(default=30)
    language: Mapped[str] = mapped_column(String(5), default="de")
    certificate_hours: Mapped[float] = mapped_column(default=0.0)
    grants_certificate: Mapped[bool] = mapped_column(default=False)
    content_hash: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime | None]
    """When the version entered the catalogue; ``None`` while it is an author's draft."""
    # Derived from manifest and content on insert (see _derive_catalog_columns) for fast filters;
    # declared before the large JSON columns so SQLite reads them without overflow pages.
    search_text: Mapped[str] = mapped_column(Text, default="")
    topics_key: Mapped[str] = mapped_column(String(400), default="")
    target_groups_key: Mapped[str] = mapped_column(String(400), default="")
    page_count: Mapped[int] = mapped_column(default=0)
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)

    module: Mapped[Module] = relationship(back_populates="versions", foreign_keys=[module_id])


class Course(CreatedAtMixin, db.Model):
    """A bundle of modules with a completion rule: all required plus N electives."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    version: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    electives_needed: Mapped[int] = mapped_column(default=0)
    certificate_template: Mapped[str] = mapped_column(String(50), default="kurs")

    entries: Mapped[list["CourseModule"]] = relationship(
        cascade="all, delete-orphan", order_by="CourseModule.position", back_populates="course"
    )


class CourseModule(db.Model):
    """A module's place in a course, required or elective."""

    __table_args__ = (UniqueConstraint("course_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), index=True)
    required: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)

    course: Mapped[Course] = relationship(back_populates="entries")
    module: Mapped[Module] = relationship()


class PlanEntry(db.Model):
    """A module a learner has put on "Mein Lernplan"."""

    __table_args__ = (UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


@event.listens_for(ModuleVersion, "before_insert")
@event.listens_for(ModuleVersion, "before_update")
def _derive_catalog_columns(mapper, connection, version: ModuleVersion) -> None:
    """Keep the catalogue's search and filter columns in step with the manifest."""
    manifest = version.manifest or {}
    content = version.content or {}
    pages = content.get("pages") if "pages" in content else content.get("units")
    objectives = manifest.get("objectives", ())
    version.search_text = search_text(version.title, version.summary, objectives)
    version.topics_key = list_key(manifest.get("topics", ()))
    version.target_groups_key = list_key(manifest.get("target_groups", ()))
    version.page_count = len(pages) if isinstance(pages, list) else 0
