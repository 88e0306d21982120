"""Wiki pages: search, editing with revisions, deleting, and what relates to a page."""

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select

from lms.accounts.models import Organisation
from lms.core.errors import FieldError
from lms.core.models import utcnow
from lms.core.topics import TOPIC_BY_SLUG
from lms.extensions import db
from lms.resources.catalog import json_list_contains
from lms.resources.content import RESERVED_SLUGS, SLUG_PATTERN
from lms.resources.links import forget_links, store_links
from lms.resources.markup import drop_title_heading
from lms.resources.registry import RelatedResource
from lms.search import services as search
from lms.search.text import plain_text
from lms.wiki.models import EDITED, KIND_LABELS, SHIPPED, SIZE_CLASSES, WikiPage, WikiRevision

PRACTICE_FIELDS = ("municipality", "state", "organisation_id", "size_class", "period",
                   "contact_role", "results", "transferable")
"""The structured fields of a Praxisbeispiel (emptied on other kinds of pages)."""
OTHER_FIELDS = ("kind", "topics", *PRACTICE_FIELDS, "image_file", "image_alt")
"""What a revision keeps in ``fields`` beside title, summary and body."""
CONTENT_FIELDS = ("title", "summary", "body", *OTHER_FIELDS)
SHIPPED_FIELDS = (*CONTENT_FIELDS, "version")
TEXT_LIMITS = {"title": 200, "municipality": 200, "state": 60, "period": 100,
               "contact_role": 200, "image_alt": 300, "results": 5000, "transferable": 5000}


class WikiConflict(ValueError):
    """Someone saved the page after the editor opened it: ``latest`` is their revision."""

    def __init__(self, base: WikiRevision | None, latest: WikiRevision):
        super().__init__("Die Seite wurde inzwischen geändert.")
        self.base = base
        self.latest = latest


class WikiError(FieldError):
    """A page that cannot be saved; ``field`` names the form field at fault."""


PRACTICE_FILTERS = ("state", "size_class", "municipality", "period", "contact_role",
                    "organisation_id")
"""Structured fields the list filters Praxisbeispiele by (exact values)."""


def page_query(search_words: str = "", kind: str = "", topic: str = "",
               practice: dict[str, Any] | None = None) -> Select:
    """Visible pages, filtered by kind, topic and Praxisbeispiel fields; by relevance when
    searched, else by title."""
    query = select(WikiPage).where(WikiPage.deleted_at.is_(None))
    for name, value in (practice or {}).items():
        if name in PRACTICE_FILTERS and value not in (None, ""):
            query = query.where(getattr(WikiPage, name) == value)
    if kind:
        query = query.where(WikiPage.kind == kind)
    if topic:
        query = query.where(json_list_contains(WikiPage.topics, topic))
    ranked = search.ranked_keys(search_words, "wiki") if search_words else None
    if ranked is not None:
        return query.join(ranked, ranked.c.key == WikiPage.slug).order_by(ranked.c.score,
                                                                         WikiPage.title)
    return query.order_by(WikiPage.title)


def practice_values(name: str) -> list[str]:
    """The distinct values of a Praxisbeispiel field among visible pages, for filter lists."""
    column = getattr(WikiPage, name)
    return list(db.session.scalars(
        select(column).distinct().where(WikiPage.deleted_at.is_(None),
                                        WikiPage.kind == "praxisbeispiel", column != "")
        .order_by(column)))


def page_by_slug(slug: str) -> WikiPage | None:
    """The visible page with ``slug``."""
    return db.session.scalar(
        select(WikiPage).where(WikiPage.slug == slug, WikiPage.deleted_at.is_(None))
    )


def deleted_pages() -> list[WikiPage]:
    """Pages deleted in the browser, most recently deleted first."""
    return list(db.session.scalars(
        select(WikiPage).where(WikiPage.deleted_at.is_not(None))
        .order_by(WikiPage.deleted_at.desc())
    ))


def deleted_page_by_slug(slug: str) -> WikiPage | None:
    """The deleted page with ``slug``."""
    return db.session.scalar(
        select(WikiPage).where(WikiPage.slug == slug, WikiPage.deleted_at.is_not(None))
    )


def restore_page(page: WikiPage, *, user_id: int) -> None:
    """Bring a deleted page back with its last content; the restore is a revision too."""
    page.deleted_at = None
    page.source = EDITED
    page.updated_at = utcnow()
    page.updated_by_id = user_id
    store_links("wiki", page.slug, page.body)
    index_page(page)
    add_revision(page, note="Seite wiederhergestellt", user_id=user_id)
    db.session.flush()


def revision_of(page: WikiPage, revision_id: int) -> WikiRevision | None:
    """Revision ``revision_id`` if it belongs to ``page``."""
    revision = db.session.get(WikiRevision, revision_id)
    return revision if revision is not None and revision.page_id == page.id else None


def latest_revision_id(page: WikiPage) -> int | None:
    """The id of the page's newest revision (to notice concurrent edits)."""
    return db.session.scalar(
        select(WikiRevision.id).where(WikiRevision.page_id == page.id)
        .order_by(WikiRevision.id.desc()).limit(1)
    )


def add_revision(page: WikiPage, *, note: str, user_id: int | None = None) -> WikiRevision:
    """Keep the page's current content (every field) as a revision."""
    revision = WikiRevision(page=page, title=page.title, summary=page.summary, body=page.body,
                            fields={name: getattr(page, name) for name in OTHER_FIELDS},
                            note=note[:300], edited_by_id=user_id, edited_at=utcnow())
    db.session.add(revision)
    return revision


def differs(page: WikiPage, fields: dict[str, Any]) -> bool:
    """True if the shipped ``fields`` differ from what is stored."""
    changed = any(getattr(page, name) != fields[name] for name in SHIPPED_FIELDS)
    return changed or ("updated_at" in fields and page.updated_at != fields["updated_at"])


def apply_shipped(page: WikiPage, fields: dict[str, Any], note: str) -> WikiPage:
    """Overwrite ``page`` with shipped ``fields`` and keep that state as a revision."""
    page.slug = fields["slug"]
    for name in SHIPPED_FIELDS:
        setattr(page, name, fields[name])
    store_links("wiki", page.slug, page.body)
    page.source = SHIPPED
    index_page(page)
    page.deleted_at = None
    page.updated_at = fields.get("updated_at") or utcnow()
    page.updated_by_id = None
    add_revision(page, note=note)
    return page


def check_fields(fields: dict[str, Any]) -> None:
    """Raise WikiError for the first field a page cannot be saved with."""
    if not (fields.get("title") or "").strip():
        raise WikiError(_l("Bitte geben Sie einen Titel an."), "title")
    if fields.get("kind") not in KIND_LABELS:
        raise WikiError(_l("Bitte wählen Sie die Art der Seite."), "kind")
    topics = fields.get("topics") or []
    if not topics or any(topic not in TOPIC_BY_SLUG for topic in topics):
        raise WikiError(_l("Bitte wählen Sie mindestens ein Thema."), "topics")
    if not (fields.get("body") or "").strip():
        raise WikiError(_l("Bitte schreiben Sie einen Text für die Seite."), "body")
    for name, limit in TEXT_LIMITS.items():
        if len(str(fields.get(name) or "")) > limit:
            raise WikiError(_l("Bitte höchstens %(limit)d Zeichen.", limit=limit), name)
    if fields.get("image_file") and not (fields.get("image_alt") or "").strip():
        raise WikiError(_l("Bitte beschreiben Sie das Bild in einem Satz (Alternativtext)."),
                        "image_alt")
    if fields["kind"] == "praxisbeispiel":
        _check_practice(fields)


def _check_practice(fields: dict[str, Any]) -> None:
    if not (fields.get("municipality") or "").strip():
        raise WikiError(_l("Ein Praxisbeispiel braucht die Kommune."), "municipality")
    if not (fields.get("state") or "").strip():
        raise WikiError(_l("Ein Praxisbeispiel braucht das Land."), "state")
    if (fields.get("size_class") or "") not in ("", *SIZE_CLASSES):
        raise WikiError(_l("Bitte wählen Sie eine der Größenklassen."), "size_class")
    organisation_id = fields.get("organisation_id")
    if organisation_id and db.session.get(Organisation, organisation_id) is None:
        raise WikiError(_l("Diese Organisation gibt es nicht (mehr)."), "organisation_id")


def check_new_slug(slug: str) -> None:
    """Raise WikiError unless ``slug`` is well-formed and not taken (also not by a deleted page)."""
    if not SLUG_PATTERN.match(slug or "") or slug in RESERVED_SLUGS or len(slug) > 100:
        raise WikiError(_l("Die Kurzbezeichnung darf nur Kleinbuchstaben, Ziffern und Bindestriche "
                        "enthalten, z. B. buergerbus-gruenden."), "slug")
    taken = db.session.scalar(select(WikiPage).where(WikiPage.slug == slug))
    if taken is not None:
        hint = _l(" (von einer gelöschten Seite)") if taken.deleted_at else ""
        raise WikiError(_l("Die Kurzbezeichnung „%(slug)s“ ist schon vergeben%(hint)s.",
                           slug=slug, hint=hint), "slug")


def save_page(page: WikiPage | None, *, slug: str, fields: dict[str, Any], user_id: int,
              note: str, base_revision_id: int | None = None) -> WikiPage:
    """Create or change a page from the browser and keep the result as a revision.

    Raises WikiError and changes nothing on bad input; WikiConflict when someone saved
    after ``base_revision_id`` (the editor then merges, see routes).
    """
    check_fields(fields)
    if page is None:
        check_new_slug(slug)
        page = WikiPage(slug=slug, version="1.0.0")
        db.session.add(page)
    elif base_revision_id is not None and base_revision_id != latest_revision_id(page):
        raise WikiConflict(revision_of(page, base_revision_id),
                           revision_of(page, latest_revision_id(page)))
    for name in CONTENT_FIELDS:
        value = fields.get(name, getattr(page, name))
        setattr(page, name, value.strip() if isinstance(value, str) else value)
    if page.kind != "praxisbeispiel":
        for name in PRACTICE_FIELDS:
            setattr(page, name, None if name == "organisation_id" else "")
    store_links("wiki", page.slug, page.body)
    page.source = EDITED
    index_page(page)
    page.updated_at = utcnow()
    page.updated_by_id = user_id
    add_revision(page, note=note or "Im Browser bearbeitet", user_id=user_id)
    db.session.flush()
    return page


def delete_page(page: WikiPage, *, user_id: int) -> None:
    """Hide a page; every revision stays and the slug stays taken."""
    page.deleted_at = utcnow()
    forget_links("wiki", page.slug)
    search.remove_document("wiki", page.slug)
    page.source = EDITED
    page.updated_by_id = user_id
    add_revision(page, note="Seite gelöscht", user_id=user_id)
    db.session.flush()


def shipped_timestamp(day) -> datetime:
    """The ``updated`` date of a shipped file as a UTC timestamp at midnight."""
    return datetime(day.year, day.month, day.day, tzinfo=utcnow().tzinfo)


def page_titles(slugs=None) -> dict[str, str]:
    """Titles by slug of the visible pages (all, or those in ``slugs``)."""
    query = select(WikiPage.slug, WikiPage.title).where(WikiPage.deleted_at.is_(None))
    if slugs is not None:
        query = query.where(WikiPage.slug.in_(list(slugs)))
    return dict(db.session.execute(query).all())


def pages_on_topics(topics: list[str], limit: int = 3) -> list[RelatedResource]:
    """Visible pages sharing at least one of ``topics``, in title order."""
    if not topics:
        return []
    query = page_query().where(or_(*(json_list_contains(WikiPage.topics, t) for t in topics)))
    return [RelatedResource("wiki", page.slug, page.title)
            for page in db.session.scalars(query.limit(limit))]


def index_page(page: WikiPage) -> None:
    """Put the page's current text into the search index (same transaction)."""
    context = ", ".join(part for part in (page.municipality, page.state) if part)
    text = plain_text(drop_title_heading(page.body or "", page.title or ""))
    body = "\n".join([text, *(getattr(page, name) or "" for name in (
        "results", "transferable", "period", "contact_role"))])
    search.index_document("wiki", page.slug, title=page.title, summary=page.summary,
                          body=body, context=context, topics=page.topics)


def reindex_pages() -> int:
    """Index every visible page afresh (``lms reindex-search``)."""
    pages = list(db.session.scalars(select(WikiPage).where(WikiPage.deleted_at.is_(None))))
    for page in pages:
        index_page(page)
    return len(pages)
