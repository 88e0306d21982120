"""Forwarding: targets admins configure, the outbox filled with each stored statement, drains.

Every stored statement that a target's filter lets through gets an outbox row in the
statement's own transaction, so nothing stored can miss the outbox. A queued drain sends
a target's oldest rows in batches, in order, and deletes them only once the target LRS
acknowledged them: at least once, and exactly once at the target because statement ids
are kept (an LRS accepts a statement it already has with the same content again).
"""

import base64
import hashlib
import time
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from sqlalchemy import delete, func, select

from lms.accounts.models import User
from lms.core.models import utcnow
from lms.extensions import db
from lms.forwarding import client
from lms.forwarding.models import ForwardOutbox, ForwardRejection, ForwardTarget
from lms.xapi import bulk
from lms.xapi.models import XapiStatement
from lms.xapi.terms import activities_with_definitions

VERSIONS = ("1.0.3", "2.0.0")
BATCH_SIZE = 100
TARGET_MEMORY_SECONDS = 5
"""How long a process trusts its list of active targets (changes elsewhere need this long)."""


class ForwardingError(ValueError):
    """A target setting that cannot work; the message is German and names the field."""


class ForwardFailed(RuntimeError):
    """The target LRS did not take a batch; the queue tries again later."""


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"lernraum-forwarding:" + current_app.secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(password: str) -> str:
    """The password encrypted with a key derived from the app's secret key."""
    return _fernet().encrypt(password.encode()).decode() if password else ""


def unseal(sealed: str) -> str:
    """The password back; empty if the secret key changed since it was sealed."""
    try:
        return _fernet().decrypt(sealed.encode()).decode() if sealed else ""
    except InvalidToken:
        return ""


def create_target(*, name: str, endpoint: str, username: str = "", password: str = "",
                  xapi_version: str = "1.0.3", activity_prefix: str = "",
                  organisation_id: int | None = None) -> ForwardTarget:
    """Store a new target after checking its settings; raises :class:`ForwardingError`."""
    name, endpoint = (name or "").strip(), (endpoint or "").strip()
    if not name:
        raise ForwardingError("Name: Bitte geben Sie einen Namen ein.")
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ForwardingError("Adresse: Bitte geben Sie die Adresse des LRS mit http:// oder "
                              "https:// an, z. B. https://lrs.example.org/xapi/.")
    if xapi_version not in VERSIONS:
        raise ForwardingError("xAPI-Version: Bitte wählen Sie 1.0.3 oder 2.0.0.")
    target = ForwardTarget(name=name[:120], endpoint=endpoint, username=username.strip(),
                           password_sealed=seal(password), xapi_version=xapi_version,
                           activity_prefix=(activity_prefix or "").strip(),
                           organisation_id=organisation_id)
    db.session.add(target)
    db.session.commit()
    _targets_seen().clear()
    return target


def set_active(target: ForwardTarget, active: bool) -> None:
    """Pause or resume a target; a paused target collects no new outbox rows."""
    target.active = active
    db.session.commit()
    _targets_seen().clear()


def all_targets() -> list[ForwardTarget]:
    """Every target, oldest first."""
    return list(db.session.scalars(select(ForwardTarget).order_by(ForwardTarget.id)))


def backlogs() -> dict[int, int]:
    """Statements waiting per target."""
    return dict(db.session.execute(
        select(ForwardOutbox.target_id, func.count()).group_by(ForwardOutbox.target_id)).all())


def rejections(target_id: int, limit: int = 20) -> list[ForwardRejection]:
    """The newest statements the target refused."""
    return list(db.session.scalars(
        select(ForwardRejection).where(ForwardRejection.target_id == target_id)
        .order_by(ForwardRejection.id.desc()).limit(limit)))


def _targets_seen() -> dict:
    return current_app.extensions.setdefault("lms_forward_targets", {})


def active_targets() -> list[tuple[int, str, int | None]]:
    """(id, activity prefix, organisation id) of the active targets, remembered for 5 s."""
    seen = _targets_seen()
    if seen and time.monotonic() - seen["at"] < TARGET_MEMORY_SECONDS:
        return seen["targets"]
    targets = [tuple(row) for row in db.session.execute(
        select(ForwardTarget.id, ForwardTarget.activity_prefix, ForwardTarget.organisation_id)
        .where(ForwardTarget.active.is_(True)).order_by(ForwardTarget.id))]
    seen.update(at=time.monotonic(), targets=targets)
    return targets


def _learner_name(statement: dict) -> str | None:
    account = (statement.get("actor") or {}).get("account") or {}
    if account.get("homePage", "").rstrip("/") == current_app.config["BASE_URL"].rstrip("/"):
        return account.get("name")
    return None


def _members(organisation_ids: set[int], names: set[str]) -> dict[int, set[str]]:
    members = {organisation_id: set() for organisation_id in organisation_ids}
    if organisation_ids and names:
        for organisation_id, name in db.session.execute(
                select(User.organisation_id, User.xapi_name).where(
                    User.organisation_id.in_(organisation_ids), User.xapi_name.in_(names))):
            members[organisation_id].add(name)
    return members


def add_to_outbox(statements: list[dict]) -> list[int]:
    """Outbox rows for every active target whose filter matches; returns the targets fed."""
    targets = active_targets()
    if not targets:
        return []
    organisations = {organisation for _, _, organisation in targets if organisation}
    names = {_learner_name(s) for s in statements} - {None} if organisations else set()
    members = _members(organisations, names)
    rows = []
    for target_id, prefix, organisation in targets:
        for statement in statements:
            if prefix and not any(activity["id"].startswith(prefix)
                                  for activity in activities_with_definitions(statement)):
                continue
            if organisation and _learner_name(statement) not in members[organisation]:
                continue
            rows.append((target_id, statement["id"].lower()))
    bulk.insert(db.session.connection(), ForwardOutbox.__table__,
                ("target_id", "statement_id"), rows)
    return sorted({target_id for target_id, _ in rows})


def _fail(target: ForwardTarget, message: str) -> None:
    target.last_error, target.last_error_at = message[:2000], utcnow()
    db.session.commit()
    raise ForwardFailed(f"{target.name}: {message}")


def _send(target: ForwardTarget, texts: list[str]) -> client.Answer:
    try:
        answer = client.post_statements(target.endpoint, target.username,
                                        unseal(target.password_sealed), target.xapi_version,
                                        texts)
    except client.Unreachable as error:
        _fail(target, f"nicht erreichbar ({error})")
    if not answer.stored and not answer.refused:
        _fail(target, f"HTTP {answer.status}: {answer.text[:500]}")
    return answer


def _send_one_by_one(target: ForwardTarget, batch: list[tuple[str, str]]) -> None:
    """A refused batch: send each statement alone; keep the ones refused as rejections."""
    for statement_id, text in batch:
        answer = _send(target, [text])
        if answer.refused:
            db.session.add(ForwardRejection(target_id=target.id, statement_id=statement_id,
                                            answer=f"HTTP {answer.status}: {answer.text}",
                                            rejected_at=utcnow()))


def drain(target_id: int, *, batch_size: int = BATCH_SIZE, max_batches: int = 50) -> int:
    """Send the target's oldest waiting statements, batch by batch; how many were sent."""
    target = db.session.get(ForwardTarget, target_id)
    if target is None or not target.active:
        return 0
    sent = 0
    for _ in range(max_batches):
        rows = db.session.execute(
            select(ForwardOutbox.id, ForwardOutbox.statement_id)
            .where(ForwardOutbox.target_id == target_id)
            .order_by(ForwardOutbox.id).limit(batch_size)).all()
        if not rows:
            break
        documents = dict(db.session.execute(
            select(XapiStatement.statement_id, XapiStatement.document)
            .where(XapiStatement.statement_id.in_([row.statement_id for row in rows]))).all())
        batch = [(row.statement_id, client.for_version(documents[row.statement_id],
                                                       target.xapi_version))
                 for row in rows if row.statement_id in documents]
        if batch and _send(target, [text for _, text in batch]).refused:
            _send_one_by_one(target, batch)
        db.session.execute(delete(ForwardOutbox).where(
            ForwardOutbox.id.in_([row.id for row in rows])))
        target.forwarded += len(batch)
        target.last_success_at, target.last_error = utcnow(), None
        db.session.commit()
        sent += len(batch)
    return sent
