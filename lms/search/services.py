"""Index and search: keep one document per source in step, find them ranked and grouped."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask import Flask, current_app
from sqlalchemy import and_, func, or_, select, text

from lms.core.models import utcnow
from lms.extensions import db
from lms.search import german
from lms.search.engine import engine_for
from lms.search.excerpts import excerpt, has_match, marked_title
from lms.search.models import SearchDocument

KINDS = ("modul", "modulseite", "wiki", "seminar")
"""The kinds of search results, in the order they are offered as filters."""
PER_GROUP = 5
PER_PAGE = 20
MAX_QUERY_LENGTH = 200

Reindexer = Callable[[], int]
"""Indexes every document of one kind afresh and returns how many it indexed."""


def register_source(app: Flask, kind: str, reindex: Reindexer) -> None:
    """Let ``lms reindex-search`` rebuild the documents of ``kind`` with ``reindex``."""
    app.extensions.setdefault("lms_search_sources", {})[kind] = reindex


def _engine():
    return engine_for(db.engine.dialect.name)


def _list_key(values: Iterable[str]) -> str:
    cleaned = [str(value).strip() for value in values or () if str(value).strip()]
    return "|" + "|".join(cleaned) + "|" if cleaned else ""


def index_document(kind: str, key: str, *, title: str, summary: str = "", body: str = "",
                   transcript: str = "", context: str = "", topics: Iterable[str] = ()) -> None:
    """Add or refresh the document of ``kind``/``key`` in the caller's transaction."""
    doc = db.session.scalar(select(SearchDocument).where(SearchDocument.kind == kind,
                                                          SearchDocument.key == key))
    if doc is None:
        doc = SearchDocument(kind=kind, key=key)
        db.session.add(doc)
    doc.title, doc.summary, doc.body = title[:300], summary or "", body or ""
    doc.transcript, doc.context = transcript or "", (context or "")[:300]
    doc.topics_key, doc.updated_at = _list_key(topics), utcnow()
    db.session.flush()
    _engine().write(db.session.connection(), doc)


def remove_document(kind: str, key: str) -> None:
    """Drop the document of ``kind``/``key`` (if any) in the caller's transaction."""
    doc = db.session.scalar(select(SearchDocument).where(SearchDocument.kind == kind,
                                                          SearchDocument.key == key))
    if doc is not None:
        db.session.delete(doc)
        db.session.flush()


def remove_documents(kind: str, key_prefix: str) -> None:
    """Drop every document of ``kind`` whose key starts with ``key_prefix``."""
    docs = db.session.scalars(select(SearchDocument).where(
        SearchDocument.kind == kind, SearchDocument.key.startswith(key_prefix, autoescape=True)))
    for doc in docs:
        db.session.delete(doc)
    db.session.flush()


def document_count() -> int:
    """How many documents the index holds."""
    return db.session.scalar(select(func.count()).select_from(SearchDocument)) or 0


def reindex_all() -> dict[str, int]:
    """Empty the index and let every registered source fill it again; commits."""
    db.session.execute(SearchDocument.__table__.delete())
    _engine().clear(db.session.connection())
    counts = {kind: reindex() for kind, reindex in
              current_app.extensions.get("lms_search_sources", {}).items()}
    db.session.commit()
    return counts


def ranked_keys(query: str, kind: str):
    """A subquery ``(key, score)`` of the ``kind`` documents matching ``query``, or None.

    Lists such as the wiki's join it to filter by words and order by relevance.
    """
    matches = _engine().matches(query or "")
    if matches is None:
        return None
    source = matches.subquery("m")
    return (select(SearchDocument.key.label("key"), source.c.score.label("score"))
            .join(source, source.c.doc_id == SearchDocument.id)
            .where(SearchDocument.kind == kind).subquery("ranked"))


@dataclass(frozen=True)
class Hit:
    """One result: which source, its title and excerpt with the matches marked."""

    kind: str
    key: str
    title: object
    excerpt: object
    context: str


@dataclass(frozen=True)
class Pages:
    """Pagination of one kind's results, shaped like Flask-SQLAlchemy's for the macro."""

    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    def iter_pages(self):
        """Page numbers near the current one, None for a gap."""
        shown = {1, self.pages, *range(self.page - 2, self.page + 3)}
        previous = 0
        for number in sorted(n for n in shown if 1 <= n <= self.pages):
            if number > previous + 1:
                yield None
            yield number
            previous = number


@dataclass
class Results:
    """What one search found: hits of the current page, or the best hits of each kind."""

    query: str
    kind: str = ""
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    groups: list[tuple[str, list[Hit]]] = field(default_factory=list)
    page: int = 1
    pages: int = 0
    understood: bool = True

    @property
    def pagination(self) -> Pages:
        """Pages of the filtered kind (one page when results are grouped)."""
        total = self.counts.get(self.kind, 0) if self.kind else self.total
        return Pages(self.page, self.pages, total)


def _ranked(matches, topic: str):
    """Every match with its rank and the number of matches within its kind (one FTS pass)."""
    source = matches.subquery("m")
    query = (select(SearchDocument.id.label("id"), SearchDocument.kind.label("kind"),
                    source.c.score.label("score"),
                    func.row_number().over(partition_by=SearchDocument.kind,
                                           order_by=(source.c.score, SearchDocument.id))
                    .label("rank"),
                    func.count().over(partition_by=SearchDocument.kind).label("in_kind"))
             .join(source, source.c.doc_id == SearchDocument.id))
    if topic:
        query = query.where(SearchDocument.topics_key.contains(f"|{topic}|", autoescape=True))
    return query.subquery("ranked")


def _hit(doc: SearchDocument, stems: set[str]) -> Hit:
    best = next((text for text in (doc.summary, doc.body, doc.transcript)
                 if text and has_match(text, stems)), doc.summary or doc.body)
    return Hit(doc.kind, doc.key, marked_title(doc.title, stems), excerpt(best, stems),
               doc.context)


def _run(query) -> list:
    """Run a search query with the engine's settings, undone afterwards (a savepoint)."""
    settings = _engine().search_settings
    if not settings:
        return db.session.execute(query).all()
    savepoint = db.session.begin_nested()
    try:
        for setting in settings:
            db.session.execute(text(setting))
        return db.session.execute(query).all()
    finally:
        savepoint.rollback()


def search(query: str, *, kind: str = "", topic: str = "", page: int = 1) -> Results:
    """Ranked documents matching every word of ``query`` (German word forms included).

    Without ``kind`` the best few of each kind come back, groups ordered by their best hit;
    with ``kind`` one page of that kind. ``understood`` is False when no word is searchable.
    """
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    results = Results(query=query, kind=kind, page=max(page, 1))
    matches = _engine().matches(query)
    if matches is None:
        results.understood = not query
        return results
    stems = {stem for group in german.stem_groups(query) for stem in group}
    ranked = _ranked(matches, topic)
    offset = (results.page - 1) * PER_PAGE
    if kind:  # one page of that kind, and the best of every other kind for its count
        wanted = or_(and_(ranked.c.kind == kind, ranked.c.rank > offset,
                          ranked.c.rank <= offset + PER_PAGE), ranked.c.rank == 1)
    else:
        wanted = ranked.c.rank <= PER_GROUP
    rows = _run(select(ranked).where(wanted).order_by(ranked.c.score, ranked.c.id))
    results.counts = {row.kind: row.in_kind for row in rows}
    results.total = sum(results.counts.values())
    docs = {doc.id: doc for doc in db.session.scalars(
        select(SearchDocument).where(SearchDocument.id.in_([row.id for row in rows])))}
    groups: dict[str, list[Hit]] = {}
    for row in rows:
        if not kind or (row.kind == kind and row.rank > offset):
            groups.setdefault(row.kind, []).append(_hit(docs[row.id], stems))
    results.groups = list(groups.items())  # in order of each kind's best hit
    count = results.counts.get(kind, 0) if kind else results.total
    results.pages = (count + PER_PAGE - 1) // PER_PAGE if kind else (1 if rows else 0)
    return results
