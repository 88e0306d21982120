"""SCO attempts and launch sessions: which attempt a launch continues (resume) or starts
(new attempt), the scoped runtime token, and what the learner reached per SCO."""

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from lms.core.models import utcnow
from lms.extensions import db
from lms.scorm.models import ScormAttempt, ScormSession
from lms.xapi.services import hash_secret

SESSION_HOURS = 8
DONE_12 = ("completed", "passed", "failed")


@dataclass
class SessionRequest:
    """One launch of a SCO for a learner (plain values from the package kind)."""

    user_id: int
    version_id: int
    unit: dict
    registration: str
    scorm_version: str
    preview: bool
    sco_url: str
    navigation: dict


def latest_attempt(user_id: int, version_id: int, unit_key: str,
                   registration: str) -> ScormAttempt | None:
    """The learner's newest attempt on this SCO in this registration."""
    return db.session.scalar(
        select(ScormAttempt).where(
            ScormAttempt.user_id == user_id, ScormAttempt.module_version_id == version_id,
            ScormAttempt.unit_key == unit_key,
            ScormAttempt.registration == registration.lower())
        .order_by(ScormAttempt.number.desc()).limit(1))


def _new_attempt(request: SessionRequest, number: int) -> ScormAttempt:
    """A fresh attempt; SCORM 2004 objectives of the manifest are there from the start."""
    values, counts = {}, {}
    if request.scorm_version != "1.2":
        objectives = (request.unit.get("scorm") or {}).get("objectives") or []
        for index, identifier in enumerate(objectives):
            values[f"cmi.objectives.{index}.id"] = identifier
        if objectives:
            counts["cmi.objectives"] = len(objectives)
    attempt = ScormAttempt(
        user_id=request.user_id, module_version_id=request.version_id,
        unit_key=request.unit["key"], registration=request.registration.lower(),
        number=number, attempt_id=str(uuid.uuid4()), preview=request.preview,
        cmi_values=values, counts=counts, updated_at=utcnow())
    db.session.add(attempt)
    return attempt


def _entry(attempt: ScormAttempt) -> str:
    """``resume`` after a suspend, ``ab-initio`` for an attempt never initialized, else
    ``""`` (SCORM 1.2 continuing an attempt). Sessions left open were ended before."""
    if attempt.suspended:
        return "resume"
    initialized = db.session.scalar(
        select(ScormSession.id).where(ScormSession.attempt_id == attempt.id,
                                      ScormSession.initialized_at.is_not(None)).limit(1))
    return "" if initialized else "ab-initio"


def open_sessions(attempt: ScormAttempt) -> list[ScormSession]:
    """The attempt's sessions that have not ended."""
    return list(db.session.scalars(
        select(ScormSession).where(ScormSession.attempt_id == attempt.id,
                                   ScormSession.terminated_at.is_(None))
        .order_by(ScormSession.id)))


def open_session(request: SessionRequest) -> tuple[ScormSession, str]:
    """Continue the learner's attempt or start a new one (the previous one ended), and mint
    the token the API adapter uses for this launch only. The caller commits."""
    attempt = latest_attempt(request.user_id, request.version_id, request.unit["key"],
                             request.registration)
    if attempt is None or attempt.ended_at is not None:
        attempt = _new_attempt(request, attempt.number + 1 if attempt else 1)
        entry = "ab-initio"
    else:
        entry = _entry(attempt)
    token = secrets.token_urlsafe(32)
    session = ScormSession(
        attempt=attempt, token_hash=hash_secret(token), entry=entry,
        expires_at=datetime.now(UTC) + timedelta(hours=SESSION_HOURS),
        launch={"sco_url": request.sco_url, "navigation": request.navigation,
                "version": request.scorm_version})
    db.session.add(session)
    db.session.flush()
    return session, token


def session_for(token: str, *, lock: bool = False) -> ScormSession | None:
    """The session a runtime token belongs to (None if unknown)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    query = select(ScormSession).where(ScormSession.token_hash == hash_secret(token))
    if lock:
        query = query.with_for_update()
    return db.session.scalar(query)


def reached(user_id: int, version_id: int, registration: str) -> dict[str, dict]:
    """Per unit key what the learner reached over all attempts: the best status word and the
    completed/passed/failed flags the moveOn rules read."""
    rows = db.session.execute(
        select(ScormAttempt.unit_key, ScormAttempt.completion_status,
               ScormAttempt.success_status, ScormAttempt.suspended, ScormAttempt.ended_at)
        .where(ScormAttempt.user_id == user_id, ScormAttempt.module_version_id == version_id,
               ScormAttempt.registration == registration.lower())).all()
    found: dict[str, dict] = {}
    for key, completion, success, _suspended, _ended in rows:
        state = found.setdefault(key, {"status": "not attempted"})
        state["completed"] = state.get("completed", False) or completion == "completed"
        state["passed"] = state.get("passed", False) or success == "passed"
        state["failed"] = state.get("failed", False) or success == "failed"
        state["status"] = _better(state["status"], _word(completion, success))
    return found


def suspended_unit(user_id: int, version_id: int, registration: str) -> str | None:
    """The SCO the learner last suspended (where "Fortsetzen" leads), if any."""
    return db.session.scalar(
        select(ScormAttempt.unit_key).where(
            ScormAttempt.user_id == user_id, ScormAttempt.module_version_id == version_id,
            ScormAttempt.registration == registration.lower(),
            ScormAttempt.suspended.is_(True), ScormAttempt.ended_at.is_(None))
        .order_by(ScormAttempt.updated_at.desc()).limit(1))


def current_unit(user_id: int, version_id: int, registration: str) -> str | None:
    """The SCO launched last in this registration (where previous/next start from)."""
    return db.session.scalar(
        select(ScormAttempt.unit_key).join(ScormSession)
        .where(ScormAttempt.user_id == user_id, ScormAttempt.module_version_id == version_id,
               ScormAttempt.registration == registration.lower())
        .order_by(ScormSession.id.desc()).limit(1))


RANK = {"passed": 5, "completed": 4, "failed": 3, "incomplete": 2, "not attempted": 0}


def _word(completion: str, success: str) -> str:
    if success in ("passed", "failed"):
        return success
    if completion in ("completed", "incomplete"):
        return completion
    return "not attempted"


def _better(first: str, second: str) -> str:
    return first if RANK.get(first, 0) >= RANK.get(second, 0) else second
