"""Demografie-Wiki pages and the revisions that keep every change."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import User
from lms.core.i18n import N_
from lms.core.models import CreatedAtMixin, utcnow
from lms.extensions import db
from lms.resources.models import EDITED, SHIPPED, ShippedOrEdited

__all__ = ["EDITED", "KIND_LABELS", "SHIPPED", "WikiPage", "WikiRevision"]

KIND_LABELS = {
    "leitfaden": N_("Leitfaden"),
    "methode": N_("Methode"),
    "praxisbeispiel": N_("Praxisbeispiel"),
}
"""The kinds of wiki pages with their German labels."""


class WikiPage(CreatedAtMixin, ShippedOrEdited, db.Model):
    """A wiki page: a guide, a method or a municipality's practice example."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # leitfaden | methode | praxisbeispiel
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    municipality: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(60), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")  # normalised, for LIKE search

    updated_by: Mapped[User | None] = relationship(foreign_keys="WikiPage.updated_by_id")
    revisions: Mapped[list["WikiRevision"]] = relationship(
        back_populates="page", order_by="WikiRevision.id.desc()", cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


class WikiRevision(db.Model):
    """The state of a page after one change: shipped, edited in the browser, or deleted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("wiki_page.id", ondelete="CASCADE"),
                                         index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)

    page: Mapped[WikiPage] = relationship(back_populates="revisions")
    edited_by: Mapped[User | None] = relationship(foreign_keys=[edited_by_id])
