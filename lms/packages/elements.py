"""The interactive blocks of a page (``::: art #kennung`` … ``:::``), parsed into plain dicts."""

import re

from lms.packages.problems import LoadError

SCORABLE_KINDS = (
    "single-choice",
    "multiple-choice",
    "true-false",
    "fill-in",
    "ordering",
    "matching",
)
KINDS = (*SCORABLE_KINDS, "self-check", "reflection")
KIND_LABELS = {
    "single-choice": "Einfachauswahl",
    "multiple-choice": "Mehrfachauswahl",
    "true-false": "Richtig oder falsch",
    "fill-in": "Lückentext",
    "ordering": "Reihenfolge",
    "matching": "Zuordnung",
    "self-check": "Selbstcheck",
    "reflection": "Transferaufgabe",
}
KEYWORDS = {
    "single-choice": ("Erklärung",),
    "multiple-choice": ("Erklärung",),
    "true-false": ("Lösung", "Erklärung"),
    "fill-in": ("Erklärung",),
    "ordering": ("Erklärung",),
    "matching": ("Erklärung",),
    "self-check": ("Musterlösung",),
    "reflection": ("Hinweis",),
}
"""Which ``Schlüsselwort:`` lines end the task text, per kind."""

ELEMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
OPEN = re.compile(r"^:::\s*(\S+)?\s*(.*?)\s*$")
CHOICE = re.compile(r"^[-*]\s+\[( |x|X)\]\s+(.+?)\s*$")
FEEDBACK = re.compile(r"^\s+>\s?(.*)$")
NUMBERED = re.compile(r"^\d+[.)]\s+(.+?)\s*$")
PAIR = re.compile(r"^[-*]\s+(.+?)\s+=\s+(.+?)\s*$")
BULLET = re.compile(r"^[-*]\s+")
GAP = re.compile(r"\[\[(.*?)\]\]")
GAP_TOKEN = "\u2983{}\u2984"
"""Stands in for the n-th gap of a fill-in text; the player puts an input field there."""

Line = tuple[int, str]


class ElementParser:
    """Parses one element body; collects problems instead of raising."""

    def __init__(self, file: str, kind: str, element_id: str, line: int, body: list[Line]):
        self.file, self.kind, self.id, self.line = file, kind, element_id, line
        self.body = body
        self.errors: list[LoadError] = []

    def error(self, line: int, message: str) -> None:
        self.errors.append(LoadError(self.file, line, message))

    def parse(self) -> dict | None:
        """The element as a dict, or None if it has problems."""
        main, sections = self._split_sections()
        element = {"id": self.id, "kind": self.kind, "line": self.line}
        getattr(self, "_parse_" + self.kind.replace("-", "_"))(element, main, sections)
        if "Erklärung" in KEYWORDS[self.kind]:
            element["explanation"] = sections.get("Erklärung", "")
        if not element.get("prompt", "").strip() and not self.errors:
            self.error(self.line, "Die Frage oder Aufgabe fehlt.")
        return None if self.errors else element

    def _split_sections(self) -> tuple[list[Line], dict[str, str]]:
        keywords = KEYWORDS[self.kind]
        pattern = re.compile(r"^(" + "|".join(map(re.escape, keywords)) + r"):\s*(.*)$")
        main: list[Line] = []
        sections: dict[str, list[str]] = {}
        current: list[str] | None = None
        for number, text in self.body:
            match = pattern.match(text)
            if match:
                if match[1] in sections:
                    self.error(number, f"„{match[1]}:“ steht mehr als einmal im Element.")
                current = sections.setdefault(match[1], [])
                current.append(match[2])
            elif current is not None:
                current.append(text)
            else:
                main.append((number, text))
        return main, {key: "\n".join(lines).strip() for key, lines in sections.items()}

    def _prompt_until(self, main: list[Line], stop: re.Pattern) -> tuple[str, list[Line]]:
        """Text before the first line matching ``stop``, and the lines from there on."""
        for index, (_, text) in enumerate(main):
            if stop.match(text):
                return _join(main[:index]), main[index:]
        return _join(main), []

    def _parse_choices(self, element: dict, main: list[Line]) -> None:
        element["prompt"], rest = self._prompt_until(main, CHOICE)
        options: list[dict] = []
        for number, text in rest:
            choice, feedback = CHOICE.match(text), FEEDBACK.match(text)
            if choice:
                options.append(
                    {
                        "id": f"o{len(options) + 1}",
                        "text": choice[2],
                        "correct": choice[1] != " ",
                        "feedback": "",
                    }
                )
            elif feedback and options:
                options[-1]["feedback"] = (options[-1]["feedback"] + "\n" + feedback[1]).strip()
            elif text.strip():
                self.error(
                    number,
                    "Unerwartete Zeile zwischen den Antworten: Jede Antwort "
                    "beginnt mit „- [ ]“ oder „- [x]“, Rückmeldungen mit „  >“.",
                )
        if len(options) < 2:
            self.error(self.line, "Es braucht mindestens zwei Antworten der Form „- [ ] …“.")
        element["options"] = options

    def _parse_single_choice(self, element: dict, main: list[Line], sections: dict) -> None:
        self._parse_choices(element, main)
        correct = sum(option["correct"] for option in element["options"])
        if len(element["options"]) >= 2 and correct != 1:
            self.error(
                self.line, f"Genau eine Antwort muss mit [x] markiert sein (gefunden: {correct})."
            )

    def _parse_multiple_choice(self, element: dict, main: list[Line], sections: dict) -> None:
        self._parse_choices(element, main)
        if len(element["options"]) >= 2 and not any(o["correct"] for o in element["options"]):
            self.error(self.line, "Mindestens eine Antwort muss mit [x] markiert sein.")

    def _parse_true_false(self, element: dict, main: list[Line], sections: dict) -> None:
        element["prompt"] = _join(main)
        solution = sections.get("Lösung", "").strip().lower()
        if solution not in ("richtig", "falsch"):
            self.error(self.line, "„Lösung: richtig“ oder „Lösung: falsch“ fehlt.")
        element["answer"] = solution == "richtig"

    def _parse_fill_in(self, element: dict, main: list[Line], sections: dict) -> None:
        gaps: list[list[str]] = []

        def replace(match: re.Match) -> str:
            answers = [answer.strip() for answer in match[1].split("|") if answer.strip()]
            gaps.append(answers)
            return GAP_TOKEN.format(len(gaps))

        lines = []
        for number, text in main:
            before = len(gaps)
            lines.append(GAP.sub(replace, text))
            if any(not answers for answers in gaps[before:]):
                self.error(
                    number, "Eine Lücke [[…]] ist leer: Schreiben Sie die richtige Antwort hinein."
                )
        if not gaps:
            self.error(self.line, "Der Lückentext enthält keine Lücke der Form [[Antwort]].")
        element["prompt"] = "\n".join(lines).strip()
        element["gaps"] = gaps

    def _parse_ordering(self, element: dict, main: list[Line], sections: dict) -> None:
        element["prompt"], rest = self._prompt_until(main, NUMBERED)
        items = []
        for number, text in rest:
            match = NUMBERED.match(text)
            if match:
                items.append(match[1])
            elif text.strip():
                self.error(
                    number, "Unerwartete Zeile in der Liste: Jeder Schritt beginnt mit „1.“, „2.“ …"
                )
        if len(items) < 2:
            self.error(self.line, "Es braucht mindestens zwei nummerierte Schritte.")
        if len(set(items)) != len(items):
            self.error(self.line, "Zwei Schritte haben denselben Text.")
        element["items"] = items

    def _parse_matching(self, element: dict, main: list[Line], sections: dict) -> None:
        element["prompt"], rest = self._prompt_until(main, BULLET)
        pairs = []
        for number, text in rest:
            match = PAIR.match(text)
            if match:
                pairs.append({"left": match[1], "right": match[2]})
            elif text.strip():
                self.error(number, "Jede Zeile der Zuordnung hat die Form „- links = rechts“.")
        if len(pairs) < 2:
            self.error(self.line, "Es braucht mindestens zwei Paare der Form „- links = rechts“.")
        if len({pair["left"] for pair in pairs}) != len(pairs):
            self.error(self.line, "Zwei Zeilen haben dieselbe linke Seite.")
        element["pairs"] = pairs

    def _parse_self_check(self, element: dict, main: list[Line], sections: dict) -> None:
        element["prompt"] = _join(main)
        element["model_answer"] = sections.get("Musterlösung", "")
        if not element["model_answer"]:
            self.error(self.line, "„Musterlösung:“ fehlt.")

    def _parse_reflection(self, element: dict, main: list[Line], sections: dict) -> None:
        element["prompt"] = _join(main)
        element["hint"] = sections.get("Hinweis", "")


def _join(lines: list[Line]) -> str:
    return "\n".join(text for _, text in lines).strip()


def parse_opening(file: str, number: int, text: str) -> tuple[str, str, list[LoadError]]:
    """Kind and id from a ``::: art #kennung`` line, with problems."""
    match = OPEN.match(text)
    kind, rest = (match[1] or ""), match[2]
    errors = []
    if kind not in KINDS:
        known = ", ".join(KINDS)
        errors.append(
            LoadError(file, number, f"Unbekannte Elementart „{kind}“ (bekannt: {known}).")
        )
    if not rest.startswith("#"):
        errors.append(LoadError(file, number, "Die Kennung fehlt: „::: art #kennung“."))
        return kind, "", errors
    element_id = rest[1:]
    if not ELEMENT_ID.match(element_id):
        errors.append(
            LoadError(
                file,
                number,
                f"Ungültige Kennung „{element_id}“: nur Kleinbuchstaben, Ziffern und Bindestrich.",
            )
        )
    return kind, element_id, errors


def split_blocks(file: str, text: str) -> tuple[list[dict], list[LoadError]]:
    """Split a page into Markdown and element segments; elements are parsed."""
    segments: list[dict] = []
    errors: list[LoadError] = []
    markdown: list[str] = []
    markdown_start = 1
    fence: str | None = None
    opened: tuple[int, str, str, list[LoadError]] | None = None
    body: list[Line] = []

    def flush_markdown() -> None:
        if "".join(markdown).strip():
            segments.append(
                {
                    "type": "markdown",
                    "line": markdown_start,
                    "text": "\n".join(markdown).strip("\n"),
                }
            )
        markdown.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        if opened is None:
            stripped = line.strip()
            if fence and stripped.startswith(fence):
                fence = None
            elif fence is None and stripped[:3] in ("```", "~~~"):
                fence = stripped[:3]
            if fence is None and line.startswith(":::"):
                if line.strip() == ":::":
                    errors.append(LoadError(file, number, "„:::“ ohne geöffnetes Element."))
                    continue
                flush_markdown()
                opened = (number, *parse_opening(file, number, line))
                body = []
                continue
            if not markdown:
                markdown_start = number
            markdown.append(line)
        elif line.strip() == ":::":
            start, kind, element_id, problems = opened
            errors.extend(problems)
            if not problems:
                parser = ElementParser(file, kind, element_id, start, body)
                element = parser.parse()
                errors.extend(parser.errors)
                if element:
                    segments.append({"type": "element", "element": element})
            opened = None
        elif line.startswith(":::"):
            errors.append(
                LoadError(
                    file,
                    number,
                    f"Neues Element, bevor das Element aus Zeile "
                    f"{opened[0]} mit „:::“ geschlossen wurde.",
                )
            )
            opened = None
        else:
            body.append((number, line))
    if opened is not None:
        errors.append(
            LoadError(file, opened[0], "Das Element wird nicht mit einer Zeile „:::“ geschlossen.")
        )
    flush_markdown()
    return segments, errors
