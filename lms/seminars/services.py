"""Seminar archive: queries, saving and deleting records, modules that point to content."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, extract, or_, select

from lms.core.errors import FieldError
from lms.core.models import utcnow
from lms.extensions import db
from lms.resources.catalog import json_list_contains
from lms.resources.content import RESERVED_SLUGS, SLUG_PATTERN, is_web_url
from lms.resources.links import forget_links, store_links
from lms.resources.registry import RelatedResource
from lms.search import services as search
from lms.search.text import plain_text
from lms.seminars.models import EDITED, SHIPPED, Seminar, SeminarRevision

__all__ = ["EDITED", "SHIPPED"]

LOCAL_ZONE = ZoneInfo("Europe/Berlin")

EDITABLE_FIELDS = ("title", "held_on", "duration_minutes", "speakers", "topics", "summary",
                   "description", "takeaways", "chapters", "recording_url", "slides_url",
                   "transcript", "related_wiki", "related_modules", "start_time",
                   "event_format", "online_url", "location", "capacity")
MEDIA_FIELDS = ("video_file", "captions", "slides_file")
SHIPPED_FIELDS = (*EDITABLE_FIELDS, *MEDIA_FIELDS, "version")


class SeminarError(FieldError):
    """A seminar record that cannot be saved; ``field`` names the form field at fault."""


def today() -> date:
    """Today's date in the network's time zone (seminar dates are local dates)."""
    return datetime.now(LOCAL_ZONE).date()


def upcoming_condition(on: date):
    """SQL: the seminar still lies ahead on ``on`` (today: until its recording is added)."""
    no_recording = and_(Seminar.video_file == "", Seminar.recording_url == "")
    return or_(Seminar.held_on > on, and_(Seminar.held_on == on, no_recording))


def is_upcoming(seminar: Seminar, on: date | None = None) -> bool:
    """True while the seminar lies ahead: never shown as archived."""
    on = on or today()
    has_recording = bool(seminar.video_file or seminar.recording_url)
    return seminar.held_on > on or (seminar.held_on == on and not has_recording)


def seminar_query(words: str = "", topic: str = "", year: int | None = None, *,
                  upcoming: bool = False) -> Select:
    """Visible archived (or ``upcoming``) seminars, filtered by search words, topic and year.

    The archive lists the newest first, upcoming seminars the next first; a search orders
    by relevance.
    """
    condition = upcoming_condition(today())
    query = select(Seminar).where(Seminar.deleted_at.is_(None),
                                  condition if upcoming else ~condition)
    if year:
        query = query.where(extract("year", Seminar.held_on) == year)
    if topic:
        query = query.where(json_list_contains(Seminar.topics, topic))
    ranked = search.ranked_keys(words, "seminar") if words else None
    if ranked is not None:
        query = query.join(ranked, ranked.c.key == Seminar.slug).order_by(ranked.c.score)
    if upcoming:
        return query.order_by(Seminar.held_on, Seminar.start_time, Seminar.title)
    return query.order_by(Seminar.held_on.desc(), Seminar.title)


def seminar_years() -> list[int]:
    """The years in which archived seminars were held, newest first."""
    dates = db.session.scalars(select(Seminar.held_on).where(
        Seminar.deleted_at.is_(None), ~upcoming_condition(today())))
    return sorted({held_on.year for held_on in dates}, reverse=True)


def seminar_by_slug(slug: str) -> Seminar | None:
    """The visible seminar with ``slug``."""
    return db.session.scalar(
        select(Seminar).where(Seminar.slug == slug, Seminar.deleted_at.is_(None))
    )


def seminars_on_topics(topics: list[str], limit: int = 3) -> list[RelatedResource]:
    """The newest visible seminars sharing at least one of ``topics``."""
    if not topics:
        return []
    query = (select(Seminar).where(Seminar.deleted_at.is_(None))
             .where(or_(*(json_list_contains(Seminar.topics, t) for t in topics)))
             .order_by(Seminar.held_on.desc(), Seminar.title))
    return [RelatedResource("seminar", seminar.slug, seminar.title, seminar.held_on)
            for seminar in db.session.scalars(query.limit(limit))]


def seminar_titles(slugs=None) -> dict[str, str]:
    """Titles by slug of the visible seminars (all, or those in ``slugs``)."""
    query = select(Seminar.slug, Seminar.title).where(Seminar.deleted_at.is_(None))
    if slugs is not None:
        query = query.where(Seminar.slug.in_(list(slugs)))
    return dict(db.session.execute(query).all())


def snapshot(seminar: Seminar) -> dict[str, Any]:
    """The record's content as plain JSON-able data."""
    data = {name: getattr(seminar, name) for name in SHIPPED_FIELDS}
    data["held_on"] = seminar.held_on.isoformat() if seminar.held_on else None
    data["start_time"] = seminar.start_time.isoformat() if seminar.start_time else None
    data["slug"] = seminar.slug
    return data


def keep_snapshot(seminar: Seminar, *, note: str, user_id: int | None = None) -> None:
    """Store the record's current content as a revision before it changes."""
    if seminar.id is None:
        return
    db.session.add(SeminarRevision(seminar_id=seminar.id, data=snapshot(seminar), note=note,
                                   edited_by_id=user_id))


def differs(seminar: Seminar, fields: dict[str, Any]) -> bool:
    """True if the shipped ``fields`` differ from what is stored."""
    return any(getattr(seminar, name) != fields[name] for name in SHIPPED_FIELDS)


def apply_shipped(seminar: Seminar, fields: dict[str, Any]) -> Seminar:
    """Overwrite ``seminar`` with the shipped ``fields``; it follows the files again."""
    seminar.slug = fields["slug"]
    for name in SHIPPED_FIELDS:
        setattr(seminar, name, fields[name])
    store_links("seminar", seminar.slug, seminar.description)
    seminar.source = SHIPPED
    index_seminar(seminar)
    seminar.deleted_at = None
    seminar.updated_at = utcnow()
    seminar.updated_by_id = None
    return seminar


def _check(slug: str, fields: dict[str, Any], current: Seminar | None) -> None:
    if not fields.get("title", "").strip():
        raise SeminarError(_l("Bitte geben Sie einen Titel an."), "title")
    if not isinstance(fields.get("held_on"), date):
        raise SeminarError(_l("Bitte geben Sie das Datum des Seminars an."), "held_on")
    if not fields.get("topics"):
        raise SeminarError(_l("Bitte wählen Sie mindestens ein Thema."), "topics")
    for name in ("recording_url", "slides_url", "online_url"):
        if fields.get(name) and not is_web_url(fields[name]):
            raise SeminarError(
                _l("Bitte geben Sie eine vollständige Adresse mit https:// an."), name)
    if current is None:
        if not SLUG_PATTERN.match(slug or "") or slug in RESERVED_SLUGS:
            raise SeminarError(_l("Die Kurzbezeichnung darf nur Kleinbuchstaben, Ziffern und "
                               "Bindestriche enthalten, z. B. mobilitaet-2026-02."), "slug")
        taken = db.session.scalar(select(Seminar).where(Seminar.slug == slug))
        if taken is not None:
            hint = _l(" (ein gelöschter Eintrag)") if taken.deleted_at else ""
            raise SeminarError(_l("Die Kurzbezeichnung „%(slug)s“ ist schon vergeben%(hint)s.",
                               slug=slug, hint=hint), "slug")


def save_seminar(seminar: Seminar | None, *, slug: str, fields: dict[str, Any],
                 user_id: int, note: str = "", base_version: str | None = None) -> Seminar:
    """Create or change a record from the browser; raises SeminarError and changes nothing.

    ``base_version`` is the ``updated_at`` the editor started from; a different stored value
    means someone saved in between.
    """
    _check(slug, fields, seminar)
    if seminar is not None and base_version and base_version != seminar.updated_at.isoformat():
        raise SeminarError(_l("Der Eintrag wurde inzwischen von jemand anderem geändert. Bitte "
                              "öffnen Sie ihn neu und übernehmen Sie Ihre Änderungen."))
    if seminar is None:
        seminar = Seminar(slug=slug, version="1.0.0")
        db.session.add(seminar)
    elif all(getattr(seminar, name) == fields[name] for name in EDITABLE_FIELDS):
        return seminar  # saved unchanged: no revision, still shipped, nobody's edit
    else:
        keep_snapshot(seminar, note=note or "Vor der Bearbeitung im Browser", user_id=user_id)
    for name in EDITABLE_FIELDS:
        setattr(seminar, name, fields[name])
    store_links("seminar", seminar.slug, seminar.description)
    seminar.source = EDITED
    index_seminar(seminar)
    seminar.updated_at = utcnow()
    seminar.updated_by_id = user_id
    db.session.flush()
    return seminar


def delete_seminar(seminar: Seminar, *, user_id: int) -> None:
    """Hide a record; its content stays as a revision and the slug stays taken."""
    keep_snapshot(seminar, note="Vor dem Löschen", user_id=user_id)
    seminar.deleted_at = utcnow()
    forget_links("seminar", seminar.slug)
    search.remove_document("seminar", seminar.slug)
    seminar.source = EDITED
    seminar.updated_by_id = user_id
    db.session.flush()


def index_seminar(seminar: Seminar) -> None:
    """Put the record's text, its key points and its transcript into the search index."""
    body = "\n".join([*(seminar.takeaways or []), plain_text(seminar.description),
                      *(chapter["title"] for chapter in seminar.chapters or [])])
    search.index_document(
        "seminar", seminar.slug, title=seminar.title, summary=seminar.summary, body=body,
        transcript=plain_text(seminar.transcript), context=", ".join(seminar.speakers or []),
        topics=seminar.topics)


def reindex_seminars() -> int:
    """Index every visible seminar afresh (``lms reindex-search``)."""
    seminars = list(db.session.scalars(select(Seminar).where(Seminar.deleted_at.is_(None))))
    for seminar in seminars:
        index_seminar(seminar)
    return len(seminars)
