"""Watching a recording, recorded with the xAPI video profile (https://w3id.org/xapi/video).

The player reports its events (initialized, played, paused, seeked, completed, terminated)
with the playhead, the played segments and the video's length; this module checks them
and turns each into a statement about ``…/seminar/<slug>/recording`` with the module or
course the learner came from as the parent in the context.
"""

import math
import re
import uuid

from lms.accounts.models import User
from lms.core.models import utcnow
from lms.core.vocabulary import VERB_NAMES, ActivityType, Verb, learner_account, recording_iri

PROFILE = "https://w3id.org/xapi/video"
EXT = PROFILE + "/extensions/"
EVENTS = {
    "initialized": Verb.INITIALIZED,
    "played": Verb.PLAYED,
    "paused": Verb.PAUSED,
    "seeked": Verb.SEEKED,
    "completed": Verb.COMPLETED,
    "terminated": Verb.TERMINATED,
}
COMPLETION_THRESHOLD = 0.95
"""Share of the recording that must have been played for ``completed``."""
MAX_LENGTH = 24 * 3600
MAX_SEGMENTS = 1000
SESSION = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class VideoEventError(ValueError):
    """An event the player should not have sent; the message says why (German)."""


def _seconds(value, length: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise VideoEventError(f"„{name}“ muss eine Zahl von Sekunden sein.")
    if not 0 <= value <= length + 1:
        raise VideoEventError(f"„{name}“ liegt außerhalb der Aufzeichnung.")
    return round(min(float(value), length), 3)


def merge_segments(segments: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overlapping or touching segments joined, in order."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted(segments):
        if merged and start <= merged[-1][1] + 0.5:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def progress_of(segments: list[tuple[float, float]], length: float) -> float:
    """Share of the recording covered by the played segments (0 to 1)."""
    if length <= 0:
        return 0.0
    covered = sum(end - start for start, end in merge_segments(segments))
    return round(min(1.0, covered / length), 3)


def _segments(value, length: float) -> list[tuple[float, float]]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or len(value) > MAX_SEGMENTS:
        raise VideoEventError("„segments“ muss eine Liste von Abschnitten sein.")
    result = []
    for pair in value:
        if not isinstance(pair, list) or len(pair) != 2:
            raise VideoEventError("Jeder Abschnitt besteht aus Beginn und Ende.")
        start, end = (_seconds(item, length, "segments") for item in pair)
        if end < start:
            raise VideoEventError("Ein Abschnitt endet vor seinem Beginn.")
        result.append((start, end))
    return result


def segments_text(segments: list[tuple[float, float]]) -> str:
    """The profile's notation: ``0[.]12.5[,]30[.]45``."""
    return "[,]".join(f"{start:g}[.]{end:g}" for start, end in merge_segments(segments))


def parse_event(data: dict) -> dict:
    """The checked event: name, verb, session, times, segments, progress. Raises on bad input."""
    if not isinstance(data, dict) or data.get("event") not in EVENTS:
        raise VideoEventError("Unbekanntes Ereignis der Aufzeichnung.")
    length = data.get("length")
    if isinstance(length, bool) or not isinstance(length, int | float) or not (
            math.isfinite(length) and 0 < length <= MAX_LENGTH):
        raise VideoEventError("„length“ muss die Länge der Aufzeichnung in Sekunden sein.")
    session = str(data.get("session") or "")
    if not SESSION.match(session):
        raise VideoEventError("„session“ muss eine UUID sein.")
    event = {"event": data["event"], "verb": EVENTS[data["event"]], "session": session,
             "length": round(float(length), 3),
             "time": _seconds(data.get("time", 0), length, "time"),
             "segments": _segments(data.get("segments"), length)}
    if event["event"] == "seeked":
        event["from"] = _seconds(data.get("from"), length, "from")
        event["to"] = _seconds(data.get("to"), length, "to")
    event["progress"] = progress_of(event["segments"], event["length"])
    if event["event"] == "completed" and event["progress"] < COMPLETION_THRESHOLD:
        raise VideoEventError("Die Aufzeichnung ist noch nicht zu Ende angesehen.")
    return event


def _result(event: dict) -> dict:
    name, extensions = event["event"], {}
    if name == "seeked":
        extensions = {EXT + "time-from": event["from"], EXT + "time-to": event["to"]}
    elif name != "initialized":
        extensions = {EXT + "time": event["time"]}
    if name in ("paused", "completed", "terminated"):
        extensions[EXT + "progress"] = event["progress"]
        extensions[EXT + "played-segments"] = segments_text(event["segments"])
    result = {"extensions": extensions} if extensions else {}
    if name == "completed":
        result.update(completion=True, duration=f"PT{event['length']:g}S")
    return result


def build_statement(user: User, event: dict, *, slug: str, title: str, base_url: str,
                    parent_iri: str | None) -> dict:
    """The statement of one checked player event."""
    context_activities = {"category": [{"id": PROFILE, "objectType": "Activity"}]}
    if parent_iri:
        context_activities["parent"] = [{"id": parent_iri, "objectType": "Activity"}]
    context = {
        "contextActivities": context_activities,
        "language": "de-DE",
        "platform": "Lernraum",
        "registration": str(uuid.uuid5(uuid.NAMESPACE_URL, event["session"])),
        "extensions": {EXT + "session-id": event["session"], EXT + "length": event["length"],
                       EXT + "completion-threshold": COMPLETION_THRESHOLD},
    }
    statement = {
        "id": str(uuid.uuid4()),
        "actor": learner_account(base_url, user.xapi_name),
        "verb": {"id": event["verb"], "display": {"de-DE": VERB_NAMES[event["verb"]]}},
        "object": {"objectType": "Activity", "id": recording_iri(base_url, slug),
                   "definition": {"name": {"de-DE": f"Aufzeichnung: {title}"},
                                  "type": ActivityType.VIDEO}},
        "context": context,
        "timestamp": utcnow().isoformat(),
    }
    result = _result(event)
    if result:
        statement["result"] = result
    return statement
