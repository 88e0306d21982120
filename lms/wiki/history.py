"""The history of wiki pages: comparing any two revisions, recent changes, the Atom feed."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from lms.core.i18n import N_
from lms.extensions import db
from lms.resources.diff import FieldDiff, fields_diff
from lms.wiki.models import SIZE_CLASSES, WikiPage, WikiRevision

DIFF_LABELS = {
    "title": N_("Titel"),
    "summary": N_("Kurzfassung"),
    "body": N_("Text"),
    "municipality": N_("Kommune"),
    "state": N_("Land"),
    "size_class": N_("Größenklasse"),
    "period": N_("Zeitraum"),
    "contact_role": N_("Ansprechpartner (Rolle)"),
    "results": N_("Ergebnisse"),
    "transferable": N_("Was andere übernehmen können"),
    "image_alt": N_("Bild (Alternativtext)"),
}
"""Fields compared between revisions, with their German labels, in page order."""


def revision_fields(revision: WikiRevision) -> dict[str, str]:
    """Every compared field of ``revision`` as text (older revisions lack the extra fields)."""
    values = {"title": revision.title, "summary": revision.summary, "body": revision.body}
    extra = revision.fields or {}
    values.update({name: str(extra.get(name) or "") for name in DIFF_LABELS if name in extra})
    if values.get("size_class"):
        values["size_class"] = SIZE_CLASSES.get(values["size_class"], values["size_class"])
    return values


def compare(older: WikiRevision, newer: WikiRevision) -> list[FieldDiff]:
    """The word-level differences of every field from ``older`` to ``newer``."""
    return fields_diff(revision_fields(older), revision_fields(newer), DIFF_LABELS)


def compare_texts(older: dict[str, str], newer: dict[str, str]) -> list[FieldDiff]:
    """The same for two sets of field values (an editor's text against a revision)."""
    return fields_diff(older, newer, DIFF_LABELS)


def previous_revision(revision: WikiRevision) -> WikiRevision | None:
    """The revision of the same page just before ``revision``."""
    return db.session.scalar(
        select(WikiRevision).where(WikiRevision.page_id == revision.page_id,
                                   WikiRevision.id < revision.id)
        .order_by(WikiRevision.id.desc()).limit(1))


def ordered(first: WikiRevision, second: WikiRevision) -> tuple[WikiRevision, WikiRevision]:
    """The two revisions, older first."""
    return (first, second) if first.id <= second.id else (second, first)


@dataclass(frozen=True)
class Change:
    """One entry of the recent changes: which page, which revision, when, by whom, why."""

    page: WikiPage
    revision: WikiRevision
    previous_id: int | None


def recent_changes_query() -> Select:
    """Revisions of visible pages, newest first, page and editor loaded."""
    return (select(WikiRevision).join(WikiPage, WikiRevision.page_id == WikiPage.id)
            .where(WikiPage.deleted_at.is_(None))
            .options(joinedload(WikiRevision.page), joinedload(WikiRevision.edited_by))
            .order_by(WikiRevision.edited_at.desc(), WikiRevision.id.desc()))


def as_changes(revisions: list[WikiRevision]) -> list[Change]:
    """Each revision with the id of the one before it (for a link to the difference)."""
    return [Change(revision.page, revision, _previous_id(revision)) for revision in revisions]


def _previous_id(revision: WikiRevision) -> int | None:
    return db.session.scalar(
        select(WikiRevision.id).where(WikiRevision.page_id == revision.page_id,
                                      WikiRevision.id < revision.id)
        .order_by(WikiRevision.id.desc()).limit(1))


def feed_updated(changes: list[Change]) -> datetime | None:
    """The time of the newest change (the feed's ``updated``)."""
    return changes[0].revision.edited_at if changes else None
