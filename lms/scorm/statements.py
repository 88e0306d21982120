"""What a SCO reports, as xAPI statements following the ADL xAPI SCORM profile.

Activities: the package is the course (``…/module/<slug>``), each SCO a lesson
(``…/module/<slug>/sco/<unit key>``), each SCO attempt an attempt activity
(``<sco>?attemptId=<uuid>``), interactions and objectives live below their SCO
(``<sco>/interaction/<id>``, ``<sco>/objective/<id>``). Every statement carries the
learner's registration in the module, the package version as ``revision`` and the profile
category ``https://w3id.org/xapi/scorm``. Author previews live under ``…/preview/<id>``.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from lms.core.vocabulary import ADL, VERB_NAMES, ActivityType, Verb, activity_iri

PROFILE = {"id": "https://w3id.org/xapi/scorm",
           "definition": {"type": "http://adlnet.gov/expapi/activities/profile"}}
RESPONDED = ADL + "responded"
SCORED = ADL + "scored"
ATTEMPT_TYPE = "http://adlnet.gov/expapi/activities/attempt"
OBJECTIVE_TYPE = "http://adlnet.gov/expapi/activities/objective"
NAMES = {**VERB_NAMES, RESPONDED: "geantwortet", SCORED: "bewertet"}


@dataclass
class Scope:
    """Who and what the statements of one SCO attempt are about (plain values)."""

    base_url: str
    module_slug: str
    version_id: int
    version_label: str
    preview: bool
    registration: str
    agent: dict
    unit: dict
    course_title: str
    attempt_id: str

    @property
    def course_iri(self) -> str:
        if self.preview:
            return activity_iri(self.base_url, "preview", self.version_id)
        return activity_iri(self.base_url, "module", self.module_slug)

    @property
    def sco_iri(self) -> str:
        return f"{self.course_iri}/sco/{self.unit['key']}"

    def course(self) -> dict:
        return {"id": self.course_iri, "objectType": "Activity",
                "definition": {"type": ActivityType.COURSE,
                               "name": {"und": self.course_title or self.module_slug}}}

    def sco(self) -> dict:
        title = next(iter((self.unit.get("titles") or {}).values()), "") or self.unit["key"]
        return {"id": self.sco_iri, "objectType": "Activity",
                "definition": {"type": ActivityType.LESSON, "name": {"und": title}}}

    def attempt(self) -> dict:
        return {"id": f"{self.sco_iri}?attemptId={self.attempt_id}", "objectType": "Activity",
                "definition": {"type": ATTEMPT_TYPE}}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _statement(scope: Scope, verb: str, target: dict, context: dict,
               result: dict | None = None) -> dict:
    statement = {
        "id": str(uuid.uuid4()), "timestamp": _now(), "actor": scope.agent,
        "verb": {"id": verb, "display": {"de-DE": NAMES.get(verb, verb.rsplit("/", 1)[-1])}},
        "object": target,
        "context": {"registration": scope.registration, "revision": scope.version_label,
                    "platform": "Lernraum", "contextActivities": {**context,
                                                                  "category": [PROFILE]}},
    }
    if result:
        statement["result"] = result
    return statement


def about_sco(scope: Scope, verb: str, result: dict | None = None) -> dict:
    """A statement about the SCO itself (initialized, completed, passed, terminated …)."""
    return _statement(scope, verb, scope.sco(),
                      {"parent": [scope.course()], "grouping": [scope.attempt()]}, result)


def launched(scope: Scope) -> dict:
    """The LMS's own record that it launched the SCO (the projector starts the row)."""
    return about_sco(scope, Verb.LAUNCHED)


def _within_sco(scope: Scope) -> dict:
    return {"parent": [scope.sco()], "grouping": [scope.course(), scope.attempt()]}


def responded(scope: Scope, interaction: dict) -> dict:
    """One interaction as a ``cmi.interaction`` activity with the learner's response."""
    definition = {"type": ActivityType.INTERACTION,
                  "interactionType": interaction["type"] or "other"}
    if interaction.get("patterns"):
        definition["correctResponsesPattern"] = interaction["patterns"]
    if interaction.get("description"):
        definition["description"] = {"und": interaction["description"][:250]}
    target = {"id": f"{scope.sco_iri}/interaction/{quote(interaction['id'], safe='')}",
              "objectType": "Activity", "definition": definition}
    result = {}
    if interaction.get("response") is not None:
        result["response"] = interaction["response"]
    if interaction.get("success") is not None:
        result["success"] = interaction["success"]
    if interaction.get("duration"):
        result["duration"] = interaction["duration"]
    return _statement(scope, RESPONDED, target, _within_sco(scope), result or None)


def about_objective(scope: Scope, verb: str, objective_id: str,
                    result: dict | None = None) -> dict:
    """A statement about one of the SCO's objectives (passed, failed, completed)."""
    target = {"id": f"{scope.sco_iri}/objective/{quote(objective_id, safe='')}",
              "objectType": "Activity", "definition": {"type": OBJECTIVE_TYPE,
                                                       "name": {"und": objective_id[:250]}}}
    return _statement(scope, verb, target, _within_sco(scope), result)
