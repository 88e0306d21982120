"""The SCORM 1.2 data model (``cmi.*``, RTE chapter 3.4) and its error codes (RTE 3.3.3)."""

from lms.scorm.datamodel.types import (
    DECIMAL_12,
    IDENTIFIER_12,
    INTEGER_12,
    TIME_12,
    TIMESPAN_12,
    Element,
    Model,
)

STATUS = ("passed", "completed", "failed", "incomplete", "browsed", "not attempted")
SCORE = Element("rw", DECIMAL_12, minimum=0, maximum=100, default="", also="^$")
"""Scores are CMIDecimal or CMIBlank, from 0 to 100 (as the ADL test suite expects)."""


def _string(size: int, access: str = "rw") -> Element:
    return Element(access, max_length=size, default="")


ELEMENTS = {
    "cmi._version": Element("ro", default="3.4"),
    "cmi.core.student_id": Element("ro", IDENTIFIER_12, default=""),
    "cmi.core.student_name": _string(255, "ro"),
    "cmi.core.lesson_location": _string(255),
    "cmi.core.credit": Element("ro", vocab=("credit", "no-credit"), default="credit"),
    "cmi.core.lesson_status": Element("rw", vocab=STATUS[:5], default="not attempted"),
    "cmi.core.entry": Element("ro", vocab=("ab-initio", "resume", ""), default=""),
    "cmi.core.score.raw": SCORE,
    "cmi.core.score.min": SCORE,
    "cmi.core.score.max": SCORE,
    "cmi.core.total_time": Element("ro", TIMESPAN_12, default="0000:00:00.00"),
    "cmi.core.lesson_mode": Element("ro", vocab=("browse", "normal", "review"),
                                    default="normal"),
    "cmi.core.exit": Element("wo", vocab=("time-out", "suspend", "logout", "")),
    "cmi.core.session_time": Element("wo", TIMESPAN_12),
    "cmi.suspend_data": _string(4096),
    "cmi.launch_data": _string(4096, "ro"),
    "cmi.comments": _string(4096),
    "cmi.comments_from_lms": _string(4096, "ro"),
    "cmi.objectives.n.id": Element("rw", IDENTIFIER_12, default=""),
    "cmi.objectives.n.score.raw": SCORE,
    "cmi.objectives.n.score.min": SCORE,
    "cmi.objectives.n.score.max": SCORE,
    "cmi.objectives.n.status": Element("rw", vocab=STATUS, default="not attempted"),
    "cmi.student_data.mastery_score": Element("ro", default=""),
    "cmi.student_data.max_time_allowed": Element("ro", default=""),
    "cmi.student_data.time_limit_action": Element("ro", default=""),
    "cmi.student_preference.audio": Element("rw", INTEGER_12, minimum=-1, maximum=100,
                                            default="0"),
    "cmi.student_preference.language": _string(255),
    "cmi.student_preference.speed": Element("rw", INTEGER_12, minimum=-100, maximum=100,
                                            default="0"),
    "cmi.student_preference.text": Element("rw", INTEGER_12, minimum=-1, maximum=1,
                                           default="0"),
    "cmi.interactions.n.id": Element("wo", IDENTIFIER_12),
    "cmi.interactions.n.objectives.n.id": Element("wo", IDENTIFIER_12),
    "cmi.interactions.n.time": Element("wo", TIME_12),
    "cmi.interactions.n.type": Element("wo", vocab=(
        "true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert",
        "numeric")),
    "cmi.interactions.n.correct_responses.n.pattern": Element("wo", max_length=255),
    "cmi.interactions.n.weighting": Element("wo", DECIMAL_12),
    "cmi.interactions.n.student_response": Element("wo", max_length=255),
    "cmi.interactions.n.result": Element("wo", vocab=("correct", "wrong", "unanticipated",
                                                      "neutral"), also=DECIMAL_12),
    "cmi.interactions.n.latency": Element("wo", TIMESPAN_12),
}

CHILDREN = {
    "cmi.core": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,"
                "total_time,lesson_mode,exit,session_time",
    "cmi.core.score": "raw,min,max",
    "cmi.objectives": "id,score,status",
    "cmi.objectives.n.score": "raw,min,max",
    "cmi.student_data": "mastery_score,max_time_allowed,time_limit_action",
    "cmi.student_preference": "audio,language,speed,text",
    "cmi.interactions": "id,objectives,time,type,correct_responses,weighting,"
                        "student_response,result,latency",
}

ARRAYS = {
    "cmi.objectives": "id",
    "cmi.interactions": "id",
    "cmi.interactions.n.objectives": "id",
    "cmi.interactions.n.correct_responses": "pattern",
}

ERRORS = {
    "0": "No error",
    "101": "General exception",
    "201": "Invalid argument error",
    "202": "Element cannot have children",
    "203": "Element not an array - cannot have count",
    "301": "Not initialized",
    "401": "Not implemented error",
    "402": "Invalid set value, element is a keyword",
    "403": "Element is read only",
    "404": "Element is write only",
    "405": "Incorrect data type",
}

CODES = {
    "general": "101", "argument": "201", "already_initialized": "101",
    "terminated": "101", "terminate_before_init": "301", "terminate_twice": "301",
    "get_before_init": "301", "get_after_term": "301", "set_before_init": "301",
    "set_after_term": "301", "commit_before_init": "301", "commit_after_term": "301",
    "empty_element": "201", "undefined": "401", "no_children": "202", "no_count": "203",
    "keyword": "402", "read_only": "403", "write_only": "404", "type": "405", "range": "405",
    "not_initialized": None, "index": "201", "get_index": "201", "dependency": None,
    "set_failure": "101", "unique": "101", "too_many": "101",
}
"""SCORM 1.2 has no codes for "not initialized" values or dependencies: such reads give ""."""

MODEL = Model("1.2", ELEMENTS, CHILDREN, ARRAYS, ERRORS, CODES)
