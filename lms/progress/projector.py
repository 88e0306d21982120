"""Turns stored xAPI statements about known modules into ModuleProgress and CourseProgress rows.

The projector is the only writer of progress rows; replaying every statement in stored
order (``rebuild``) gives the same rows as projecting them live.
"""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select

from lms import signals
from lms.accounts.models import User
from lms.catalog.models import Course, CourseModule, Module, ModuleVersion
from lms.core.vocabulary import Verb
from lms.extensions import db
from lms.progress.models import CourseProgress, ModuleProgress, Status
from lms.progress.packages import apply_unit_statement, failed_without_pass
from lms.progress.rules import (
    DONE,
    course_rule_met,
    is_package,
    module_rule_met,
    satisfied_positions,
)
from lms.xapi.formats import parse_timestamp

SESSION_GAP = timedelta(minutes=30)
"""Gaps between two statements longer than this are breaks, not learning time."""


def parse_duration(value: str | None) -> int:
    """Seconds of an ISO 8601 duration such as ``PT1H2M3.5S`` (0 if absent or unreadable)."""
    if not value or not value.startswith("P"):
        return 0
    seconds, number, in_time = 0.0, "", False
    units = {"D": 86400, "H": 3600, "S": 1}
    for char in value[1:]:
        if char == "T":
            in_time = True
        elif char.isdigit() or char == ".":
            number += char
        elif number:
            factor = (
                60
                if char == "M" and in_time
                else 2_592_000
                if char == "M"
                else 604_800
                if char == "W"
                else 31_536_000
                if char == "Y"
                else units.get(char, 0)
            )
            seconds += float(number) * factor
            number = ""
    return int(seconds)


_MODULE_IDS = select(Module.slug, Module.id).where(
    Module.slug.in_(bindparam("slugs", expanding=True)))
_USER_IDS = select(User.xapi_name, User.id).where(
    User.xapi_name.in_(bindparam("names", expanding=True)))
_PACKAGE_ROWS = select(ModuleProgress).join(Module, Module.id == ModuleProgress.module_id).where(
    ModuleProgress.registration.in_(bindparam("registrations", expanding=True)),
    Module.kind != "native")


class Projector:
    """Applies statements one by one; caches lookups for one batch."""

    def __init__(self, base_url: str, *, emit: bool = True):
        self.prefix = base_url.rstrip("/") + "/xapi/activities/module/"
        self.resource_prefix = base_url.rstrip("/") + "/xapi/activities/"
        self.home_page = base_url.rstrip("/")
        self.emit = emit
        self.users: dict[str, int | None] = {}
        self.modules: dict[str, Module | None] = {}
        self.versions: dict[tuple[int, str], ModuleVersion | None] = {}
        self.rows: dict[tuple[int, int], ModuleProgress | None] = {}
        self.courses: dict[int, list[Course]] = {}
        self.course_rows: dict[tuple[int, int], CourseProgress | None] = {}
        self.touched: dict[tuple[int, int], tuple[Module, datetime, datetime]] = {}
        self.registrations: dict[str, tuple[int, int] | None] = {}
        """Registration -> (user id, module id) of package modules, for statements that
        content sends about its own activity ids."""

    def project(self, statements: list[dict]) -> None:
        """Apply each statement in order, then bring the touched course rows up to date."""
        self._look_up(statements)
        for statement in statements:
            self.apply(statement)
        for (user_id, _), (module, first, last) in self.touched.items():
            self._update_courses(user_id, module, first, last, check=False)
        self.touched.clear()

    def _account_name(self, statement: dict) -> str | None:
        """The learner's account name if the actor has an account of this platform."""
        account = (statement.get("actor") or {}).get("account") or {}
        if account.get("homePage", "").rstrip("/") != self.home_page:
            return None
        return account.get("name")

    def _slug(self, statement: dict) -> str | None:
        """The module slug if the statement's object is one of our module activities, or a
        resource (recording, wiki page) done within a module (its parent in the context)."""
        iri = (statement.get("object") or {}).get("id", "")
        if iri.startswith(self.prefix):
            return iri[len(self.prefix) :].split("/")[0]
        if self._resource(statement):
            parents = ((statement.get("context") or {}).get("contextActivities") or {}).get(
                "parent") or []
            for parent in parents if isinstance(parents, list) else [parents]:
                parent_iri = (parent or {}).get("id", "")
                if parent_iri.startswith(self.prefix) and "/" not in parent_iri[len(self.prefix):]:
                    return parent_iri[len(self.prefix):]
        return None

    def _resource(self, statement: dict) -> str | None:
        """``seminar:<slug>`` for a finished recording, ``wiki:<slug>`` for a read page."""
        iri = (statement.get("object") or {}).get("id", "")
        verb = (statement.get("verb") or {}).get("id")
        if not iri.startswith(self.resource_prefix):
            return None
        parts = iri[len(self.resource_prefix):].split("/")
        if verb == Verb.COMPLETED and len(parts) == 3 and parts[0] == "seminar" and (
                parts[2] == "recording"):
            return f"seminar:{parts[1]}"
        if verb == Verb.READ and len(parts) == 2 and parts[0] == "wiki":
            return f"wiki:{parts[1]}"
        return None

    def _look_up(self, statements: list[dict]) -> None:
        """One query for the modules a batch talks about, one for the learners in them."""
        ours = [(self._slug(s), self._account_name(s)) for s in statements]
        slugs = sorted({slug for slug, name in ours if slug and name} - set(self.modules))
        found = dict(db.session.execute(_MODULE_IDS, {"slugs": slugs}).all()) if slugs else {}
        self.modules.update({slug: db.session.get(Module, found[slug]) if slug in found
                             else None for slug in slugs})
        names = sorted({name for slug, name in ours if slug and name and self.modules.get(slug)}
                       - set(self.users))
        found = dict(db.session.execute(_USER_IDS, {"names": names}).all()) if names else {}
        self.users.update({name: found.get(name) for name in names})
        self._look_up_registrations(statements, ours)

    def _look_up_registrations(self, statements: list[dict], ours: list[tuple]) -> None:
        """One query for the package rows of registrations that statements about foreign
        activity ids (xAPI content) name."""
        wanted = sorted({
            (s.get("context") or {}).get("registration", "").lower()
            for s, (slug, name) in zip(statements, ours, strict=True)
            if name and not slug and (s.get("context") or {}).get("registration")
        } - set(self.registrations))
        if not wanted:
            return
        rows = db.session.scalars(_PACKAGE_ROWS, {"registrations": wanted}).all()
        self.registrations.update({registration: None for registration in wanted})
        for row in rows:
            self.rows[(row.user_id, row.module_id)] = row
            self.registrations[row.registration] = (row.user_id, row.module_id)
            if row.module_id not in {m.id for m in self.modules.values() if m}:
                module = db.session.get(Module, row.module_id)
                self.modules[module.slug] = module
    def _user_id(self, statement: dict) -> int | None:
        """The learner's user id (looked up for the whole batch by :meth:`_look_up`)."""
        return self.users.get(self._account_name(statement))

    def _target(self, statement: dict) -> tuple[Module, list[str]] | None:
        """The module and the path below it (``["page", "2"]``), if the module is known.

        Statements about a package's own activity ids belong to the package module whose
        registration they carry (path ``[]``).
        """
        slug = self._slug(statement)
        if slug is None:
            return self._by_registration(statement)
        module = self.modules.get(slug)
        if module is None:
            return None
        resource = self._resource(statement)
        if resource and not statement["object"]["id"].startswith(self.prefix):
            return module, ["resource", resource]
        parts = statement["object"]["id"][len(self.prefix) :].split("/")
        return module, parts[1:]

    def _by_registration(self, statement: dict) -> tuple[Module, list[str]] | None:
        registration = ((statement.get("context") or {}).get("registration") or "").lower()
        found = self.registrations.get(registration)
        user_id = self._user_id(statement) or self._user_id_uncached(statement)
        if found is None or found[0] != user_id:
            return None
        module = next((m for m in self.modules.values() if m and m.id == found[1]), None)
        return (module, []) if module else None

    def _user_id_uncached(self, statement: dict) -> int | None:
        name = self._account_name(statement)
        if name not in self.users:
            self.users[name] = db.session.scalar(select(User.id).where(User.xapi_name == name))
        return self.users[name]

    def _version(self, module: Module, revision: str | None) -> ModuleVersion | None:
        key = (module.id, revision or "")
        if key not in self.versions:
            found = (
                db.session.scalar(
                    select(ModuleVersion).where(
                        ModuleVersion.module_id == module.id, ModuleVersion.version == revision
                    )
                )
                if revision
                else None
            )
            self.versions[key] = found or module.current_version
        return self.versions[key]

    def _row(self, user_id: int, module: Module) -> ModuleProgress | None:
        key = (user_id, module.id)
        if key not in self.rows:
            self.rows[key] = db.session.scalar(
                select(ModuleProgress).where(
                    ModuleProgress.user_id == user_id, ModuleProgress.module_id == module.id
                )
            )
        return self.rows[key]

    def apply(self, statement: dict) -> None:
        """Project one statement; statements about unknown learners or activities are ignored."""
        if self._account_name(statement) is None:
            return
        target = self._target(statement)
        user_id = (self._user_id(statement) or self._user_id_uncached(statement)
                   if target else None)
        if user_id is None:
            return
        module, parts = target
        context = statement.get("context") or {}
        verb = (statement.get("verb") or {}).get("id")
        at = parse_timestamp(
            statement.get("timestamp") or statement["stored"], "timestamp", "1.0.3"
        )
        version = self._version(module, context.get("revision"))
        if version is None:
            return
        row = self._row(user_id, module)
        registration = context.get("registration") or str(
            uuid.uuid5(uuid.NAMESPACE_URL, f"{user_id}/{module.id}")
        )
        if row is None:
            row = ModuleProgress(
                user_id=user_id,
                module_id=module.id,
                module_version_id=version.id,
                registration=registration,
                status=Status.IN_PROGRESS,
                attempts=0,
                time_spent_seconds=0,
                pages_seen=[],
                resources_done=[],
                last_page=0,
                quiz_passed=False,
                started_at=at,
                last_activity_at=at,
            )
            db.session.add(row)
            self.rows[(user_id, module.id)] = row
            self._remember_registration(row, module)
        elif verb == Verb.LAUNCHED and registration != row.registration:
            self._restart(row, version, registration)
            self._remember_registration(row, module)
        elif module.kind != "native" and registration != row.registration:
            return  # an older registration of a package module no longer counts
        self._count_time(row, statement, verb, at, durations=module.kind == "native")
        pinned = (
            version
            if version.id == row.module_version_id
            else db.session.get(ModuleVersion, row.module_version_id)
        )
        if is_package(pinned):
            apply_unit_statement(row, pinned, verb, parts, statement)
        else:
            self._apply_verb(row, verb, parts, statement)
        first, last = self.touched.get((user_id, module.id), (module, at, at))[1:]
        self.touched[(user_id, module.id)] = (module, min(first, at), max(last, at))
        if self._maybe_complete(row, pinned, verb, parts, at):
            self._update_courses(user_id, module, min(first, at), at, check=True)

    def _remember_registration(self, row: ModuleProgress, module: Module) -> None:
        if module.kind != "native":
            self.registrations[row.registration] = (row.user_id, module.id)

    def _restart(self, row: ModuleProgress, version: ModuleVersion, registration: str) -> None:
        """A new registration: a finished learner may move on to a newer version."""
        row.registration = registration
        if row.status in DONE and version.id != row.module_version_id:
            row.module_version_id = version.id
            row.pages_seen, row.last_page, row.resources_done = [], 0, []
            if is_package(version):
                row.units = {}
                row.pages_seen = satisfied_positions(version, {})

    def _count_time(self, row: ModuleProgress, statement: dict, verb: str, at: datetime, *,
                    durations: bool = True) -> None:
        """Learning time: reported durations (native modules, whose durations never overlap),
        else the gaps between statements up to ``SESSION_GAP``. Packages report overlapping
        durations (attempt, session, completion), so only the gaps count for them."""
        duration = parse_duration((statement.get("result") or {}).get("duration")) \
            if durations else 0
        if duration:
            row.time_spent_seconds += duration
        elif verb != Verb.LAUNCHED and row.last_activity_at is not None:
            gap = at - row.last_activity_at
            if timedelta(0) < gap <= SESSION_GAP:
                row.time_spent_seconds += int(gap.total_seconds())
        if row.last_activity_at is None or at > row.last_activity_at:
            row.last_activity_at = at

    def _apply_verb(
        self, row: ModuleProgress, verb: str, parts: list[str], statement: dict
    ) -> None:
        if (
            verb == Verb.EXPERIENCED
            and len(parts) == 2
            and parts[0] == "page"
            and parts[1].isdigit()
        ):
            position = int(parts[1])
            if position not in row.pages_seen:
                row.pages_seen = sorted([*row.pages_seen, position])
            row.last_page = position
        elif len(parts) == 2 and parts[0] == "resource":
            if parts[1] not in (row.resources_done or []):
                row.resources_done = sorted([*(row.resources_done or []), parts[1]])
        elif verb in (Verb.PASSED, Verb.FAILED) and parts == ["quiz"]:
            score = ((statement.get("result") or {}).get("score") or {}).get("scaled")
            row.attempts += 1
            if score is not None and (row.best_score is None or score > row.best_score):
                row.best_score = float(score)
            if verb == Verb.PASSED:
                row.quiz_passed = True
            elif row.status not in DONE:
                row.status = Status.FAILED

    def _maybe_complete(
        self, row: ModuleProgress, version: ModuleVersion, verb: str, parts: list[str], at: datetime
    ) -> bool:
        """Apply the completion rule; True if the row just became done."""
        if row.status in DONE:
            return False
        if is_package(version):
            row.pages_seen = satisfied_positions(version, row.units)
            if not module_rule_met(version, row.pages_seen, False, row.resources_done):
                row.status = (Status.FAILED if failed_without_pass(row, version)
                              else Status.IN_PROGRESS)
                return False
        else:
            reported = verb == Verb.COMPLETED and not parts
            if not (reported or module_rule_met(version, row.pages_seen, row.quiz_passed,
                                                row.resources_done)):
                if row.status == Status.FAILED and row.quiz_passed:
                    row.status = Status.IN_PROGRESS
                return False
        row.status = Status.PASSED if row.quiz_passed else Status.COMPLETED
        first = row.completed_at is None
        row.completed_at = row.completed_at or at
        if first and self.emit:
            signals.module_completed.send(
                user_id=row.user_id, module_id=row.module_id, completed_at=at
            )
        return True

    def _update_courses(
        self, user_id: int, module: Module, started: datetime, at: datetime, *, check: bool
    ) -> None:
        """Create or touch the learner's rows of courses containing ``module``.

        ``check`` recounts done modules and applies the course rule (after a module is done).
        """
        if module.id not in self.courses:
            self.courses[module.id] = list(
                db.session.scalars(
                    select(Course).join(CourseModule).where(CourseModule.module_id == module.id)
                )
            )
        for course in self.courses[module.id]:
            key = (user_id, course.id)
            if key not in self.course_rows:
                self.course_rows[key] = db.session.scalar(
                    select(CourseProgress).where(
                        CourseProgress.user_id == user_id, CourseProgress.course_id == course.id
                    )
                )
            row = self.course_rows[key]
            if row is None:
                row = CourseProgress(
                    user_id=user_id,
                    course_id=course.id,
                    status=Status.IN_PROGRESS,
                    modules_completed=0,
                    started_at=started,
                    last_activity_at=at,
                )
                db.session.add(row)
                self.course_rows[key] = row
                check = True
            row.last_activity_at = max(row.last_activity_at, at)
            if not check:
                continue
            module_ids = [entry.module_id for entry in course.entries]
            done = {
                m
                for (m,) in db.session.execute(
                    select(ModuleProgress.module_id).where(
                        ModuleProgress.user_id == user_id,
                        ModuleProgress.module_id.in_(module_ids),
                        ModuleProgress.status.in_([str(s) for s in DONE]),
                    )
                )
            }
            row.modules_completed = len(done)
            if row.completed_at is None and course_rule_met(course, done):
                row.status, row.completed_at = Status.COMPLETED, at
                if self.emit:
                    signals.course_completed.send(
                        user_id=user_id, course_id=course.id, completed_at=at
                    )
