"""The GET submissions the crawler makes of one form: as rendered, then each option of each
select, each checkbox and radio button and each probe text in each text field one at a time, and
a seeded sample of pairs of those changes."""

import random
from dataclasses import dataclass
from itertools import combinations

from tests.crawler.pages import TEXT_TYPES, Field, Form

PROBES = ("Demografie", "Ä%_'\"<b>" * 15, "Demo\x00grafie")
"""Typed into each search or text field one at a time: a word the shipped content contains,
120 characters of quotes, wildcards and markup, and a NUL character (as scanners send)."""

NOT_SENT = {"file", "image", "reset", "button", "submit"}
"""Controls a GET submission leaves out (the pressed submit button is added separately)."""


@dataclass(frozen=True)
class Submission:
    """One way of sending a form: the query as a browser builds it and what was changed."""

    query: tuple[tuple[str, str], ...]
    changed: tuple[tuple[str, str], ...]

    def describe(self) -> str:
        """The changed values as ``name=value``, for findings ("as rendered" without change)."""
        if not self.changed:
            return "wie angezeigt"
        return ", ".join(f"{name}={_shown(value)}" if value else f"{name} aus"
                         for name, value in self.changed)


def _shown(value: str) -> str:
    """A value as it can be read in a report: control characters escaped, long ones cut."""
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in value)
    return text if len(text) <= 40 else f"{text[:37]}…"


Change = tuple[object, str | bool]
"""Which control (a field index, or a radio group's name) gets which value or checked state."""


def _changes(fields: list[Field]) -> list[Change]:
    changes: list[Change] = []
    radios: dict[str, list[Field]] = {}
    for index, control in enumerate(fields):
        if control.disabled:
            continue
        if control.tag == "select":
            changes += [(index, option) for option in control.options
                        if option != control.default]
        elif control.type == "checkbox":
            changes.append((index, not control.checked))
        elif control.type == "radio":
            radios.setdefault(control.name, []).append(control)
        elif control.type in TEXT_TYPES:
            changes += [(index, probe) for probe in PROBES if probe != control.value]
    for name, group in radios.items():
        changes += [(("radio", name), radio.value) for radio in group if not radio.checked]
    return changes


def build_submission(form: Form, chosen: list[Change]) -> Submission:
    """The query a browser sends with ``chosen`` applied to the form as rendered."""
    wanted = dict(chosen)
    query, changed = [], []
    for index, control in enumerate(form.fields):
        if control.disabled or control.type in NOT_SENT:
            continue
        if control.type == "checkbox":
            checked = wanted.get(index, control.checked)
            if checked:
                query.append((control.name, control.value))
            if index in wanted:
                changed.append((control.name, control.value if checked else ""))
        elif control.type == "radio":
            group = ("radio", control.name)
            if (wanted[group] == control.value) if group in wanted else control.checked:
                query.append((control.name, control.value))
                if group in wanted:
                    changed.append((control.name, control.value))
        else:
            value = wanted.get(index, control.default)
            query.append((control.name, value))
            if index in wanted:
                changed.append((control.name, value))
    button = form.submit_button
    if button is not None:
        query.append((button.name, button.value))
    return Submission(tuple(query), tuple(changed))


def submissions(form: Form, rng: random.Random, max_pairs: int) -> list[Submission]:
    """The form as rendered, every single change, and up to ``max_pairs`` sampled pairs of
    changes to two different controls."""
    singles = _changes(form.fields)
    pairs = [(a, b) for a, b in combinations(singles, 2) if a[0] != b[0]]
    sample = rng.sample(pairs, min(max_pairs, len(pairs)))
    return [build_submission(form, []), *(build_submission(form, [c]) for c in singles),
            *(build_submission(form, list(pair)) for pair in sample)]
