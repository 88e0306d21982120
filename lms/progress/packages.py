"""How statements about package modules (xAPI, cmi5) move a learner's progress.

The rule is the same for every kind: each unit has a moveOn rule (cmi5: from the course
structure; xAPI: ``CompletedOrPassed``), a unit is satisfied when its rule is met or it was
waived, and the module is done when every unit is satisfied (lms.progress.rules).

- cmi5 AUs send statements about the activity id Lernraum gave them
  (``…/module/<slug>/au/<key>``), in the learner's registration.
- xAPI content sends statements about its own activity ids; a ``completed`` or ``passed``
  for a unit's activity id counts when it is in the learner's registration of the module.
- SCORM: the platform writes the statements for its SCOs (``…/module/<slug>/sco/<key>``),
  from what the SCO reported through the API (lms.scorm, docs/scorm.md).
"""

from lms.catalog.models import ModuleVersion
from lms.core.vocabulary import Verb
from lms.progress.models import ModuleProgress
from lms.progress.rules import satisfied_positions

WAIVED = "https://w3id.org/xapi/adl/verbs/waived"
REACHED = {Verb.COMPLETED: "completed", Verb.PASSED: "passed", Verb.FAILED: "failed",
           WAIVED: "waived"}


def unit_for(version: ModuleVersion, parts: list[str], statement: dict) -> dict | None:
    """The unit a statement is about: ``au/<key>`` below the module, or an xAPI unit's id."""
    units = (version.content or {}).get("units", [])
    if len(parts) == 2 and parts[0] in ("au", "unit", "sco"):
        return next((unit for unit in units if unit["key"] == parts[1]), None)
    if parts:
        return None
    object_id = (statement.get("object") or {}).get("id")
    return next((unit for unit in units if unit.get("activity_id") == object_id), None)


def apply_unit_statement(row: ModuleProgress, version: ModuleVersion, verb: str,
                         parts: list[str], statement: dict) -> None:
    """Record what a statement says about one unit of a package module."""
    name = REACHED.get(verb)
    unit = unit_for(version, parts, statement) if name else None
    if unit is None:
        return
    states = dict(row.units or {})
    state = dict(states.get(unit["key"], {}))
    state[name] = True
    states[unit["key"]] = state
    row.units = states
    row.last_page = unit["position"]
    if verb in (Verb.PASSED, Verb.FAILED):
        row.attempts += 1
        score = ((statement.get("result") or {}).get("score") or {}).get("scaled")
        if isinstance(score, int | float) and (row.best_score is None or score > row.best_score):
            row.best_score = float(score)
    row.pages_seen = satisfied_positions(version, row.units)
    if any(state.get("passed") for state in row.units.values()):
        row.quiz_passed = True


def failed_without_pass(row: ModuleProgress, version: ModuleVersion) -> bool:
    """A unit that needs a pass was failed and not passed (yet)."""
    for unit in (version.content or {}).get("units", []):
        state = (row.units or {}).get(unit["key"], {})
        if "Passed" in unit["move_on"] and state.get("failed") and not state.get("passed") \
                and not state.get("waived"):
            return True
    return False
