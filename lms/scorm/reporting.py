"""From CMI values to what they mean: statuses, score, interactions, times; and the xAPI
statements a change between two commits calls for (lms.scorm.statements)."""

import re
from dataclasses import dataclass, field

from lms.core.vocabulary import Verb
from lms.scorm import statements
from lms.scorm.datamodel import Cmi

TIMESPAN_12 = re.compile(r"^([0-9]{2,4}):([0-9]{2}):([0-9]{2}(?:\.[0-9]{1,2})?)$")
INTERVAL = re.compile(r"^P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)D)?"
                      r"(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:\.[0-9]+)?)S)?)?$")
COMPLETION_12 = {"completed": "completed", "incomplete": "incomplete", "browsed": "incomplete",
                 "not attempted": "not attempted"}
RESULT_SUCCESS = {"correct": True, "wrong": False, "incorrect": False}


def seconds_of(value: str | None) -> float:
    """Seconds of a SCORM 1.2 timespan (``HHHH:MM:SS.SS``) or SCORM 2004 interval (``PT…``)."""
    if not value:
        return 0.0
    match = TIMESPAN_12.match(value)
    if match:
        return int(match[1]) * 3600 + int(match[2]) * 60 + float(match[3])
    match = INTERVAL.match(value)
    if not match:
        return 0.0
    years, months, days, hours, minutes = (int(part or 0) for part in match.groups()[:5])
    return (((years * 365 + months * 30 + days) * 24 + hours) * 60 + minutes) * 60 + float(
        match[6] or 0)


def timespan_12(seconds: float) -> str:
    """``HHHH:MM:SS.SS`` for ``cmi.core.total_time``."""
    hundredths = round(seconds * 100)
    hours, rest = divmod(hundredths, 360000)
    minutes, rest = divmod(rest, 6000)
    return f"{min(hours, 9999):04d}:{minutes:02d}:{rest // 100:02d}.{rest % 100:02d}"


def interval(seconds: float) -> str:
    """``PT#H#M#S`` for ``cmi.total_time`` and xAPI durations."""
    hundredths = round(seconds * 100)
    hours, rest = divmod(hundredths, 360000)
    minutes, rest = divmod(rest, 6000)
    whole, fraction = divmod(rest, 100)
    second = f"{whole}.{fraction:02d}".rstrip("0").rstrip(".") if fraction else str(whole)
    return f"PT{hours}H{minutes}M{second}S"


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def score_of(raw, low, high, scaled) -> dict | None:
    """An xAPI score: ``scaled`` as reported (2004) or raw within min..max (1.2: raw/100,
    as the profile asks); raw/min/max only when they are consistent."""
    raw, low, high, scaled = map(_float, (raw, low, high, scaled))
    score: dict = {}
    if scaled is None and raw is not None:
        span = (high - low) if high is not None and low is not None and high > low else None
        scaled = (raw - low) / span if span else raw / 100
    if scaled is not None:
        score["scaled"] = round(max(-1.0, min(1.0, scaled)), 7)
    if raw is not None and (low is None or raw >= low) and (high is None or raw <= high) and (
            low is None or high is None or low <= high):
        score["raw"] = raw
        score.update({name: value for name, value in (("min", low), ("max", high))
                      if value is not None})
    return score or None


def _response_12(kind: str, value: str) -> str:
    """A SCORM 1.2 response in the xAPI (= SCORM 2004) format."""
    value = value.strip().strip("{}")
    if kind in ("choice", "sequencing"):
        return "[,]".join(part.strip() for part in value.split(",") if part.strip())
    if kind == "matching":
        return "[,]".join(pair.strip().replace(".", "[.]", 1)
                          for pair in value.split(",") if pair.strip())
    if kind == "true-false":
        return {"t": "true", "1": "true", "f": "false", "0": "false"}.get(value[:1].lower(),
                                                                           value)
    return value


@dataclass
class Snapshot:
    """What the values of one attempt mean at one moment."""

    completion: str = "unknown"
    success: str = "unknown"
    lesson_status: str = ""
    score: dict | None = None
    interactions: list[dict] = field(default_factory=list)
    objectives: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """One word for the table of contents and the attempt row."""
        if self.lesson_status:
            return self.lesson_status
        if self.success in ("passed", "failed"):
            return self.success
        if self.completion in ("completed", "incomplete"):
            return self.completion
        return "not attempted"

    def result(self) -> dict:
        """The overall result for terminated/suspended (profile: known statuses, score)."""
        result: dict = {}
        done = ("completed", "passed", "failed") if self.lesson_status else ("completed",)
        if self.lesson_status and self.lesson_status != "not attempted" or self.completion in (
                "completed", "incomplete"):
            result["completion"] = (self.lesson_status or self.completion) in done
        if self.success in ("passed", "failed"):
            result["success"] = self.success == "passed"
        if self.score:
            result["score"] = self.score
        return result


def snapshot(cmi: Cmi) -> Snapshot:
    """Read statuses, score, interactions and objectives from the values."""
    values = cmi.values
    if cmi.model.version == "1.2":
        status = values.get("cmi.core.lesson_status", "not attempted")
        shot = Snapshot(
            lesson_status=status,
            completion=COMPLETION_12.get(status, "unknown"),
            success=status if status in ("passed", "failed") else "unknown",
            score=score_of(*(values.get(f"cmi.core.score.{n}") for n in ("raw", "min", "max")),
                           None))
    else:
        shot = Snapshot(
            completion=cmi.evaluated("cmi.completion_status"),
            success=cmi.evaluated("cmi.success_status"),
            score=score_of(*(values.get(f"cmi.score.{n}") for n in ("raw", "min", "max",
                                                                        "scaled"))))
    shot.interactions = _interactions(cmi)
    shot.objectives = _objectives(cmi)
    return shot


def _interactions(cmi: Cmi) -> list[dict]:
    values, twelve = cmi.values, cmi.model.version == "1.2"
    found = []
    for index in range(cmi.counts.get("cmi.interactions", 0)):
        prefix = f"cmi.interactions.{index}."
        kind = values.get(prefix + "type") or ""
        response = values.get(prefix + ("student_response" if twelve else "learner_response"))
        patterns = [values.get(f"{prefix}correct_responses.{n}.pattern", "")
                    for n in range(cmi.counts.get(prefix + "correct_responses", 0))]
        if twelve:
            response = _response_12(kind, response) if response is not None else None
            patterns = [_response_12(kind, pattern) for pattern in patterns]
        latency = values.get(prefix + "latency")
        found.append({
            "id": values.get(prefix + "id", ""), "type": kind, "response": response,
            "result": values.get(prefix + "result"), "patterns": patterns,
            "success": RESULT_SUCCESS.get(values.get(prefix + "result") or ""),
            "duration": interval(seconds_of(latency)) if latency else None,
            "description": values.get(prefix + "description"),
        })
    return found


def _objectives(cmi: Cmi) -> dict[str, tuple[str, str]]:
    values, found = cmi.values, {}
    for index in range(cmi.counts.get("cmi.objectives", 0)):
        prefix = f"cmi.objectives.{index}."
        identifier = values.get(prefix + "id")
        if not identifier:
            continue
        if cmi.model.version == "1.2":
            status = values.get(prefix + "status", "not attempted")
            found[identifier] = ("completed" if status == "completed" else "",
                                 status if status in ("passed", "failed") else "")
        else:
            found[identifier] = (values.get(prefix + "completion_status", ""),
                                 values.get(prefix + "success_status", ""))
    return found


def changes(scope: statements.Scope, before: Snapshot, after: Snapshot) -> list[dict]:
    """The statements a commit calls for: new statuses, a new score, answered interactions,
    objectives that changed."""
    found = []
    if after.completion == "completed" and before.completion != "completed":
        found.append(statements.about_sco(scope, Verb.COMPLETED, {"completion": True}))
    if after.success != before.success and after.success in ("passed", "failed"):
        result = {"success": after.success == "passed"}
        if after.score:
            result["score"] = after.score
        verb = Verb.PASSED if after.success == "passed" else Verb.FAILED
        found.append(statements.about_sco(scope, verb, result))
    if after.score and after.score != before.score:
        found.append(statements.about_sco(scope, statements.SCORED, {"score": after.score}))
    old = {index: (i["id"], i["response"], i["result"])
           for index, i in enumerate(before.interactions)}
    for index, interaction in enumerate(after.interactions):
        answered = interaction["response"] is not None or interaction["result"] is not None
        key = (interaction["id"], interaction["response"], interaction["result"])
        if interaction["id"] and answered and old.get(index) != key:
            found.append(statements.responded(scope, interaction))
    for identifier, (completion, success) in after.objectives.items():
        was = before.objectives.get(identifier, ("", ""))
        if completion == "completed" and was[0] != "completed":
            found.append(statements.about_objective(scope, Verb.COMPLETED, identifier))
        if success in ("passed", "failed") and was[1] != success:
            verb = Verb.PASSED if success == "passed" else Verb.FAILED
            found.append(statements.about_objective(scope, verb, identifier,
                                                    {"success": success == "passed"}))
    return found
