"""Writing statements: ids, stored, authority, filter terms, voiding, activity definitions."""

import json
import time
import uuid
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select, update

from lms import signals
from lms.extensions import db
from lms.xapi import bulk, jsontext
from lms.xapi.formats import (
    StatementError,
    comparable_duration,
    format_timestamp,
    parse_timestamp,
)
from lms.xapi.models import XapiActivity, XapiAttachment, XapiStatement, XapiStatementTerm
from lms.xapi.terms import activities_with_definitions, statement_terms
from lms.xapi.validation import VOIDED

MAX_REF_DEPTH = 10
ACTIVITY_CACHE_SIZE = 100_000
ACTIVITY_MEMORY_SECONDS = 60
IGNORED_IN_COMPARISON = ("id", "authority", "stored", "version", "timestamp")


class StatementConflict(StatementError):
    """A statement id is already stored with different content (HTTP 409)."""


def now_ms() -> datetime:
    """The current UTC time, truncated to milliseconds (the precision ``stored`` shows)."""
    moment = datetime.now(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def dumps(statement: dict) -> str:
    """Compact JSON text, as statements are stored."""
    return jsontext.dumps(statement)


def comparable(statement: dict, ignored=IGNORED_IN_COMPARISON) -> dict:
    """A statement without LRS-set properties, durations cut to 0.01 s, for comparisons."""
    core = {k: v for k, v in statement.items() if k not in ignored}
    duration = (core.get("result") or {}).get("duration")
    if isinstance(duration, str):
        core["result"] = {**core["result"], "duration": comparable_duration(duration)}
    return core


def same_statement(first: dict, second: dict) -> bool:
    """Whether two statements are the same apart from the properties the LRS sets."""
    return comparable(first) == comparable(second)


def _with_activity_lists(holder: dict) -> dict:
    """``holder`` (copied only if needed) with every context activity list an array."""
    activities = (holder.get("context") or {}).get("contextActivities")
    if not isinstance(activities, dict) or not any(
            isinstance(value, dict) for value in activities.values()):
        return holder
    lists = {key: [value] if isinstance(value, dict) else value
             for key, value in activities.items()}
    return {**holder, "context": {**holder["context"], "contextActivities": lists}}


def prepare(statements: list[dict], *, authority: dict, version: str, stored: datetime) -> list:
    """Copy statements and set id, stored, timestamp, authority and version."""
    stored_text = format_timestamp(stored)
    prepared = []
    for original in statements:
        statement = _with_activity_lists(dict(original))
        if statement["object"].get("objectType") == "SubStatement":
            statement["object"] = _with_activity_lists(statement["object"])
        statement["id"] = statement.get("id") or str(uuid.uuid4())
        statement["stored"] = stored_text
        if "timestamp" in statement:
            if not version.startswith("1."):
                moment = parse_timestamp(statement["timestamp"], "timestamp", version)
                statement["timestamp"] = format_timestamp(moment)
        else:
            statement["timestamp"] = stored_text
        statement["authority"] = authority
        statement.setdefault("version", "1.0.0" if version.startswith("1.") else "2.0.0")
        prepared.append(statement)
    ids = [statement["id"].lower() for statement in prepared]
    if len(set(ids)) != len(ids):
        raise StatementError("statement.id: the same id appears twice in one batch")
    return prepared


def _check_repeats(repeated: list[dict]) -> None:
    """Statements whose id is already stored must be identical to it, else 409."""
    table = XapiStatement.__table__
    ids = [statement["id"].lower() for statement in repeated]
    known = dict(db.session.execute(
        select(table.c.statement_id, table.c.document).where(table.c.statement_id.in_(ids))
    ).all())
    for statement in repeated:
        existing = known.get(statement["id"].lower())
        if existing is None or not same_statement(json.loads(existing), statement):
            raise StatementConflict(
                f"statement.id: {statement['id']} is already stored with different content")


def _stored_terms(statement_id: str, depth: int = 0) -> set[str]:
    """The filter terms of a stored statement, inherited along StatementRef chains."""
    table = XapiStatement.__table__
    document = db.session.execute(
        select(table.c.document).where(table.c.statement_id == statement_id)).scalar()
    if document is None:
        return set()
    statement = json.loads(document)
    found = statement_terms(statement)
    target = statement["object"]
    if target.get("objectType") == "StatementRef" and depth < MAX_REF_DEPTH:
        found |= _stored_terms(target["id"].lower(), depth + 1)
    return found


STATEMENT_COLUMNS = ("statement_id", "stored", "verb_id", "voided", "is_voiding", "version",
                     "document")
TERM_COLUMNS = ("term", "stored", "seq")


def insert_statements(prepared: list[dict], stored: datetime) -> list[dict]:
    """Insert new statements with terms, mark voided targets; return the newly stored ones.

    Ids already stored are skipped by the insert itself and then checked: identical is
    fine, different content raises :class:`StatementConflict`.
    """
    connection = db.session.connection()
    table = XapiStatement.__table__
    stored_value = bulk.driver_timestamp(connection, table, "stored", stored)
    rows = [(s["id"].lower(), stored_value, s["verb"]["id"], False, s["verb"]["id"] == VOIDED,
             s["version"], dumps(s)) for s in prepared]
    seqs = {statement_id: seq for seq, statement_id in bulk.insert(
        connection, table, STATEMENT_COLUMNS, rows, skip_conflicts=True,
        returning=("seq", "statement_id"))}
    fresh = [s for s in prepared if s["id"].lower() in seqs]
    if len(fresh) < len(prepared):
        _check_repeats([s for s in prepared if s["id"].lower() not in seqs])
    if not fresh:
        return fresh
    batch_terms = {s["id"].lower(): statement_terms(s) for s in fresh}
    refs = {s["id"].lower(): s["object"]["id"].lower() for s in fresh
            if s["object"].get("objectType") == "StatementRef"}
    # In batch order, so a ref to an earlier ref of the same batch inherits recursively.
    for statement_id, target in refs.items():
        batch_terms[statement_id] |= (batch_terms[target] if target in batch_terms
                                      else _stored_terms(target))
    # In key order: each row lands next to the one before, which SQLite inserts fastest.
    bulk.insert(connection, XapiStatementTerm.__table__, TERM_COLUMNS, sorted(
        (term, stored_value, seqs[statement_id])
        for statement_id, terms in batch_terms.items() for term in terms))
    voided = [s["object"]["id"].lower() for s in fresh if s["verb"]["id"] == VOIDED]
    if voided:
        db.session.execute(
            update(XapiStatement)
            .where(XapiStatement.statement_id.in_(voided), XapiStatement.is_voiding.is_(False))
            .values(voided=True)
        )
    return fresh


def merge_definition(old: dict, new: dict) -> dict:
    """Merge an activity definition: new values win, language maps and extensions combine."""
    merged = dict(old)
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _activity_cache() -> dict[str, tuple[dict, float]]:
    """Definitions this process committed or read, with when, so repeats cost no query.

    Another process may store a newer definition meanwhile; after
    ``ACTIVITY_MEMORY_SECONDS`` an entry is checked against the table again, so a
    definition sent later wins within that time ("latest definition wins").
    """
    cache = current_app.extensions.setdefault("xapi_activity_definitions", {})
    if len(cache) > ACTIVITY_CACHE_SIZE:
        cache.clear()
    return cache


def _already_stored(cache: dict[str, tuple[dict, float]], iri: str, definition: dict) -> bool:
    entry = cache.get(iri)
    if entry is None or time.monotonic() - entry[1] >= ACTIVITY_MEMORY_SECONDS:
        return False
    return merge_definition(entry[0], definition) == entry[0]


def remember_activities(fresh: list[dict]) -> dict[str, dict]:
    """Merge activity definitions into ``xapi_activity``; return what is stored now."""
    definitions: dict[str, dict] = {}
    for statement in fresh:
        for activity in activities_with_definitions(statement):
            iri = activity["id"]
            definitions[iri] = merge_definition(definitions.get(iri, {}),
                                                activity.get("definition") or {})
    cache = _activity_cache()
    definitions = {iri: d for iri, d in definitions.items()
                   if not _already_stored(cache, iri, d)}
    if not definitions:
        return {}
    table = XapiActivity.__table__
    inserted = {iri for (iri,) in bulk.insert(
        db.session.connection(), table, ("iri", "definition"),
        [(iri, json.dumps(definitions[iri])) for iri in sorted(definitions)],
        skip_conflicts=True, returning=("iri",))}
    known = sorted(set(definitions) - inserted)
    stored = dict(definitions)
    if known:
        rows = db.session.execute(
            select(table.c.iri, table.c.definition).where(table.c.iri.in_(known))).all()
        for iri, definition in rows:
            stored[iri] = merge_definition(definition or {}, definitions[iri])
            if stored[iri] != definition:
                db.session.execute(table.update().where(table.c.iri == iri)
                                   .values(definition=stored[iri]))
    return stored


def remember_committed(definitions: dict[str, dict]) -> None:
    """After a commit: the definitions written are now known to be stored."""
    now = time.monotonic()
    _activity_cache().update({iri: (definition, now) for iri, definition in definitions.items()})


def store_attachments(attachments: dict[str, tuple[str, bytes]]) -> None:
    """Keep attachment contents by SHA-256 (a content already stored is kept as is)."""
    bulk.insert(db.session.connection(), XapiAttachment.__table__,
                ("sha2", "content_type", "content"),
                [(sha2, content_type, content)
                 for sha2, (content_type, content) in sorted(attachments.items())],
                skip_conflicts=True)


def store(statements: list[dict], *, authority: dict, version: str,
          attachments: dict[str, tuple[str, bytes]] | None = None):
    """Store validated statements in the open transaction, send ``statement_stored``.

    Returns the ids and the activity definitions to pass to :func:`remember_committed`.
    """
    stored = now_ms()
    prepared = prepare(statements, authority=authority, version=version, stored=stored)
    fresh = insert_statements(prepared, stored)
    definitions = remember_activities(fresh)
    if attachments:
        store_attachments(attachments)
    if fresh:
        signals.statement_stored.send(statements=fresh)
    return [statement["id"] for statement in prepared], definitions
