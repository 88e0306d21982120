"""When the LMS writes ``satisfied`` in a cmi5 registration (sections 9.3.9 and 9.6.1).

An AU is satisfied when its moveOn rule is met by the AU's own ``completed``/``passed``
statements or when it was waived; a block when all of its children are, the course when all
of its children are. The state comes from the LRS itself (statements of the registration),
so it is the same for learners, authors' previews and a rebuild.
"""

from dataclasses import dataclass

from flask import current_app

from lms import signals
from lms.catalog.models import ModuleVersion
from lms.core.vocabulary import Verb, activity_iri
from lms.extensions import db
from lms.packages.kinds.cmi5.statements import SATISFIED, SESSION_ID, WAIVED, satisfied
from lms.progress.rules import unit_satisfied
from lms.xapi.launches import session_by_id
from lms.xapi.services import query_statements, record_statements

COUNTED = {Verb.COMPLETED: "completed", Verb.PASSED: "passed", WAIVED: "waived"}


@dataclass(frozen=True)
class Iris:
    """The activity IRIs Lernraum generates for one cmi5 course (cmi5 section 8.1.5, 9.4).

    Learners' launches use ``.../module/<slug>/...``; an author's preview of a version uses
    ``.../preview/<version id>/...`` so that it never counts as anyone's progress.
    """

    base_url: str
    module_slug: str
    version_id: int
    preview: bool = False
    revision: str = ""

    def _scope(self) -> tuple:
        return ("preview", self.version_id) if self.preview else ("module", self.module_slug)

    @property
    def course(self) -> str:
        return activity_iri(self.base_url, *self._scope())

    def block(self, key: str) -> str:
        return activity_iri(self.base_url, *self._scope(), "block", key)

    def au(self, key: str) -> str:
        return activity_iri(self.base_url, *self._scope(), "au", key)


def objects_with_verb(registration: str, verb: str) -> set[str]:
    """Object ids of every statement with ``verb`` in ``registration`` (all pages)."""
    found: set[str] = set()
    statements, more = query_statements(registration=registration, verb=verb)
    while True:
        found.update((s.get("object") or {}).get("id") for s in statements)
        if not more:
            return found
        statements, more = query_statements(more=more)


def au_states(registration: str, units: list[dict], iris: Iris) -> dict[str, dict]:
    """What each AU reached in the registration: ``{key: {"completed": …, "passed": …,
    "waived": …}}``."""
    reached = {name: objects_with_verb(registration, verb) for verb, name in COUNTED.items()}
    return {unit["key"]: {name: iris.au(unit["key"]) in objects
                          for name, objects in reached.items()} for unit in units}


def due_statements(structure: dict, units: list[dict], iris: Iris, agent: dict,
                   registration: str, session_id: str) -> list[dict]:
    """``satisfied`` statements for every block and the course that are satisfied now but
    have no ``satisfied`` statement yet, innermost first."""
    rules = {unit["key"]: unit for unit in units}
    states = au_states(registration, units, iris)
    done = objects_with_verb(registration, SATISFIED)
    due: list[dict] = []

    def visit(node: dict) -> bool:
        if node["type"] == "au":
            unit = rules[node["key"]]
            return unit_satisfied(unit["move_on"], **states[node["key"]])
        results = [visit(child) for child in node.get("children", [])]
        if not all(results):
            return False
        iri = iris.course if node["type"] == "course" else iris.block(node["key"])
        if iri not in done:
            due.append(satisfied(agent, iri, node, registration, session_id, iris.revision))
        return True

    visit(structure)
    return due


def write_satisfaction(structure: dict, units: list[dict], iris: Iris, agent: dict,
                       registration: str, session_id: str, *, commit: bool) -> int:
    """Record the ``satisfied`` statements now due; returns how many."""
    due = due_statements(structure, units, iris, agent, registration, session_id)
    if due:
        record_statements(due, commit=commit)
    return len(due)


def _sessions_that_may_satisfy(statements: list[dict]) -> list[str]:
    """Session ids of stored AU statements that can satisfy a moveOn rule."""
    found = []
    for statement in statements:
        if (statement.get("verb") or {}).get("id") not in (Verb.COMPLETED, Verb.PASSED):
            continue
        extensions = (statement.get("context") or {}).get("extensions") or {}
        session_id = extensions.get(SESSION_ID)
        if isinstance(session_id, str) and session_id not in found:
            found.append(session_id)
    return found


def satisfy_after_statements(sender, statements: list[dict], **extra) -> None:
    """cmi5 9.3.9: when an AU's completed/passed meets its moveOn, write the ``satisfied``
    statements now due for its blocks and the course, with the AU's session id."""
    for session_id in _sessions_that_may_satisfy(statements):
        session = session_by_id(session_id)
        info = (session.launch_info or {}) if session else {}
        version = db.session.get(ModuleVersion, info.get("module_version_id") or 0)
        if version is None or "structure" not in (version.content or {}):
            continue
        iris = Iris(current_app.config["BASE_URL"], info.get("module", version.module.slug),
                    version.id, bool(info.get("preview")), version.version)
        write_satisfaction(version.content["structure"], version.content["units"], iris,
                           session.agent, session.registration, session_id, commit=False)


def connect() -> None:
    """Follow stored statements (``lms.signals.statement_stored``)."""
    signals.statement_stored.connect(satisfy_after_statements)
