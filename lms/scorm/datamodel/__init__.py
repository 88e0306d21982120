"""The CMI data models of SCORM 1.2 and SCORM 2004: element tables, value types, and the
rules of GetValue/SetValue (:mod:`lms.scorm.datamodel.engine`).

The tables are plain data so the browser's API adapter receives them as JSON
(:func:`model_table`) and checks values exactly as the server does.
"""

from lms.scorm.datamodel import scorm12, scorm2004
from lms.scorm.datamodel.engine import Cmi, CmiError
from lms.scorm.datamodel.types import RESPONSES, SINGLE_PATTERN_TYPES, Model

MODELS = {"1.2": scorm12.MODEL, "2004": scorm2004.MODEL}


def model_for(version: str) -> Model:
    """The data model of a package version (``1.2`` or ``2004-2``/``-3``/``-4``)."""
    return MODELS["1.2" if version == "1.2" else "2004"]


def model_table(model: Model) -> dict:
    """Everything the browser's adapter needs to check values like the server does."""
    return {
        "version": model.version,
        "elements": {name: spec.as_json() for name, spec in model.elements.items()},
        "children": model.children,
        "arrays": model.arrays,
        "errors": model.errors,
        "codes": model.codes,
        "responses": {kind: list(patterns) for kind, patterns in RESPONSES.items()},
        "single_pattern_types": list(SINGLE_PATTERN_TYPES),
    }


__all__ = ["MODELS", "Cmi", "CmiError", "Model", "model_for", "model_table"]
