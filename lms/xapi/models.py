"""LRS tables: statements with their filter terms, activities, documents, attachments, clients."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.models import CreatedAtMixin
from lms.extensions import db


class XapiStatement(db.Model):
    """One stored statement: the full JSON plus the columns that order and void it."""

    __tablename__ = "xapi_statement"
    __table_args__ = (Index("ix_xapi_statement_stored_seq", "stored", "seq"),)

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    statement_id: Mapped[str] = mapped_column(String(36), unique=True)
    stored: Mapped[datetime]
    verb_id: Mapped[str] = mapped_column(Text)
    voided: Mapped[bool] = mapped_column(default=False)
    is_voiding: Mapped[bool] = mapped_column(default=False)
    version: Mapped[str] = mapped_column(String(10))
    document: Mapped[str] = mapped_column(Text)


class XapiStatementTerm(db.Model):
    """A filter term of a statement; every filter walks the key ``(term, stored, seq)``.

    ``o:``/``a:`` object/related activity, ``p:``/``g:`` actor-or-object/related agent,
    ``v:`` verb, ``r:`` registration; further terms of a query are primary-key probes.
    """

    __tablename__ = "xapi_statement_term"
    __table_args__ = {"sqlite_with_rowid": False}

    term: Mapped[str] = mapped_column(String(600), primary_key=True)
    stored: Mapped[datetime] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True)


class XapiActivity(db.Model):
    """The merged definition of an activity as seen in stored statements."""

    __tablename__ = "xapi_activity"

    iri: Mapped[str] = mapped_column(String(600), primary_key=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class XapiAttachment(db.Model):
    """Raw attachment content, addressed by its SHA-256."""

    __tablename__ = "xapi_attachment"

    sha2: Mapped[str] = mapped_column(String(128), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class XapiDocument(db.Model):
    """A State, Activity Profile or Agent Profile document with its content type and ETag."""

    __tablename__ = "xapi_document"
    __table_args__ = (
        UniqueConstraint("kind", "activity_id", "agent_key", "registration", "document_id",
                         name="uq_xapi_document_address"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    activity_id: Mapped[str] = mapped_column(String(600), default="")
    agent_key: Mapped[str] = mapped_column(String(600), default="")
    registration: Mapped[str] = mapped_column(String(36), default="")
    document_id: Mapped[str] = mapped_column(String(600))
    content_type: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    etag: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime]


class LrsClient(CreatedAtMixin, db.Model):
    """A tool or content package that talks to the LRS with HTTP Basic key and secret."""

    __tablename__ = "xapi_client"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    key: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[str] = mapped_column(String(100), default="read,write")
    xapi_version: Mapped[str] = mapped_column(String(10), default="2.0.0")
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def scope_set(self) -> set[str]:
        return {scope for scope in self.scopes.split(",") if scope}


class LaunchCredential(CreatedAtMixin, db.Model):
    """Short-lived key and secret for one learner and one registration (launched content).

    A cmi5 launch is also an AU session: ``session_id`` is set, the secret is minted only when
    the AU calls the one-time fetch URL (``fetch_token_hash``), and the session's progress
    (initialized, terminated, abandoned, the cmi5 verbs used) is kept here so that the LRS can
    enforce the cmi5 statement rules. ``launch_info`` belongs to the launching feature.
    """

    __tablename__ = "xapi_launch_credential"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str | None] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(index=True)
    agent_key: Mapped[str] = mapped_column(String(600))
    agent: Mapped[dict[str, Any]] = mapped_column(JSON)
    registration: Mapped[str] = mapped_column(String(36), index=True)
    activity_id: Mapped[str] = mapped_column(String(600))
    expires_at: Mapped[datetime] = mapped_column(index=True)
    session_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    fetch_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    fetched_at: Mapped[datetime | None]
    launch_mode: Mapped[str | None] = mapped_column(String(10))
    mastery_score: Mapped[float | None]
    publisher_id: Mapped[str | None] = mapped_column(String(600))
    preferences_read_at: Mapped[datetime | None]
    initialized_at: Mapped[datetime | None]
    terminated_at: Mapped[datetime | None]
    abandoned_at: Mapped[datetime | None]
    last_statement_at: Mapped[datetime | None]
    session_verbs: Mapped[list[Any]] = mapped_column(JSON, default=list)
    launch_info: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    @property
    def is_cmi5(self) -> bool:
        return self.session_id is not None
