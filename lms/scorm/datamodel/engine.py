"""GetValue and SetValue with the rules and error codes of the specifications.

The same rules run twice: in the browser (``lms/static/scorm/api.js``, so the SCO gets its
answer at once) and here on every commit, because the server never trusts the browser. Both
read the one element table of :mod:`lms.scorm.datamodel`.
"""

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from lms.scorm.datamodel.types import RESPONSES, SINGLE_PATTERN_TYPES, Element, Model

KEYWORDS = ("_children", "_count", "_version")
VALID_TARGET = re.compile(r"^adl\.nav\.request_valid\.(choice|jump)\.\{target=([^{}]+)\}$")
INDEX = re.compile(r"^(0|[1-9][0-9]{0,5})$")


@lru_cache(maxsize=4096)
def _parsed(element: str) -> tuple[str, tuple[tuple[str, str, int, str], ...]]:
    parts = element.split(".")
    pattern, levels = [], []
    for position, part in enumerate(parts):
        if part.isdigit():
            if not INDEX.match(part):
                raise ValueError(f"Index {part} is not a valid array index.")
            rest = parts[position + 1] if position + 1 < len(parts) else ""
            levels.append((".".join(parts[:position]), ".".join(pattern), int(part), rest))
            pattern.append("n")
        else:
            pattern.append(part)
    return ".".join(pattern), tuple(levels)


class CmiError(Exception):
    """A call the data model refuses: ``code`` is what GetLastError then returns."""

    def __init__(self, code: str, diagnostic: str):
        super().__init__(diagnostic)
        self.code = code
        self.diagnostic = diagnostic


class Cmi:
    """The data model values of one attempt: ``values`` by element, ``counts`` by array."""

    def __init__(self, model: Model, values: dict[str, str] | None = None,
                 counts: dict[str, int] | None = None, navigation: dict | None = None):
        self.model = model
        self.values = dict(values or {})
        self.counts = dict(counts or {})
        self.navigation = navigation or {}

    def _fail(self, situation: str, diagnostic: str):
        code = self.model.codes.get(situation) or self.model.codes["general"]
        raise CmiError(code, diagnostic)

    def _parse(self, element: str) -> tuple[str, tuple[tuple[str, str, int, str], ...]]:
        """The element's pattern (indices as ``n``) and its array levels:
        (concrete array path, array pattern, index, first field after the index)."""
        try:
            return _parsed(element)
        except ValueError as error:
            self._fail("undefined", str(error))
            raise

    def _check_indices(self, levels, situation: str) -> None:
        for concrete, _, index, _ in levels:
            if index >= self.counts.get(concrete, 0):
                self._fail(situation, f"{concrete}.{index} does not exist.")

    def get(self, element: str) -> str:
        """GetValue: the value, or :class:`CmiError`."""
        if not isinstance(element, str) or not element:
            self._fail("empty_element", "The element name is empty.")
        target = VALID_TARGET.match(element)
        if target and self.model.version == "2004":
            return self.navigation.get(target.group(1), {}).get(target.group(2), "false")
        pattern, levels = self._parse(element)
        container, _, keyword = pattern.rpartition(".")
        if keyword in ("_children", "_count"):
            return self._keyword(element, container, keyword, levels)
        spec = self.model.elements.get(pattern)
        if spec is None:
            self._fail("undefined", f"{element} is not part of the data model.")
        if spec.access == "wo":
            self._fail("write_only", f"{element} is write-only.")
        self._check_indices(levels, "get_index")
        if pattern in ("adl.nav.request_valid.continue", "adl.nav.request_valid.previous"):
            return self.navigation.get(pattern.rsplit(".", 1)[1], spec.default)
        if pattern in ("cmi.completion_status", "cmi.success_status"):
            return self.evaluated(pattern)
        value = self.values.get(element)
        if value is None:
            if spec.default is None and self.model.codes.get("not_initialized"):
                self._fail("not_initialized", f"{element} has not been set.")
            return spec.default or ""
        return value

    def _keyword(self, element: str, container: str, keyword: str, levels) -> str:
        known = (container in self.model.children or container in self.model.arrays
                 or container in self.model.elements)
        if keyword == "_children":
            if container in self.model.children:
                self._check_indices(levels, "get_index")
                return self.model.children[container]
            self._fail("no_children" if known else "undefined",
                       f"{container} has no children." if known else f"{element} is undefined.")
        if container in self.model.arrays:
            self._check_indices(levels, "get_index")
            return str(self.counts.get(element.rsplit(".", 1)[0], 0))
        self._fail("no_count" if known else "undefined",
                   f"{container} is not an array." if known else f"{element} is undefined.")
        return ""

    def evaluated(self, pattern: str) -> str:
        """SCORM 2004 RTE 4.2.4.1 and 4.2.22.1: statuses the LMS derives from thresholds."""
        spec = self.model.elements[pattern]
        own = self.values.get(pattern, spec.default)
        if pattern == "cmi.completion_status":
            threshold, measure = (self.values.get("cmi.completion_threshold"),
                                  self.values.get("cmi.progress_measure"))
            good, bad = "completed", "incomplete"
        else:
            threshold, measure = (self.values.get("cmi.scaled_passing_score"),
                                  self.values.get("cmi.score.scaled"))
            good, bad = "passed", "failed"
        if threshold is None:
            return own
        if measure is None:
            return "unknown"
        return good if _number(measure) >= _number(threshold) else bad

    def set(self, element: str, value) -> None:
        """SetValue: store ``value`` or raise :class:`CmiError` (nothing stored)."""
        if not isinstance(element, str) or not element:
            self._fail("empty_set_element" if self.model.version == "2004" else "empty_element",
                       "The element name is empty.")
        if not isinstance(value, str):
            self._fail("type", f"The value for {element} must be a string.")
        pattern, levels = self._parse(element)
        container, _, keyword = pattern.rpartition(".")
        if keyword in KEYWORDS and (container in self.model.children or container in
                                    self.model.arrays or pattern in self.model.elements):
            self._fail("keyword", f"{element} is a keyword and cannot be set.")
        spec = self.model.elements.get(pattern)
        if spec is None:
            if VALID_TARGET.match(element) and self.model.version == "2004":
                self._fail("read_only", f"{element} is read-only.")
            self._fail("undefined", f"{element} is not part of the data model.")
        if spec.access == "ro":
            self._fail("read_only", f"{element} is read-only.")
        if self.values.get(element) == value and all(
                index < self.counts.get(path, 0) for path, _, index, _ in levels):
            return  # the same value again: it passed every check when it was set
        created = self._check_records(element, levels)
        self._check_value(element, pattern, spec, value, levels)
        self._check_unique(element, pattern, value, levels)
        self.values[element] = value
        for concrete in created:
            self.counts[concrete] = self.counts.get(concrete, 0) + 1

    def _check_records(self, element: str, levels) -> list[str]:
        """Indices may name an existing record or the next one; SCORM 2004 creates records of
        objectives and interactions only by their id (else 408)."""
        created = []
        for concrete, array_pattern, index, rest in levels:
            count = self.counts.get(concrete, 0)
            if index > count:
                self._fail("index", f"{concrete}.{index}: the next index is {count}.")
            if index == count:
                creator = self.model.arrays.get(array_pattern)
                if self.model.version == "2004" and creator == "id" and rest != "id":
                    self._fail("dependency", f"Set {concrete}.{index}.id first.")
                created.append(concrete)
        return created

    def _check_value(self, element: str, pattern: str, spec: Element, value: str,
                     levels) -> None:
        if spec.max_length is not None and len(_without_language(spec, value)) > spec.max_length:
            self._fail("type", f"{element} takes at most {spec.max_length} characters.")
        if spec.vocab and value in spec.vocab:
            return
        if spec.check:
            self._check_response(element, spec.check, value, levels)
            return
        accepted = [p for p in (spec.pattern, spec.also) if p]
        if spec.vocab and not accepted or accepted and not any(
                re.fullmatch(p, value) for p in accepted):
            self._fail("type", f"{value!r} is not a valid value for {element}.")
        if (spec.minimum is not None or spec.maximum is not None) and value != "":
            number = _number(value)
            if (spec.minimum is not None and number < spec.minimum) or (
                    spec.maximum is not None and number > spec.maximum):
                self._fail("range", f"{value} is out of range for {element}.")

    def _check_response(self, element: str, check: str, value: str, levels) -> None:
        """learner_response and correct_responses patterns follow the interaction's type."""
        interaction = f"{levels[0][0]}.{levels[0][2]}"
        kind = self.values.get(interaction + ".type")
        if kind is None:
            self._fail("dependency", f"Set {interaction}.type first.")
        if check == "pattern" and kind in SINGLE_PATTERN_TYPES and levels[-1][2] > 0:
            self._fail("too_many", f"A {kind} interaction has one correct response only.")
        pattern = RESPONSES[kind][1 if check == "pattern" else 0]
        if not re.fullmatch(pattern, value):
            self._fail("type", f"{value!r} is not a valid {kind} response.")

    def _check_unique(self, element: str, pattern: str, value: str, levels) -> None:
        """SCORM 2004: objective ids are unique and keep the value they were given."""
        if self.model.version != "2004" or not pattern.endswith(".id") or not levels:
            return
        concrete, _, index, _ = levels[-1]
        current = self.values.get(element)
        if current is not None and current != value and pattern == "cmi.objectives.n.id":
            self._fail("set_failure", f"{element} was set already and cannot change.")
        for other in range(self.counts.get(concrete, 0)):
            if other != index and self.values.get(f"{concrete}.{other}.id") == value:
                self._fail("unique", f"{value} is already the id of {concrete}.{other}.")


def _number(value: str) -> float:
    try:
        return float(Decimal(value))
    except (InvalidOperation, ValueError):
        return 0.0


def _without_language(spec: Element, value: str) -> str:
    """The text a localized string's SPM counts: without its ``{lang=…}`` prefix."""
    if spec.pattern and spec.pattern.startswith(r"^(?:\{lang=") and value.startswith("{lang="):
        return value.split("}", 1)[1] if "}" in value else value
    return value
