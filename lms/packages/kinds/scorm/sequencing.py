"""SCORM 2004 sequencing and navigation information of an item (``imsss:sequencing``,
``adlnav:presentation``), read into plain dicts; what Lernraum does not evaluate is named so
the author is told (docs/scorm.md, "Sequenzierung").
"""

from decimal import Decimal, InvalidOperation

from lms.packages.xmlread import split_tag, text_of

IMSSS = "http://www.imsglobal.org/xsd/imsss"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
CONTROL_DEFAULTS = {"choice": True, "choiceExit": True, "flow": False, "forwardOnly": False}
DELIVERY_DEFAULTS = {"tracked": True, "completionSetByContent": False,
                     "objectiveSetByContent": False}
ROLLUP_DEFAULTS = {"rollupObjectiveSatisfied": True, "rollupProgressCompletion": True}
UNSUPPORTED = {
    "sequencingRules": "Sequenzierungsregeln (sequencingRules)",
    "limitConditions": "Begrenzungen (limitConditions)",
    "randomizationControls": "Zufallsauswahl (randomizationControls)",
    "auxiliaryResources": "Hilfsressourcen (auxiliaryResources)",
    "rollupRule": "eigene Zusammenfassungsregeln (rollupRule)",
    "mapInfo": "globale Lernziele (mapInfo)",
}
HIDE_LMS_UI = ("previous", "continue", "exit", "exitAll", "abandon", "abandonAll", "suspendAll")


def flag(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in ("true", "1")


def measure(text: str) -> float | None:
    try:
        number = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        return None
    return float(number) if -1 <= number <= 1 else None


def _children(element, namespace: str, name: str):
    return [child for child in element
            if split_tag(child.tag) == (namespace, name)]


def collection(root) -> dict[str, object]:
    """``imsss:sequencingCollection``: reusable sequencing elements by their ``ID``."""
    found = {}
    for group in _children(root, IMSSS, "sequencingCollection"):
        for element in _children(group, IMSSS, "sequencing"):
            if element.get("ID"):
                found[element.get("ID")] = element
    return found


class SequencingReader:
    """Merges an item's own ``imsss:sequencing`` over the one it references by ``IDRef``."""

    def __init__(self, shared: dict[str, object]):
        self.shared = shared
        self.unsupported: set[str] = set()

    def read(self, element=None) -> dict:
        """The sequencing facts of an item or organization (defaults where it says nothing)."""
        result = {**CONTROL_DEFAULTS, **DELIVERY_DEFAULTS, **ROLLUP_DEFAULTS, "objectives": []}
        own = _children(element, IMSSS, "sequencing") if element is not None else []
        if not own:
            return result
        sequencing = own[0]
        base = self.shared.get(sequencing.get("IDRef") or "")
        for source in ((base,) if base is not None else ()) + (sequencing,):
            self._apply(result, source)
        return result

    def _apply(self, result: dict, sequencing) -> None:
        for child in sequencing:
            namespace, name = split_tag(child.tag)
            if namespace != IMSSS:
                continue
            if name == "controlMode":
                for key in CONTROL_DEFAULTS:
                    result[key] = flag(child.get(key), result[key])
            elif name == "deliveryControls":
                for key in DELIVERY_DEFAULTS:
                    result[key] = flag(child.get(key), result[key])
            elif name == "rollupRules":
                for key in ROLLUP_DEFAULTS:
                    result[key] = flag(child.get(key), result[key])
                if _children(child, IMSSS, "rollupRule"):
                    self.unsupported.add("rollupRule")
            elif name == "objectives":
                result["objectives"] = self._objectives(child)
            elif name in UNSUPPORTED:
                self.unsupported.add(name)

    def _objectives(self, element) -> list[dict]:
        objectives = []
        for child in element:
            namespace, name = split_tag(child.tag)
            if namespace != IMSSS or name not in ("primaryObjective", "objective"):
                continue
            minimum = _children(child, IMSSS, "minNormalizedMeasure")
            if _children(child, IMSSS, "mapInfo"):
                self.unsupported.add("mapInfo")
            objectives.append({
                "id": (child.get("objectiveID") or "").strip(),
                "primary": name == "primaryObjective",
                "satisfied_by_measure": flag(child.get("satisfiedByMeasure"), False),
                "min_measure": measure(text_of(minimum[0])) if minimum else 1.0,
            })
        return objectives

    def warnings(self) -> list[str]:
        """One German sentence naming the sequencing parts that are not evaluated."""
        if not self.unsupported:
            return []
        names = ", ".join(UNSUPPORTED[name] for name in sorted(self.unsupported))
        return [f"Das Paket nutzt Teile der SCORM-2004-Sequenzierung, die Lernraum nicht "
                f"auswertet: {names}. Lernende wählen frei im Inhaltsverzeichnis und gehen "
                "der Reihe nach vor (siehe Dokumentation)."]


def hidden_lms_ui(item) -> list[str]:
    """``adlnav:presentation/navigationInterface/hideLMSUI``: buttons the SCO brings itself."""
    hidden = []
    for presentation in _children(item, ADLNAV, "presentation"):
        for interface in _children(presentation, ADLNAV, "navigationInterface"):
            for element in _children(interface, ADLNAV, "hideLMSUI"):
                value = text_of(element)
                if value in HIDE_LMS_UI and value not in hidden:
                    hidden.append(value)
    return hidden


def scaled_passing_score(sequencing: dict) -> float | None:
    """``cmi.scaled_passing_score``: the primary objective's minimum when satisfied by
    measure (SCORM 2004 RTE 4.2.18)."""
    primary = next((o for o in sequencing["objectives"] if o["primary"]), None)
    if primary and primary["satisfied_by_measure"] and primary["min_measure"] is not None:
        return primary["min_measure"]
    return None
