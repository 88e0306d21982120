"""The statement rules the LRS enforces for cmi5 AU sessions (cmi5 sections 6.3, 7.1, 9, 10).

A statement sent with the credentials of a cmi5 session is refused (403, nothing of the batch
is stored) when it breaks a rule the specification sets for AUs: order (initialized first,
nothing after terminated or abandoned), the context template (session id, publisher id),
the object of cmi5 defined statements, result rules, moveOn category, masteryScore, launch
mode, and verbs used once per session or registration. ``cmi5 allowed`` statements (other
verbs, without the cmi5 category) only need the context template and the session order.
"""

import re
from datetime import UTC, datetime

from lms import signals
from lms.core.vocabulary import Verb
from lms.extensions import db
from lms.xapi import queries
from lms.xapi.http import XapiError
from lms.xapi.launches import session_ended
from lms.xapi.models import LaunchCredential

CMI5 = "https://w3id.org/xapi/cmi5/"
CATEGORY = CMI5 + "context/categories/cmi5"
MOVE_ON_CATEGORY = CMI5 + "context/categories/moveon"
SESSION_ID = CMI5 + "context/extensions/sessionid"
MASTERY_SCORE = CMI5 + "context/extensions/masteryscore"
LAUNCH_DATA = "LMS.LaunchData"
UTC_TIMESTAMP = re.compile(r"(Z|\+00(:?00)?)$")
DEFINED = (Verb.INITIALIZED, Verb.COMPLETED, Verb.PASSED, Verb.FAILED, Verb.TERMINATED)
JUDGED = (Verb.PASSED, Verb.FAILED)
ONCE_PER_REGISTRATION = (Verb.COMPLETED, Verb.PASSED)


def _refuse(rule: str, message: str) -> XapiError:
    return XapiError(403, f"cmi5 {rule}: {message}")


LEARNER_PREFERENCES = "cmi5LearnerPreferences"


def note_preferences_read(session: LaunchCredential, profile_id: str | None) -> None:
    """cmi5 11.0: the AU reads the learner preferences on startup (found or not); commits."""
    if profile_id == LEARNER_PREFERENCES and session.preferences_read_at is None:
        session.preferences_read_at = datetime.now(UTC)
        db.session.commit()


def check_state_request(state_id: str | None, *, write: bool) -> None:
    """cmi5 10.2.1: the AU must not change or delete ``LMS.LaunchData``."""
    if write and (state_id is None or state_id == LAUNCH_DATA):
        raise _refuse("10.2.1", "LMS.LaunchData belongs to the LMS and cannot be changed by the AU")


def _categories(statement: dict) -> set[str]:
    category = ((statement.get("context") or {}).get("contextActivities") or {}).get("category")
    if isinstance(category, dict):
        category = [category]
    return {item.get("id") for item in category or [] if isinstance(item, dict)}


def _check_template(session: LaunchCredential, statement: dict) -> None:
    """Every statement carries its id, the session id and the publisher id grouping (9.1,
    10.2.1)."""
    if not statement.get("id"):
        raise _refuse("9.1", "the AU assigns every statement an id")
    context = statement.get("context") or {}
    if (context.get("extensions") or {}).get(SESSION_ID) != session.session_id:
        raise _refuse("9.6.3.1", "context.extensions must carry this session's sessionid")
    grouping = (context.get("contextActivities") or {}).get("grouping")
    if isinstance(grouping, dict):
        grouping = [grouping]
    if session.publisher_id not in {g.get("id") for g in grouping or [] if isinstance(g, dict)}:
        raise _refuse("9.6.2.3", "context.contextActivities.grouping must contain the AU's "
                                 "publisher id")
    timestamp = statement.get("timestamp")
    if not timestamp:
        raise _refuse("9.7", "every statement needs a timestamp")
    if not UTC_TIMESTAMP.search(str(timestamp)):
        raise _refuse("9.7", "timestamps are recorded in UTC (Z or +00:00)")


def _check_result(session: LaunchCredential, statement: dict, verb: str) -> None:
    """Result rules of cmi5 defined statements (9.5, 9.6.2.2)."""
    result = statement.get("result") or {}
    if verb == Verb.COMPLETED and result.get("completion") is not True:
        raise _refuse("9.5.3", "completed needs result.completion = true")
    if verb != Verb.COMPLETED and "completion" in result:
        raise _refuse("9.5.3", "only completed may carry result.completion")
    if verb == Verb.PASSED and result.get("success") is not True:
        raise _refuse("9.5.2", "passed needs result.success = true")
    if verb == Verb.FAILED and result.get("success") is not False:
        raise _refuse("9.5.2", "failed needs result.success = false")
    if verb not in JUDGED and "success" in result:
        raise _refuse("9.5.2", "only passed and failed may carry result.success")
    if "score" in result and verb not in JUDGED:
        raise _refuse("9.5.1", "only passed and failed may carry a score")
    score = result.get("score") or {}
    if "raw" in score and ("min" not in score or "max" not in score):
        raise _refuse("9.5.1", "a raw score needs min and max")
    if verb in (Verb.COMPLETED, Verb.PASSED, Verb.FAILED, Verb.TERMINATED) \
            and "duration" not in result:
        raise _refuse("9.5.4.1", f"{verb.rsplit('/', 1)[-1]} needs result.duration")
    has_move_on = MOVE_ON_CATEGORY in _categories(statement)
    if ("completion" in result or "success" in result) != has_move_on:
        raise _refuse("9.6.2.2", "the moveOn category belongs exactly to statements with "
                                 "result.completion or result.success")
    _check_mastery(session, statement, verb, result)


def _check_mastery(session: LaunchCredential, statement: dict, verb: str, result: dict) -> None:
    """passed/failed agree with the masteryScore of the launch (9.3.4, 9.3.5, 9.6.3.2)."""
    score = (result.get("score") or {}).get("scaled")
    if session.mastery_score is None or verb not in JUDGED or score is None:
        return
    extension = ((statement.get("context") or {}).get("extensions") or {}).get(MASTERY_SCORE)
    if extension != session.mastery_score:
        raise _refuse("9.6.3.2", "passed/failed based on a score must carry the masteryScore "
                                 "of the launch")
    if verb == Verb.PASSED and score < session.mastery_score:
        raise _refuse("9.3.4", "passed with a score below the masteryScore")
    if verb == Verb.FAILED and score >= session.mastery_score:
        raise _refuse("9.3.5", "failed with a score at or above the masteryScore")


def _registration_verbs(session: LaunchCredential) -> set[str]:
    """cmi5 verbs already stored for this AU in the registration (all sessions)."""
    found = set()
    for verb in (Verb.COMPLETED, Verb.PASSED):
        page = queries.find_statements(registration=session.registration, verb=verb,
                                       activity=session.activity_id, limit=1)
        if page.statements():
            found.add(verb)
    return found


def _check_defined(session: LaunchCredential, statement: dict, verb: str, used: list[str],
                   registration_verbs) -> None:
    if verb not in DEFINED:
        raise _refuse("9.3", "this verb is not a cmi5 defined verb; send it without the cmi5 "
                             "category (cmi5 allowed statement)")
    actor = statement.get("actor") or {}
    if actor.get("objectType", "Agent") != "Agent" or not isinstance(actor.get("account"), dict):
        raise _refuse("9.2", "the actor must be an Agent with an account")
    if (statement.get("object") or {}).get("id") != session.activity_id:
        raise _refuse("9.4", "the object of cmi5 defined statements is the AU (activityId)")
    if session.launch_mode in ("Browse", "Review") and verb in (*JUDGED, Verb.COMPLETED):
        raise _refuse("10.2.2", f"no completed, passed or failed in {session.launch_mode} mode")
    _check_result(session, statement, verb)
    if verb in used:
        raise _refuse("9.3", "each cmi5 verb only once per session")
    if verb in JUDGED and any(v in used for v in JUDGED):
        raise _refuse("9.3", "only one of passed and failed per session")
    if verb in (*ONCE_PER_REGISTRATION, Verb.FAILED):
        already = registration_verbs()
        if verb in ONCE_PER_REGISTRATION and verb in already:
            raise _refuse("9.3", f"{verb.rsplit('/', 1)[-1]} only once per registration")
        if verb == Verb.FAILED and Verb.PASSED in already:
            raise _refuse("9.3", "failed may not follow passed in a registration")


def check_statements(session: LaunchCredential, statements: list[dict]) -> None:
    """Raise 403 for the first statement of the batch that breaks a cmi5 rule."""
    if session.abandoned_at is not None:
        raise _refuse("9.3.6", "the session was abandoned; it records no more statements")
    used = list(session.session_verbs or [])
    initialized = session.initialized_at is not None
    terminated = session.terminated_at is not None
    cache: dict = {}

    def registration_verbs():
        if "verbs" not in cache:
            cache["verbs"] = _registration_verbs(session)
        return cache["verbs"]

    if session.preferences_read_at is None:
        raise _refuse("11.0", "the AU must read the cmi5LearnerPreferences agent profile before "
                              "it sends statements")
    for statement in statements:
        verb = (statement.get("verb") or {}).get("id")
        if terminated:
            raise _refuse("9.3.8", "no statements after terminated")
        if not initialized and verb != Verb.INITIALIZED:
            raise _refuse("9.3.2", "the first statement of a session must be initialized")
        _check_template(session, statement)
        if CATEGORY in _categories(statement):
            _check_defined(session, statement, verb, used, registration_verbs)
            used.append(verb)
            if verb in ONCE_PER_REGISTRATION:
                registration_verbs().add(verb)
        elif MOVE_ON_CATEGORY in _categories(statement):
            raise _refuse("9.6.2.2", "the moveOn category belongs to cmi5 defined statements")
        initialized = initialized or verb == Verb.INITIALIZED
        terminated = verb == Verb.TERMINATED


def _track_sessions(sender, statements: list[dict], **extra) -> None:
    """Keep each cmi5 session's state in step with what it stored (in the same transaction)."""
    by_session: dict[str, list[dict]] = {}
    for statement in statements:
        session_id = ((statement.get("context") or {}).get("extensions") or {}).get(SESSION_ID)
        if isinstance(session_id, str):
            by_session.setdefault(session_id, []).append(statement)
    if not by_session:
        return
    sessions = db.session.query(LaunchCredential).filter(
        LaunchCredential.session_id.in_(sorted(by_session))).all()
    for session in sessions:
        _advance(session, by_session[session.session_id])


def _advance(session: LaunchCredential, statements: list[dict]) -> None:
    now = datetime.now(UTC)
    verbs = list(session.session_verbs or [])
    for statement in statements:
        verb = statement["verb"]["id"]
        if CATEGORY not in _categories(statement) or verb not in DEFINED:
            continue
        verbs.append(verb)
        if verb == Verb.INITIALIZED and session.initialized_at is None:
            session.initialized_at = now
        if verb == Verb.TERMINATED:
            session_ended(session, now)
    session.session_verbs = verbs
    session.last_statement_at = now


def connect() -> None:
    """Follow stored statements (see ``lms.signals.statement_stored``)."""
    signals.statement_stored.connect(_track_sessions)
