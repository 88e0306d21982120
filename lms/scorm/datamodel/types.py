"""The value types of both CMI data models, as patterns the server and the browser share.

Every pattern is written in the common subset of Python's ``re`` and JavaScript's
``RegExp`` (no look-behind, no named groups), because the API adapter in the browser checks
values against the very same table (:func:`lms.scorm.datamodel.model_table`) before the
server checks them again on commit.
"""

from dataclasses import dataclass, field

REAL = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
"""SCORM 2004 real(10,7); more digits than 10,7 are accepted (content often sends them)."""
DECIMAL_12 = r"^-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)$"
INTEGER_12 = r"^-?[0-9]+$"
TIMESPAN_12 = r"^[0-9]{2,4}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,2})?$"
TIME_12 = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,2})?$"
IDENTIFIER_12 = r"^[\u0021-\u007e]{0,255}$"
TIMEINTERVAL = (r"^P(?=[0-9T])(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+D)?"
                r"(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]{1,2})?S)?)?$")
TIME_2004 = (r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01])"
             r"(?:T(?:[01][0-9]|2[0-3])(?::[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,2})?"
             r"(?:Z|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)?)?)?)?)?)?$")
LANGUAGE = r"^(?:|(?:[a-zA-Z]{1,8}|i|x)(?:-[a-zA-Z0-9]{1,8})*)$"
LONG_IDENTIFIER = r"^\S{1,4000}$"
SHORT_IDENTIFIER = r"^[^\s\[\]]{1,250}$"
LOCALIZED = r"^(?:\{lang=(?:[a-zA-Z]{1,8}|i|x)(?:-[a-zA-Z0-9]{1,8})*\})?[\s\S]*$"
NAV_REQUEST = (r"^(?:continue|previous|choice|jump|exit|exitAll|abandon|abandonAll|"
               r"suspendAll|_none_|\{target=[^\s{}]{1,4000}\}(?:choice|jump))$")

ITEM = r"[^\s\[\]]{1,250}"
LIST = rf"{ITEM}(?:\[,\]{ITEM})*"
PAIRS = rf"{ITEM}\[\.\]{ITEM}(?:\[,\]{ITEM}\[\.\]{ITEM})*"
STEP = r"[^\[\]]{0,250}"
NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
FLAGS = r"(?:\{(?:case_matters|order_matters)=(?:true|false)\})*"
LANG_PREFIX = r"(?:\{lang=[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*\})?"
RESPONSES = {
    "true-false": (r"^(?:true|false)$", r"^(?:true|false)$"),
    "choice": (rf"^(?:{LIST})?$", rf"^(?:{LIST})?$"),
    "fill-in": (rf"^{LANG_PREFIX}[\s\S]*$", rf"^{FLAGS}{LANG_PREFIX}[\s\S]*$"),
    "long-fill-in": (rf"^{LANG_PREFIX}[\s\S]*$", rf"^{FLAGS}{LANG_PREFIX}[\s\S]*$"),
    "likert": (rf"^{ITEM}$", rf"^{ITEM}$"),
    "matching": (rf"^(?:{PAIRS})?$", rf"^{FLAGS}(?:{PAIRS})?$"),
    "performance": (rf"^{STEP}\[\.\]{STEP}(?:\[,\]{STEP}\[\.\]{STEP})*$",
                    rf"^{FLAGS}{STEP}\[\.\]{STEP}(?:\[,\]{STEP}\[\.\]{STEP})*$"),
    "sequencing": (rf"^{LIST}$", rf"^{LIST}$"),
    "numeric": (rf"^{NUMBER}$", rf"^(?:{NUMBER})?\[:\](?:{NUMBER})?$|^{NUMBER}$"),
    "other": (r"^[\s\S]*$", r"^[\s\S]*$"),
}
"""SCORM 2004 interaction types: (learner_response, correct_responses pattern) formats."""
SINGLE_PATTERN_TYPES = ("true-false", "likert", "numeric")
"""Interaction types that allow one correct response pattern only (RTE 4.2.9.1)."""


@dataclass(frozen=True)
class Element:
    """One data model element: access (``ro``, ``rw``, ``wo``), value rules, default.

    ``pattern`` is a regular expression the value must match, ``vocab`` the allowed values,
    ``max_length`` the largest length (SCORM 1.2 CMIString sizes, SCORM 2004 SPM),
    ``minimum``/``maximum`` a range for numbers; ``default`` is what GetValue gives before the
    value is set (None: SCORM 2004 error 403 "not initialized"; SCORM 1.2 gives "").
    """

    access: str
    pattern: str | None = None
    vocab: tuple[str, ...] = ()
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    default: str | None = None
    also: str | None = None
    """A second pattern that is also accepted (e.g. a number where a vocabulary is asked)."""
    check: str | None = None
    """A named rule beyond the table (``response``, ``pattern``), applied in code."""

    def as_json(self) -> dict:
        return {key: value for key, value in {
            "access": self.access, "pattern": self.pattern, "vocab": list(self.vocab) or None,
            "max": self.max_length, "min_value": self.minimum, "max_value": self.maximum,
            "default": self.default, "also": self.also, "check": self.check,
        }.items() if value is not None}


@dataclass(frozen=True)
class Model:
    """A whole data model: elements by pattern (``n`` for each index), keywords, arrays."""

    version: str
    elements: dict[str, Element]
    children: dict[str, str]
    """``_children`` values by container, e.g. ``cmi.core`` -> ``student_id,...``."""
    arrays: dict[str, str]
    """Arrays by pattern: the element that creates a record (``id``; ``pattern`` ...)."""
    errors: dict[str, str]
    """Error codes and their strings (what GetErrorString returns)."""
    codes: dict[str, str] = field(default_factory=dict)
    """Named situations -> error code, e.g. ``read_only`` -> ``403`` (1.2) or ``404``."""
