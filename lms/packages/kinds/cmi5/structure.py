"""The cmi5 course structure (``cmi5.xml``): parsed and validated as the specification asks
of an LMS (section 13 and the CourseStructure.xsd), with German reasons.

The result is the course (titles, descriptions, id), its objectives, the tree of blocks and
AUs, and one unit per AU with everything its launch needs.
"""

from decimal import Decimal, InvalidOperation

from lms.packages.kinds.base import (
    LAUNCH_METHODS,
    MOVE_ON_VALUES,
    ParsedPackage,
    unit_key,
)
from lms.packages.kinds.urls import check_launch_url
from lms.packages.xmlread import LANGUAGE_TAG, is_absolute_iri, split_tag, text_of

NAMESPACE = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
LAUNCH_PARAMETERS = ("endpoint", "fetch", "actor", "registration", "activityId")
MAX_DEPTH = 30
SEQUENCES = {
    "course": ("title", "description"),
    "block": ("title", "description", "objectives", "*content"),
    "au": ("title", "description", "objectives", "url", "launchParameters", "entitlementKey"),
    "courseStructure": ("course", "objectives", "*content"),
}
"""The order of the cmi5 elements inside each element, as the XSD's sequences define it;
``*content`` stands for one or more ``au`` or ``block`` elements."""
REQUIRED = {
    "course": ("title", "description"),
    "block": ("title", "description", "*content"),
    "au": ("title", "description", "url"),
    "courseStructure": ("course", "*content"),
}
AU_ATTRIBUTES = {"id", "moveOn", "masteryScore", "launchMethod", "activityType"}


def _own(element) -> bool:
    return split_tag(element.tag)[0] == NAMESPACE


def _name(element) -> str:
    return split_tag(element.tag)[1]


class StructureReader:
    """Reads one course structure into ``parsed``; ``files`` is None without a zip."""

    def __init__(self, parsed: ParsedPackage, files: set[str] | None):
        self.parsed = parsed
        self.files = files
        self.ids: set[str] = set()
        self.objective_ids: set[str] = set()

    def error(self, message: str) -> None:
        self.parsed.error(message)

    def read(self, root) -> None:
        if _name(root) != "courseStructure" or not _own(root):
            self.error("Das Wurzelelement muss <courseStructure> im Namensraum "
                       f"{NAMESPACE} sein.")
            return
        if not self._sequence_ok(root):
            return
        children = [child for child in root if _own(child)]
        course = children[0]
        self._read_course(course)
        objectives = next((c for c in children if _name(c) == "objectives"), None)
        if objectives is not None:
            self._read_objectives(objectives)
        content = [c for c in children if _name(c) in ("au", "block")]
        self.parsed.structure = {"type": "course", "publisher_id": self.parsed.publisher_id,
                                 "children": self._read_content(content, [], 0)}

    def _sequence_ok(self, element) -> bool:
        """Check the order and presence of cmi5 elements against the XSD's sequence."""
        kind = _name(element)
        order = SEQUENCES[kind]
        names = []
        for child in element:
            if not isinstance(child.tag, str) or not _own(child):
                continue  # vendor extensions (other namespaces) may be ignored by an LMS
            name = "*content" if _name(child) in ("au", "block") else _name(child)
            if name not in order:
                self.error(f"Unbekanntes Element <{_name(child)}> in <{kind}>.")
                return False
            names.append(name)
        positions = [order.index(name) for name in names]
        if positions != sorted(positions):
            self.error(f"In <{kind}> stehen die Elemente in falscher Reihenfolge; erwartet: "
                       + ", ".join(n.replace("*content", "au/block") for n in order) + ".")
            return False
        for name in REQUIRED[kind]:
            if name not in names:
                self.error(f"In <{kind}> fehlt <{name.replace('*content', 'au> oder <block')}>.")
                return False
        duplicates = {n for n in names if n != "*content" and names.count(n) > 1}
        if duplicates:
            self.error(f"<{sorted(duplicates)[0]}> steht in <{kind}> mehr als einmal.")
            return False
        return True

    def _child(self, element, name: str):
        return next((c for c in element if _own(c) and _name(c) == name), None)

    def _id(self, element, what: str) -> str:
        value = (element.get("id") or "").strip()
        if not is_absolute_iri(value):
            self.error(f"{what} braucht als id eine vollständige IRI (z. B. https://…), nicht "
                       f"„{value}“.")
        elif value in self.ids:
            self.error(f"Die id „{value}“ kommt in der Kursstruktur mehrfach vor; sie muss "
                       "eindeutig sein.")
        self.ids.add(value)
        return value

    def _langstrings(self, element, what: str) -> dict[str, str]:
        texts: dict[str, str] = {}
        if element is None:
            return texts
        strings = [c for c in element if _own(c) and _name(c) == "langstring"]
        if not strings:
            self.error(f"{what} braucht mindestens ein <langstring>.")
        for string in strings:
            lang = (string.get("lang") or "").strip()
            if lang and not LANGUAGE_TAG.match(lang):
                self.error(f"{what}: „{lang}“ ist keine gültige Sprachangabe.")
            texts.setdefault(lang, text_of(string))
        return texts

    def _read_course(self, course) -> None:
        parsed = self.parsed
        parsed.publisher_id = self._id(course, "Der Kurs")
        if not self._sequence_ok(course):
            return
        parsed.titles = self._langstrings(self._child(course, "title"), "Der Kurstitel")
        parsed.descriptions = self._langstrings(self._child(course, "description"),
                                                "Die Kursbeschreibung")

    def _read_objectives(self, element) -> None:
        items = [c for c in element if _own(c)]
        if not items or any(_name(c) != "objective" for c in items):
            self.error("<objectives> darf nur <objective>-Elemente enthalten, mindestens eins.")
            return
        for objective in items:
            value = self._id(objective, "Ein Lernziel")
            self.objective_ids.add(value)
            self.parsed.objectives.append({
                "id": value,
                "titles": self._langstrings(self._child(objective, "title"), "Ein Lernziel"),
                "descriptions": self._langstrings(self._child(objective, "description"),
                                                  "Ein Lernziel"),
            })

    def _references(self, element) -> list[str]:
        objectives = self._child(element, "objectives")
        if objectives is None:
            return []
        refs = []
        for ref in objectives:
            if not _own(ref):
                continue
            value = (ref.get("idref") or "").strip()
            if _name(ref) != "objective" or not is_absolute_iri(value):
                self.error(f"Ein Verweis auf ein Lernziel braucht idref mit einer vollständigen "
                           f"IRI, nicht „{value}“.")
            refs.append(value)
        return refs

    def _read_content(self, elements, blocks: list[str], depth: int) -> list[dict]:
        if depth > MAX_DEPTH:
            self.error(f"Die Blöcke sind tiefer als {MAX_DEPTH} Ebenen verschachtelt.")
            return []
        nodes = []
        for element in elements:
            if _name(element) == "au":
                unit = self._read_au(element, blocks)
                if unit:
                    nodes.append({"type": "au", "key": unit["key"]})
            else:
                nodes.append(self._read_block(element, blocks, depth))
        return nodes

    def _read_block(self, element, blocks: list[str], depth: int) -> dict:
        block_id = self._id(element, "Ein Block")
        key = unit_key(block_id)
        node = {"type": "block", "key": key, "publisher_id": block_id, "titles": {},
                "descriptions": {}, "objectives": [], "children": []}
        if not self._sequence_ok(element):
            return node
        node["titles"] = self._langstrings(self._child(element, "title"), "Ein Blocktitel")
        node["descriptions"] = self._langstrings(self._child(element, "description"),
                                                 "Eine Blockbeschreibung")
        node["objectives"] = self._references(element)
        content = [c for c in element if _own(c) and _name(c) in ("au", "block")]
        node["children"] = self._read_content(content, [*blocks, key], depth + 1)
        return node

    def _read_au(self, element, blocks: list[str]) -> dict | None:
        au_id = self._id(element, "Eine AU")
        if not self._sequence_ok(element) or not self._au_attributes_ok(element, au_id):
            return None
        url = text_of(self._child(element, "url"))
        problem = check_launch_url(url, self.files, LAUNCH_PARAMETERS)
        if problem:
            self.error(f"AU „{au_id}“: {problem}")
        launch_parameters = self._child(element, "launchParameters")
        entitlement = self._child(element, "entitlementKey")
        unit = {
            "key": unit_key(au_id), "position": len(self.parsed.units) + 1,
            "publisher_id": au_id,
            "titles": self._langstrings(self._child(element, "title"), "Ein AU-Titel"),
            "descriptions": self._langstrings(self._child(element, "description"),
                                              "Eine AU-Beschreibung"),
            "url": url,
            "move_on": element.get("moveOn", "NotApplicable").strip(),
            "mastery_score": self._mastery_score(element, au_id),
            "launch_method": element.get("launchMethod", "AnyWindow").strip(),
            "launch_parameters": (text_of(launch_parameters)
                                  if launch_parameters is not None else None),
            "entitlement_key": text_of(entitlement) if entitlement is not None else None,
            "activity_type": (element.get("activityType") or "").strip() or None,
            "objectives": self._references(element),
            "blocks": blocks,
        }
        self.parsed.units.append(unit)
        return unit

    def _au_attributes_ok(self, element, au_id: str) -> bool:
        unknown = sorted(name for name in element.attrib
                         if not name.startswith("{") and name not in AU_ATTRIBUTES)
        if unknown:
            self.error(f"AU „{au_id}“: unbekanntes Attribut „{unknown[0]}“.")
            return False
        move_on = element.get("moveOn", "NotApplicable").strip()
        if move_on not in MOVE_ON_VALUES:
            self.error(f"AU „{au_id}“: moveOn „{move_on}“ ist nicht erlaubt; möglich sind "
                       + ", ".join(MOVE_ON_VALUES) + ".")
            return False
        method = element.get("launchMethod", "AnyWindow").strip()
        if method not in LAUNCH_METHODS:
            self.error(f"AU „{au_id}“: launchMethod „{method}“ ist nicht erlaubt; möglich sind "
                       "AnyWindow und OwnWindow.")
            return False
        return True

    def _mastery_score(self, element, au_id: str) -> float | None:
        value = element.get("masteryScore")
        if value is None:
            return None
        try:
            score = Decimal(value.strip())
        except InvalidOperation:
            score = None
        if score is None or not score.is_finite() or not 0 <= score <= 1:
            self.error(f"AU „{au_id}“: masteryScore „{value}“ muss eine Zahl zwischen 0 und 1 "
                       "sein.")
            return None
        if score.as_tuple().exponent < -4:
            self.error(f"AU „{au_id}“: masteryScore „{value}“ hat mehr als 4 Nachkommastellen.")
            return None
        return float(score)

    def check_references(self) -> None:
        """Every objective an AU or block names must be declared for the course."""
        referenced = [ref for unit in self.parsed.units for ref in unit["objectives"]]
        referenced += _block_objectives(self.parsed.structure)
        for ref in referenced:
            if ref and ref not in self.objective_ids:
                self.error(f"Der Verweis auf das Lernziel „{ref}“ führt ins Leere: Es ist nicht "
                           "unter <objectives> des Kurses beschrieben.")


def _block_objectives(node: dict) -> list[str]:
    found = list(node.get("objectives", []))
    for child in node.get("children", []):
        found += _block_objectives(child)
    return found
