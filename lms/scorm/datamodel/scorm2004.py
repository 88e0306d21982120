"""The SCORM 2004 data model (``cmi.*``, ``adl.nav.*``, RTE 4th edition chapter 4) and its
error codes (RTE 3.1.7)."""

from lms.scorm.datamodel.types import (
    LANGUAGE,
    LOCALIZED,
    LONG_IDENTIFIER,
    NAV_REQUEST,
    REAL,
    TIME_2004,
    TIMEINTERVAL,
    Element,
    Model,
)

COMPLETION = ("completed", "incomplete", "not attempted", "unknown")
SUCCESS = ("passed", "failed", "unknown")
INTERACTION_TYPES = ("true-false", "choice", "fill-in", "long-fill-in", "likert", "matching",
                     "performance", "sequencing", "numeric", "other")


def _real(access: str = "rw", minimum=None, maximum=None, default=None) -> Element:
    return Element(access, REAL, minimum=minimum, maximum=maximum, default=default)


def _text(size: int, access: str = "rw", default=None) -> Element:
    return Element(access, max_length=size, default=default)


def _localized(size: int, access: str = "rw") -> Element:
    return Element(access, LOCALIZED, max_length=size)


ELEMENTS = {
    "cmi._version": Element("ro", default="1.0"),
    "cmi.comments_from_learner.n.comment": _localized(4000),
    "cmi.comments_from_learner.n.location": _text(250),
    "cmi.comments_from_learner.n.timestamp": Element("rw", TIME_2004),
    "cmi.comments_from_lms.n.comment": _localized(4000, "ro"),
    "cmi.comments_from_lms.n.location": _text(250, "ro"),
    "cmi.comments_from_lms.n.timestamp": Element("ro", TIME_2004),
    "cmi.completion_status": Element("rw", vocab=COMPLETION, default="unknown"),
    "cmi.completion_threshold": _real("ro", 0, 1),
    "cmi.credit": Element("ro", vocab=("credit", "no-credit"), default="credit"),
    "cmi.entry": Element("ro", vocab=("ab-initio", "resume", ""), default="ab-initio"),
    "cmi.exit": Element("wo", vocab=("timeout", "suspend", "logout", "normal", "")),
    "cmi.interactions.n.id": Element("rw", LONG_IDENTIFIER, max_length=4000),
    "cmi.interactions.n.type": Element("rw", vocab=INTERACTION_TYPES),
    "cmi.interactions.n.objectives.n.id": Element("rw", LONG_IDENTIFIER, max_length=4000),
    "cmi.interactions.n.timestamp": Element("rw", TIME_2004),
    "cmi.interactions.n.correct_responses.n.pattern": Element("rw", max_length=4000,
                                                              check="pattern"),
    "cmi.interactions.n.weighting": _real(),
    "cmi.interactions.n.learner_response": Element("rw", max_length=4000, check="response"),
    "cmi.interactions.n.result": Element("rw", vocab=("correct", "incorrect", "unanticipated",
                                                      "neutral"), also=REAL),
    "cmi.interactions.n.latency": Element("rw", TIMEINTERVAL),
    "cmi.interactions.n.description": _localized(250),
    "cmi.launch_data": _text(4000, "ro"),
    "cmi.learner_id": _text(4000, "ro", ""),
    "cmi.learner_name": _localized(250, "ro"),
    "cmi.learner_preference.audio_level": _real(minimum=0, default="1"),
    "cmi.learner_preference.language": Element("rw", LANGUAGE, max_length=250, default=""),
    "cmi.learner_preference.delivery_speed": _real(minimum=0, default="1"),
    "cmi.learner_preference.audio_captioning": Element("rw", vocab=("-1", "0", "1"),
                                                       default="0"),
    "cmi.location": _text(1000),
    "cmi.max_time_allowed": Element("ro", TIMEINTERVAL),
    "cmi.mode": Element("ro", vocab=("browse", "normal", "review"), default="normal"),
    "cmi.objectives.n.id": Element("rw", LONG_IDENTIFIER, max_length=4000),
    "cmi.objectives.n.score.scaled": _real(minimum=-1, maximum=1),
    "cmi.objectives.n.score.raw": _real(),
    "cmi.objectives.n.score.min": _real(),
    "cmi.objectives.n.score.max": _real(),
    "cmi.objectives.n.success_status": Element("rw", vocab=SUCCESS, default="unknown"),
    "cmi.objectives.n.completion_status": Element("rw", vocab=COMPLETION, default="unknown"),
    "cmi.objectives.n.progress_measure": _real(minimum=0, maximum=1),
    "cmi.objectives.n.description": _localized(250),
    "cmi.progress_measure": _real(minimum=0, maximum=1),
    "cmi.scaled_passing_score": _real("ro", -1, 1),
    "cmi.score.scaled": _real(minimum=-1, maximum=1),
    "cmi.score.raw": _real(),
    "cmi.score.min": _real(),
    "cmi.score.max": _real(),
    "cmi.session_time": Element("wo", TIMEINTERVAL),
    "cmi.success_status": Element("rw", vocab=SUCCESS, default="unknown"),
    "cmi.suspend_data": _text(64000),
    "cmi.time_limit_action": Element("ro", vocab=(
        "exit,message", "continue,message", "exit,no message", "continue,no message"),
        default="continue,no message"),
    "cmi.total_time": Element("ro", TIMEINTERVAL, default="PT0H0M0S"),
    "adl.nav.request": Element("rw", NAV_REQUEST, default="_none_"),
    "adl.nav.request_valid.continue": Element("ro", default="unknown"),
    "adl.nav.request_valid.previous": Element("ro", default="unknown"),
}

CHILDREN = {
    "cmi.comments_from_learner": "comment,location,timestamp",
    "cmi.comments_from_lms": "comment,location,timestamp",
    "cmi.interactions": "id,type,objectives,timestamp,correct_responses,weighting,"
                        "learner_response,result,latency,description",
    "cmi.learner_preference": "audio_level,language,delivery_speed,audio_captioning",
    "cmi.objectives": "id,score,success_status,completion_status,progress_measure,description",
    "cmi.objectives.n.score": "scaled,raw,min,max",
    "cmi.score": "scaled,raw,min,max",
    "adl.data": "id,store",
}

ARRAYS = {
    "cmi.comments_from_learner": "comment",
    "cmi.comments_from_lms": "comment",
    "cmi.interactions": "id",
    "cmi.interactions.n.objectives": "id",
    "cmi.interactions.n.correct_responses": "pattern",
    "cmi.objectives": "id",
    "adl.data": "id",
}

ERRORS = {
    "0": "No Error",
    "101": "General Exception",
    "102": "General Initialization Failure",
    "103": "Already Initialized",
    "104": "Content Instance Terminated",
    "111": "General Termination Failure",
    "112": "Termination Before Initialization",
    "113": "Termination After Termination",
    "122": "Retrieve Data Before Initialization",
    "123": "Retrieve Data After Termination",
    "132": "Store Data Before Initialization",
    "133": "Store Data After Termination",
    "142": "Commit Before Initialization",
    "143": "Commit After Termination",
    "201": "General Argument Error",
    "301": "General Get Failure",
    "351": "General Set Failure",
    "391": "General Commit Failure",
    "401": "Undefined Data Model Element",
    "402": "Unimplemented Data Model Element",
    "403": "Data Model Element Value Not Initialized",
    "404": "Data Model Element Is Read Only",
    "405": "Data Model Element Is Write Only",
    "406": "Data Model Element Type Mismatch",
    "407": "Data Model Element Value Out Of Range",
    "408": "Data Model Dependency Not Established",
}

CODES = {
    "general": "101", "argument": "201", "already_initialized": "103",
    "terminated": "104", "terminate_before_init": "112", "terminate_twice": "113",
    "get_before_init": "122", "get_after_term": "123", "set_before_init": "132",
    "set_after_term": "133", "commit_before_init": "142", "commit_after_term": "143",
    "empty_element": "301", "empty_set_element": "351", "undefined": "401",
    "no_children": "301", "no_count": "301", "keyword": "404", "read_only": "404",
    "write_only": "405", "type": "406", "range": "407", "not_initialized": "403",
    "index": "351", "get_index": "301", "dependency": "408", "set_failure": "351",
    "unique": "351", "too_many": "351",
}

MODEL = Model("2004", ELEMENTS, CHILDREN, ARRAYS, ERRORS, CODES)
