"""State, Activity Profile and Agent Profile documents with ETags and JSON merge."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from lms.extensions import db
from lms.xapi import jsontext
from lms.xapi.formats import StatementError, agent_key
from lms.xapi.models import XapiDocument
from lms.xapi.storage import now_ms

STATE = "state"
ACTIVITY_PROFILE = "activity_profile"
AGENT_PROFILE = "agent_profile"
JSON_TYPE = "application/json"


class PreconditionFailed(StatementError):
    """An If-Match / If-None-Match precondition does not hold (HTTP 412)."""


@dataclass(frozen=True)
class Address:
    """Where a document lives: its kind, activity, agent, registration and id."""

    kind: str
    activity_id: str = ""
    agent: dict | None = None
    registration: str = ""

    @property
    def agent_key(self) -> str:
        if self.agent is None:
            return ""
        key = agent_key(self.agent)
        if key is None:
            raise StatementError("agent: must identify an agent")
        return key

    def where(self):
        return (XapiDocument.kind == self.kind, XapiDocument.activity_id == self.activity_id,
                XapiDocument.agent_key == self.agent_key,
                XapiDocument.registration == (self.registration or "").lower())


def etag_of(content: bytes) -> str:
    """The ETag of a document: the SHA-1 of its bytes."""
    return hashlib.sha1(content).hexdigest()


def is_json(content_type: str | None) -> bool:
    return (content_type or "").split(";")[0].strip().lower() == JSON_TYPE


def get_document(address: Address, document_id: str) -> XapiDocument | None:
    """The document ``document_id`` at ``address`` or ``None``."""
    return db.session.execute(
        select(XapiDocument).where(*address.where(), XapiDocument.document_id == document_id)
    ).scalar_one_or_none()


def list_document_ids(address: Address, since: datetime | None = None) -> list[str]:
    """The ids of all documents at ``address`` (changed after ``since`` if given)."""
    query = select(XapiDocument.document_id).where(*address.where())
    if since is not None:
        query = query.where(XapiDocument.updated_at > since)
    return list(db.session.execute(query.order_by(XapiDocument.document_id)).scalars())


def last_modified(address: Address) -> datetime | None:
    """When the newest document at ``address`` changed."""
    docs = db.session.execute(select(XapiDocument.updated_at).where(*address.where())).scalars()
    return max(docs, default=None)


def check_preconditions(existing: XapiDocument | None, if_match: str | None,
                        if_none_match: str | None) -> None:
    """Raise :class:`PreconditionFailed` when an If-Match / If-None-Match header fails."""
    current = existing.etag if existing else None
    if if_match is not None:
        wanted = {tag.strip().strip('"') for tag in if_match.split(",")}
        if current is None or ("*" not in wanted and current not in wanted):
            raise PreconditionFailed("If-Match: the document has changed or does not exist")
    if if_none_match is not None:
        wanted = {tag.strip().strip('"') for tag in if_none_match.split(",")}
        if current is not None and ("*" in wanted or current in wanted):
            raise PreconditionFailed("If-None-Match: the document already exists")


def save_document(address: Address, document_id: str, content: bytes, content_type: str, *,
                  merge: bool = False) -> XapiDocument:
    """PUT (replace) or POST (merge JSON objects) a document; the caller commits."""
    _check_lengths(address, document_id, content_type)
    existing = get_document(address, document_id)
    content_type = content_type or "application/octet-stream"
    if merge:
        content, content_type = _merged(existing, content, content_type)
    moment = now_ms()
    if existing is None:
        existing = XapiDocument(kind=address.kind, activity_id=address.activity_id,
                                agent_key=address.agent_key,
                                registration=(address.registration or "").lower(),
                                document_id=document_id)
        db.session.add(existing)
    existing.content = content
    existing.content_type = content_type
    existing.etag = etag_of(content)
    existing.updated_at = moment
    return existing


def _check_lengths(address: Address, document_id: str, content_type: str) -> None:
    """Refuse what the columns cannot hold (PostgreSQL would fail the insert)."""
    for name, value, column in (
            ("activityId", address.activity_id, XapiDocument.activity_id),
            ("agent", address.agent_key, XapiDocument.agent_key),
            ("document id", document_id, XapiDocument.document_id),
            ("Content-Type", content_type, XapiDocument.content_type)):
        limit = column.type.length
        if len(value or "") > limit:
            raise StatementError(f"{name}: longer than the {limit} characters Lernraum stores")


def _merged(existing: XapiDocument | None, content: bytes, content_type: str):
    if existing is None:
        if is_json(content_type):
            _json_object(content, "document")
        return content, content_type
    if not is_json(content_type) or not is_json(existing.content_type):
        raise StatementError("Content-Type: POST merges only application/json documents")
    merged = {**_json_object(existing.content, "stored document"),
              **_json_object(content, "document")}
    return json.dumps(merged, separators=(",", ":"), ensure_ascii=False).encode(), JSON_TYPE


def _json_object(content: bytes, name: str) -> dict:
    try:
        value = jsontext.loads(content or b"")
    except jsontext.JsonTextError as error:
        raise StatementError(f"{name}: is not valid JSON ({error})") from error
    if not isinstance(value, dict):
        raise StatementError(f"{name}: must be a JSON object to be merged")
    return value


def delete_documents(address: Address, document_id: str | None = None) -> int:
    """Delete one document, or all at ``address`` when ``document_id`` is ``None``."""
    query = delete(XapiDocument).where(*address.where())
    if document_id is not None:
        query = query.where(XapiDocument.document_id == document_id)
    return db.session.execute(query).rowcount
