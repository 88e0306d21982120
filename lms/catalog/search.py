"""Normalised search text and list-valued filter keys, the same on SQLite and PostgreSQL."""

import re
import unicodedata
from collections.abc import Iterable

_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_WORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    """Lower case, umlauts spelled out, no accents or punctuation: "Bürger-Bus" -> "buerger bus"."""
    folded = text.casefold().translate(_FOLDS)
    decomposed = unicodedata.normalize("NFKD", folded)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", plain).strip()


def search_terms(query: str) -> list[str]:
    """The normalised words of a search query, each at least two characters long."""
    return [term for term in normalise(query).split() if len(term) >= 2]


def search_text(title: str, summary: str, objectives: Iterable[str]) -> str:
    """The text a module version is found by: title, summary and learning objectives."""
    return (
        " "
        + normalise(" ".join([title or "", summary or "", *[str(o) for o in objectives or ()]]))
        + " "
    )


def list_key(values: Iterable[str]) -> str:
    """Slugs stored as ``|a|b|`` so one slug is matched with ``LIKE '%|a|%'``."""
    cleaned = [str(value).strip() for value in values or () if str(value).strip()]
    return "|" + "|".join(cleaned) + "|" if cleaned else ""


def list_key_pattern(value: str) -> str:
    """The ``contains`` operand that matches ``value`` in a :func:`list_key`."""
    return f"|{value}|"


def list_values(key: str) -> list[str]:
    """The slugs stored in a :func:`list_key`."""
    return [value for value in (key or "").split("|") if value]
