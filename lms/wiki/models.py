"""Demografie-Wiki pages and the revisions that keep every change."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import Organisation, User
from lms.core.i18n import N_
from lms.core.models import CreatedAtMixin, utcnow
from lms.extensions import db
from lms.resources.models import EDITED, SHIPPED, ShippedOrEdited

__all__ = ["ACCEPTED", "DECLINED", "EDITED", "KIND_LABELS", "OPEN", "SHIPPED", "SIZE_CLASSES",
           "WikiPage", "WikiProposal", "WikiRevision"]

KIND_LABELS = {
    "leitfaden": N_("Leitfaden"),
    "methode": N_("Methode"),
    "praxisbeispiel": N_("Praxisbeispiel"),
}
"""The kinds of wiki pages with their German labels."""

SIZE_CLASSES = {
    "klein": N_("unter 5.000 Einwohner"),
    "kleinstadt": N_("5.000 bis 20.000 Einwohner"),
    "mittelstadt": N_("20.000 bis 100.000 Einwohner"),
    "grossstadt": N_("über 100.000 Einwohner"),
    "landkreis": N_("Landkreis oder Verband"),
}
"""Size classes of the municipality of a practice example (the official grouping)."""


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
    # Praxisbeispiel: the municipality's organisation in the network, if it is one.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    size_class: Mapped[str] = mapped_column(String(20), default="")  # see SIZE_CLASSES
    period: Mapped[str] = mapped_column(String(100), default="")
    contact_role: Mapped[str] = mapped_column(String(200), default="")
    results: Mapped[str] = mapped_column(Text, default="")
    transferable: Mapped[str] = mapped_column(Text, default="")  # „Was andere übernehmen können“
    image_file: Mapped[str] = mapped_column(String(300), default="")
    image_alt: Mapped[str] = mapped_column(String(300), default="")

    organisation: Mapped[Organisation | None] = relationship()
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
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the other fields
    note: Mapped[str] = mapped_column(String(300), default="")
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)

    page: Mapped[WikiPage] = relationship(back_populates="revisions")
    edited_by: Mapped[User | None] = relationship(foreign_keys=[edited_by_id])


OPEN = "open"
ACCEPTED = "accepted"
DECLINED = "declined"


class WikiProposal(CreatedAtMixin, db.Model):
    """A change a learner proposes; an author accepts it (it becomes a revision) or declines."""

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("wiki_page.id", ondelete="CASCADE"),
                                         index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    base_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("wiki_revision.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(10), default=OPEN, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(String(300), default="")

    page: Mapped[WikiPage] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
