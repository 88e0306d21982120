"""The runtime endpoint behind the API adapter: the state a session starts with, and
commits (Commit, Finish/Terminate, the unload beacon), checked again here element by
element, stored per attempt and reported to the LRS as xAPI statements."""

from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app

from lms.accounts.models import User
from lms.catalog.models import ModuleVersion
from lms.core.database import one_writer_at_a_time
from lms.core.models import utcnow
from lms.core.vocabulary import Verb, learner_account
from lms.extensions import db
from lms.scorm import reporting, statements
from lms.scorm.attempts import DONE_12, open_sessions, session_for
from lms.scorm.datamodel import Cmi, CmiError, model_for, model_table
from lms.scorm.models import ScormAttempt, ScormSession
from lms.xapi.services import record_statements

MAX_SETS = 5000
SESSION_ELEMENTS = ("cmi.core.exit", "cmi.core.session_time", "cmi.exit", "cmi.session_time",
                    "adl.nav.request")
"""Values that belong to one session: read at its end, not carried into the next."""


class Refused(Exception):
    """The runtime cannot accept a request; ``status`` is the HTTP status, the message German."""

    def __init__(self, status: int, message: str, code: str | None = None,
                 element: str | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.element = element


@dataclass
class Context:
    """A session with everything around it: attempt, version, unit, learner."""

    session: ScormSession
    attempt: ScormAttempt
    version: ModuleVersion
    unit: dict
    user: User

    @property
    def scorm_version(self) -> str:
        return self.session.launch.get("version", "1.2")

    def lms_values(self) -> dict[str, str]:
        """The read-only values the LMS provides (learner, entry, mode, manifest facts)."""
        facts = self.unit.get("scorm") or {}
        total = self.attempt.total_seconds
        if self.scorm_version == "1.2":
            mastery = facts.get("mastery_score")
            values = {
                "cmi.core.student_id": self.user.xapi_name,
                "cmi.core.student_name": self.user.name[:255],
                "cmi.core.entry": self.session.entry, "cmi.core.credit": "credit",
                "cmi.core.lesson_mode": "normal",
                "cmi.core.total_time": reporting.timespan_12(total),
                "cmi.launch_data": facts.get("launch_data", ""),
                "cmi.student_data.mastery_score": _plain(mastery) if mastery is not None else "",
                "cmi.student_data.max_time_allowed": facts.get("max_time_allowed", ""),
                "cmi.student_data.time_limit_action": facts.get("time_limit_action", ""),
            }
            return values
        values = {
            "cmi.learner_id": self.user.xapi_name, "cmi.learner_name": self.user.name[:250],
            "cmi.entry": self.session.entry, "cmi.credit": "credit", "cmi.mode": "normal",
            "cmi.total_time": reporting.interval(total),
            "cmi.time_limit_action": facts.get("time_limit_action") or "continue,no message",
        }
        for element, fact in (("cmi.launch_data", "launch_data"),
                              ("cmi.max_time_allowed", "max_time_allowed"),
                              ("cmi.completion_threshold", "completion_threshold"),
                              ("cmi.scaled_passing_score", "scaled_passing_score")):
            if facts.get(fact) not in (None, ""):
                values[element] = _plain(facts[fact])
        return values

    def cmi(self) -> Cmi:
        stored = {k: v for k, v in (self.attempt.cmi_values or {}).items()
                  if k not in SESSION_ELEMENTS}
        return Cmi(model_for(self.scorm_version),
                   {**stored, **(self.session.cmi_values or {}), **self.lms_values()},
                   self.attempt.counts, (self.session.launch or {}).get("navigation"))

    def scope(self) -> statements.Scope:
        base_url = current_app.config["BASE_URL"]
        return statements.Scope(
            base_url=base_url, module_slug=self.version.module.slug,
            version_id=self.version.id, version_label=self.version.version,
            preview=self.attempt.preview, registration=self.attempt.registration,
            agent=learner_account(base_url, self.user.xapi_name), unit=self.unit,
            course_title=self.version.title, attempt_id=self.attempt.attempt_id)


def _plain(value) -> str:
    """A number as SCORM writes it: ``80`` not ``80.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _context(token, *, lock: bool = False) -> Context:
    session = session_for(token, lock=lock)
    if session is None:
        raise Refused(403, "Unbekannter Zugang zur Lerneinheit. Bitte starten Sie sie neu.")
    if session.expires_at <= datetime.now(UTC):
        raise Refused(403, "Der Zugang zur Lerneinheit ist abgelaufen. Bitte starten Sie sie "
                           "neu; was bis zuletzt gespeichert wurde, bleibt erhalten.")
    return _context_of(session)


def _context_of(session: ScormSession) -> Context:
    attempt = session.attempt
    version = db.session.get(ModuleVersion, attempt.module_version_id)
    unit = next((u for u in (version.content or {}).get("units", [])
                 if u["key"] == attempt.unit_key), None)
    user = db.session.get(User, attempt.user_id)
    if unit is None or user is None:
        raise Refused(404, "Diese Lerneinheit gibt es nicht mehr.")
    return Context(session, attempt, version, unit, user)


def start(token) -> dict:
    """What the adapter starts with: the data model table and this attempt's values."""
    context = _context(token)
    if context.session.terminated_at is not None:
        raise Refused(409, "Diese Sitzung ist schon beendet. Bitte starten Sie die "
                           "Lerneinheit neu.")
    cmi = context.cmi()
    model = cmi.model
    visible = {element: value for element, value in cmi.values.items()
               if model.elements.get(_pattern(element), None) is None
               or model.elements[_pattern(element)].access != "wo"}
    return {"version": model.version, "model": model_table(model), "values": visible,
            "counts": cmi.counts, "navigation": cmi.navigation,
            "sco_url": context.session.launch.get("sco_url", ""),
            "title": next(iter(context.unit.get("titles", {}).values()), "")}


def _pattern(element: str) -> str:
    return ".".join("n" if part.isdigit() else part for part in element.split("."))


def commit(token, payload: dict) -> dict:
    """Apply what the SCO set since the last commit, in order, with the same checks the
    adapter made; then end the session if asked. All or nothing; commits.

    Commits of one session may arrive together (the adapter does not wait for answers):
    the session row is locked (PostgreSQL) or the database's one writer lock held (SQLite)
    from reading to writing, so none is lost."""
    sets, sequence = _read_payload(payload)
    with one_writer_at_a_time(db.engine):
        return _commit(token, payload, sets, sequence)


def _commit(token, payload: dict, sets: list, sequence) -> dict:
    context = _context(token, lock=True)
    session = context.session
    if sequence is not None and sequence <= session.last_sequence:
        return {"ok": True, "duplicate": True}
    if session.terminated_at is not None:
        raise Refused(409, "Diese Sitzung ist schon beendet; es wurde nichts mehr gespeichert.",
                      code="143" if context.scorm_version != "1.2" else "301")
    cmi = context.cmi()
    before = reporting.snapshot(cmi)
    for element, value in sets:
        try:
            cmi.set(element, value)
        except CmiError as error:
            db.session.rollback()
            raise Refused(400, f"Der Wert für {element} wurde abgelehnt ({error.code}: "
                               f"{error.diagnostic}).", code=error.code, element=element) \
                from error
    scope = context.scope()
    found = []
    if payload.get("initialize") and session.initialized_at is None:
        session.initialized_at = utcnow()
        verb = Verb.RESUMED if session.entry == "resume" else Verb.INITIALIZED
        found.append(statements.about_sco(scope, verb))
    found.extend(_conclude(context, cmi, before, scope, payload.get("finish"),
                           implicit=bool(payload.get("implicit")), sequence=sequence))
    if found:
        record_statements(found, commit=False)
    db.session.commit()
    return {"ok": True, "status": context.attempt.completion_status, "statements": len(found)}


def _conclude(context: Context, cmi: Cmi, before: reporting.Snapshot,
              scope: statements.Scope, finish, *, implicit: bool, sequence) -> list[dict]:
    """Finish if asked, store, and return the statements the changes call for."""
    seconds = _finish(context, cmi, implicit=implicit) if finish else 0
    after = reporting.snapshot(cmi)
    found = reporting.changes(scope, before, after)
    if finish:
        verb = Verb.SUSPENDED if context.attempt.suspended else Verb.TERMINATED
        result = {**after.result(), "duration": reporting.interval(seconds)}
        found.append(statements.about_sco(scope, verb, result))
    _store(context, cmi, after, sequence)
    return found


def end_open_sessions(attempt: ScormAttempt) -> list[dict]:
    """Sessions of ``attempt`` that never terminated (the page closed before the SCO could
    finish) end now, as if the SCO had suspended: the learner keeps their place. Returns
    the statements; the caller records them and commits."""
    found = []
    for session in open_sessions(attempt):
        if session.initialized_at is None:
            session.terminated_at = utcnow()
            continue
        context = _context_of(session)
        cmi = context.cmi()
        found.extend(_conclude(context, cmi, reporting.snapshot(cmi), context.scope(), True,
                               implicit=True, sequence=None))
    return found


def _read_payload(payload) -> tuple[list[tuple[str, str]], int | None]:
    if not isinstance(payload, dict):
        raise Refused(400, "Die Anfrage ist kein JSON-Objekt.")
    sets = payload.get("set") or []
    if not isinstance(sets, list) or len(sets) > MAX_SETS or not all(
            isinstance(item, list) and len(item) == 2 for item in sets):
        raise Refused(400, "Die Werte müssen eine Liste von Paaren [Element, Wert] sein "
                           f"(höchstens {MAX_SETS}).")
    sequence = payload.get("sequence")
    if sequence is not None and (not isinstance(sequence, int) or sequence < 0):
        raise Refused(400, "Die laufende Nummer der Anfrage ist ungültig.")
    return [(element, value) for element, value in sets], sequence


def _finish(context: Context, cmi: Cmi, *, implicit: bool) -> float:
    """LMSFinish/Terminate (or leaving without it): total time, the LMS's own status rules,
    whether the attempt ends. Returns the session's seconds."""
    twelve = context.scorm_version == "1.2"
    values = cmi.values
    prefix = "cmi.core." if twelve else "cmi."
    seconds = reporting.seconds_of(values.get(prefix + "session_time"))
    context.attempt.total_seconds += seconds
    exit_value = values.get(prefix + "exit", "")
    if implicit and exit_value == "":
        exit_value = "suspend"  # left without Finish/Terminate: keep the learner's place
    if twelve:
        _status_rules_12(context, cmi)
    status = values.get("cmi.core.lesson_status", "")
    suspended = exit_value == "suspend"
    context.attempt.exit = exit_value[:20]
    context.attempt.suspended = suspended
    ended = not suspended and (not twelve or status in DONE_12)
    context.attempt.ended_at = utcnow() if ended else None
    context.session.terminated_at = utcnow()
    context.session.nav_request = (values.get("adl.nav.request") or "")[:300]
    return seconds


def _status_rules_12(context: Context, cmi: Cmi) -> None:
    """SCORM 1.2 RTE 3.4.4: a SCO that never set its status is completed when it finishes;
    with a mastery score and a raw score the LMS decides passed or failed (credit)."""
    values = cmi.values
    status = values.get("cmi.core.lesson_status", "not attempted")
    if status == "not attempted":
        status = "completed"
    mastery = (context.unit.get("scorm") or {}).get("mastery_score")
    raw = values.get("cmi.core.score.raw", "")
    if mastery is not None and raw != "":
        status = "passed" if float(raw) >= float(mastery) else "failed"
    values["cmi.core.lesson_status"] = status


def _store(context: Context, cmi: Cmi, after: reporting.Snapshot, sequence) -> None:
    lms = context.lms_values()
    attempt, session = context.attempt, context.session
    attempt.cmi_values = {k: v for k, v in cmi.values.items()
                      if k not in lms and k not in SESSION_ELEMENTS}
    session.cmi_values = {k: v for k, v in cmi.values.items() if k in SESSION_ELEMENTS}
    attempt.counts = dict(cmi.counts)
    attempt.completion_status = after.completion
    attempt.success_status = after.success
    attempt.score_scaled = (after.score or {}).get("scaled")
    attempt.updated_at = utcnow()
    session.last_commit_at = utcnow()
    if sequence is not None:
        session.last_sequence = sequence
