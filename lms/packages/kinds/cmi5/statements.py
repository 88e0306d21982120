"""The statements the LMS itself writes in a cmi5 registration (section 9.3 of the spec):
launched, satisfied (block and course), abandoned and waived, plus LMS.LaunchData."""

import uuid
from datetime import UTC, datetime

from lms.core.vocabulary import Verb
from lms.xapi.formats import format_timestamp

CMI5 = "https://w3id.org/xapi/cmi5/"
CATEGORY = CMI5 + "context/categories/cmi5"
MOVE_ON_CATEGORY = CMI5 + "context/categories/moveon"
SESSION_ID = CMI5 + "context/extensions/sessionid"
MASTERY_SCORE = CMI5 + "context/extensions/masteryscore"
LAUNCH_MODE = CMI5 + "context/extensions/launchmode"
LAUNCH_URL = CMI5 + "context/extensions/launchurl"
MOVE_ON = CMI5 + "context/extensions/moveon"
LAUNCH_PARAMETERS = CMI5 + "context/extensions/launchparameters"
REASON = CMI5 + "result/extensions/reason"
BLOCK_TYPE = CMI5 + "activitytype/block"
COURSE_TYPE = CMI5 + "activitytype/course"
SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied"
ABANDONED = "https://w3id.org/xapi/adl/verbs/abandoned"
WAIVED = "https://w3id.org/xapi/adl/verbs/waived"
WAIVE_REASONS = ("Tested Out", "Equivalent AU", "Equivalent Outside Activity", "Administrative")
LAUNCH_DATA = "LMS.LaunchData"
LEARNER_PREFERENCES = "cmi5LearnerPreferences"
AU_VERBS = (Verb.INITIALIZED, Verb.COMPLETED, Verb.PASSED, Verb.FAILED, Verb.TERMINATED)
"""The cmi5 defined verbs an AU may send."""


def _now() -> str:
    return format_timestamp(datetime.now(UTC))


def _statement(agent: dict, verb: str, name: str, object_: dict, registration: str,
               publisher_id: str, session_id: str, extensions: dict | None = None,
               result: dict | None = None, move_on: bool = False, revision: str = "") -> dict:
    category = [{"id": CATEGORY}] + ([{"id": MOVE_ON_CATEGORY}] if move_on else [])
    statement = {
        "id": str(uuid.uuid4()),
        "timestamp": _now(),
        "actor": agent,
        "verb": {"id": verb, "display": {"en-US": name}},
        "object": object_,
        "context": {
            "registration": registration,
            "contextActivities": {"category": category, "grouping": [{"id": publisher_id}]},
            "extensions": {SESSION_ID: session_id, **(extensions or {})},
        },
    }
    if revision:
        # Which module version the registration runs on (Lernraum's progress pins it).
        statement["context"]["revision"] = revision
    if result:
        statement["result"] = result
    return statement


def context_template(publisher_id: str, session_id: str) -> dict:
    """The context every statement of the session must contain (LMS.LaunchData)."""
    return {"contextActivities": {"grouping": [{"id": publisher_id}]},
            "extensions": {SESSION_ID: session_id}}


def launch_data(unit: dict, session_id: str, launch_mode: str, return_url: str) -> dict:
    """The ``LMS.LaunchData`` state document of one session (section 10)."""
    document = {
        "contextTemplate": context_template(unit["publisher_id"], session_id),
        "launchMode": launch_mode,
        "moveOn": unit["move_on"],
        "returnURL": return_url,
    }
    if unit.get("launch_parameters") is not None:
        document["launchParameters"] = unit["launch_parameters"]
    if unit.get("mastery_score") is not None:
        document["masteryScore"] = unit["mastery_score"]
    if unit.get("entitlement_key") is not None:
        document["entitlementKey"] = {"courseStructure": unit["entitlement_key"]}
    return document


def launched(agent: dict, activity_id: str, unit: dict, registration: str, session_id: str,
             launch_mode: str, launch_url: str, revision: str = "") -> dict:
    """``launched``, written before the AU is launched, with the launch facts in context."""
    extensions = {LAUNCH_MODE: launch_mode, LAUNCH_URL: launch_url, MOVE_ON: unit["move_on"]}
    if unit.get("launch_parameters") is not None:
        extensions[LAUNCH_PARAMETERS] = unit["launch_parameters"]
    if unit.get("mastery_score") is not None:
        extensions[MASTERY_SCORE] = unit["mastery_score"]
    return _statement(agent, Verb.LAUNCHED, "launched", {"objectType": "Activity",
                      "id": activity_id}, registration, unit["publisher_id"], session_id,
                      extensions, revision=revision)


def satisfied(agent: dict, activity_id: str, node: dict, registration: str,
              session_id: str, revision: str = "") -> dict:
    """``satisfied`` for a block or the course (``node["type"]``)."""
    kind = BLOCK_TYPE if node["type"] == "block" else COURSE_TYPE
    return _statement(agent, SATISFIED, "satisfied", {
        "objectType": "Activity", "id": activity_id, "definition": {"type": kind}},
        registration, node["publisher_id"], session_id, revision=revision)


def abandoned(agent: dict, activity_id: str, publisher_id: str, registration: str,
              session_id: str, seconds: float, revision: str = "") -> dict:
    """``abandoned`` for a session that ended without ``terminated``."""
    return _statement(agent, ABANDONED, "abandoned", {"objectType": "Activity",
                      "id": activity_id}, registration, publisher_id, session_id,
                      result={"duration": duration(seconds)}, revision=revision)


def waived(agent: dict, activity_id: str, publisher_id: str, registration: str,
           session_id: str, reason: str, revision: str = "") -> dict:
    """``waived``: the AU's requirements were met by other means (``reason``)."""
    return _statement(agent, WAIVED, "waived", {"objectType": "Activity", "id": activity_id},
                      registration, publisher_id, session_id,
                      result={"success": True, "completion": True,
                              "extensions": {REASON: reason}}, move_on=True,
                      revision=revision)


def duration(seconds: float) -> str:
    """An ISO 8601 duration such as ``PT1H2M3.45S``."""
    seconds = max(0.0, round(seconds, 2))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT"
    if hours:
        text += f"{int(hours)}H"
    if minutes:
        text += f"{int(minutes)}M"
    return text + f"{secs:.2f}".rstrip("0").rstrip(".") + "S"
