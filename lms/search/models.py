"""The search index: one row per findable thing, beside the database's own full-text index."""

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.models import utcnow
from lms.extensions import db


class SearchDocument(db.Model):
    """What the search finds for one module, module page, wiki page or seminar.

    ``kind`` and ``key`` name the source (``modulseite`` keys are ``<module>/<position>``);
    the texts are plain text for ranking and excerpts. The engine's own index (SQLite FTS5
    or a PostgreSQL ``tsvector``) lives in ``search_fts``, keyed by ``id``.
    """

    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    key: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    transcript: Mapped[str] = mapped_column(Text, default="")
    context: Mapped[str] = mapped_column(String(300), default="")  # e.g. the module of a page
    topics_key: Mapped[str] = mapped_column(String(400), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
