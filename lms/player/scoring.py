"""Reading answers from a submitted form and scoring them on the server, per element kind."""

import random
from dataclasses import dataclass, field

from flask_babel import gettext as _

FormData = dict[str, list[str]]
"""Submitted form fields: name -> every value sent under that name."""

MAX_ANSWER_TEXT = 10_000
"""Characters of a written answer (self-check, reflection)."""
MAX_GAP_TEXT = 200
"""Characters typed into one gap of a fill-in exercise."""


class AnswerError(ValueError):
    """The submission cannot be scored; the message tells the learner what to fix."""


@dataclass
class Outcome:
    """The verdict on one answer: correct or not, and feedback per option, gap or row."""

    correct: bool
    details: dict = field(default_factory=dict)


def item_ids(element: dict) -> list[str]:
    """Ids of an ordering element's items, in the correct order."""
    return [f"i{n}" for n in range(1, len(element["items"]) + 1)]


def match_targets(element: dict) -> list[str]:
    """The distinct right-hand sides of a matching element, sorted for display."""
    return sorted({pair["right"] for pair in element["pairs"]}, key=str.casefold)


def shuffled(values: list, seed: str) -> list:
    """``values`` in a stable shuffled order for ``seed``, never the original order if avoidable."""
    result = list(values)
    random.Random(seed).shuffle(result)
    if result == list(values) and len(values) > 1:
        result = result[1:] + result[:1]
    return result


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def _one(form: FormData, name: str) -> str:
    values = form.get(name) or [""]
    return values[0].strip()


def parse_answer(element: dict, form: FormData) -> dict:
    """The learner's answer as a plain dict; raises AnswerError with a message to show them."""
    kind, name = element["kind"], element["id"]
    if kind == "single-choice":
        choice = _one(form, name)
        if choice not in {option["id"] for option in element["options"]}:
            raise AnswerError(_("Bitte wählen Sie eine Antwort aus."))
        return {"choice": choice}
    if kind == "multiple-choice":
        known = {option["id"] for option in element["options"]}
        choices = sorted(set(form.get(name, [])) & known)
        if not choices:
            raise AnswerError(_("Bitte wählen Sie mindestens eine Antwort aus."))
        return {"choices": choices}
    if kind == "true-false":
        value = _one(form, name)
        if value not in ("true", "false"):
            raise AnswerError(_("Bitte wählen Sie „richtig“ oder „falsch“."))
        return {"value": value == "true"}
    if kind == "fill-in":
        gaps = [_one(form, f"{name}-gap-{n}") for n in range(1, len(element["gaps"]) + 1)]
        if not any(gaps):
            raise AnswerError(_("Bitte füllen Sie die Lücken aus."))
        if any(len(gap) > MAX_GAP_TEXT for gap in gaps):
            raise AnswerError(_("Eine Lücke ist zu lang (höchstens %(max)d Zeichen).",
                                max=MAX_GAP_TEXT))
        return {"gaps": gaps}
    if kind == "ordering":
        return {"order": _parse_order(element, form)}
    if kind == "matching":
        return {"matches": _parse_matches(element, form)}
    if kind in ("self-check", "reflection"):
        text = _one(form, name)
        if not text:
            raise AnswerError(_("Bitte schreiben Sie zuerst Ihre Antwort auf."))
        if len(text) > MAX_ANSWER_TEXT:
            raise AnswerError(_("Die Antwort ist zu lang (höchstens 10.000 Zeichen)."))
        return {"text": text}
    raise AnswerError(_("Diese Aufgabe kann nicht bewertet werden."))


def _parse_order(element: dict, form: FormData) -> list[str]:
    ids = item_ids(element)
    positions = {}
    for item in ids:
        value = _one(form, f"{element['id']}-pos-{item}")
        if not value.isdigit() or not 1 <= int(value) <= len(ids):
            raise AnswerError(_("Bitte geben Sie jedem Schritt eine Position."))
        positions[item] = int(value)
    if len(set(positions.values())) != len(ids):
        raise AnswerError(_("Jede Position darf nur einmal vergeben werden."))
    return sorted(ids, key=positions.__getitem__)


def _parse_matches(element: dict, form: FormData) -> dict[str, str]:
    targets = match_targets(element)
    matches = {}
    for index in range(1, len(element["pairs"]) + 1):
        value = _one(form, f"{element['id']}-match-l{index}")
        if (
            not value.startswith("r")
            or not value[1:].isdigit()
            or not 1 <= int(value[1:]) <= len(targets)
        ):
            raise AnswerError(_("Bitte ordnen Sie jeder Zeile eine Antwort zu."))
        matches[f"l{index}"] = value
    return matches


def score(element: dict, answer: dict) -> Outcome:
    """Score ``answer`` to a scorable element; self-checks and reflections are never wrong."""
    kind = element["kind"]
    if kind == "single-choice":
        correct = next(o["id"] for o in element["options"] if o["correct"])
        return Outcome(answer["choice"] == correct, {"chosen": [answer["choice"]]})
    if kind == "multiple-choice":
        correct = sorted(o["id"] for o in element["options"] if o["correct"])
        return Outcome(answer["choices"] == correct, {"chosen": answer["choices"]})
    if kind == "true-false":
        return Outcome(answer["value"] == element["answer"])
    if kind == "fill-in":
        gaps = [
            any(_normalise(given) == _normalise(option) for option in options)
            for given, options in zip(answer["gaps"], element["gaps"], strict=True)
        ]
        return Outcome(all(gaps), {"gaps": gaps})
    if kind == "ordering":
        rows = [
            given == wanted
            for given, wanted in zip(answer["order"], item_ids(element), strict=True)
        ]
        return Outcome(all(rows), {"rows": rows})
    if kind == "matching":
        targets = match_targets(element)
        rows = [
            targets[int(answer["matches"][f"l{n}"][1:]) - 1] == pair["right"]
            for n, pair in enumerate(element["pairs"], start=1)
        ]
        return Outcome(all(rows), {"rows": rows})
    return Outcome(True)


def answer_fits(element: dict, answer: dict) -> bool:
    """Whether a saved answer still matches the element (it may stem from another version)."""
    kind = element["kind"]
    options = {option["id"] for option in element.get("options", [])}
    if kind == "single-choice":
        return answer.get("choice") in options
    if kind == "multiple-choice":
        return bool(answer.get("choices")) and set(answer["choices"]) <= options
    if kind == "true-false":
        return isinstance(answer.get("value"), bool)
    if kind == "fill-in":
        return len(answer.get("gaps", [])) == len(element["gaps"])
    if kind == "ordering":
        return sorted(answer.get("order", [])) == sorted(item_ids(element))
    if kind == "matching":
        targets = {f"r{n}" for n in range(1, len(match_targets(element)) + 1)}
        lefts = {f"l{n}" for n in range(1, len(element["pairs"]) + 1)}
        matches = answer.get("matches", {})
        return set(matches) == lefts and set(matches.values()) <= targets
    if kind == "self-check":
        return isinstance(answer.get("text"), str)
    return True
