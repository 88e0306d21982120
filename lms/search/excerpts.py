"""Excerpts of search results: the passage around the first match, matched words marked.

A word matches when one of its word forms has a query stem, or begins with one that is
long enough (the same rule as the engines' prefix queries). Candidates are found with one
regular expression built from the stems' first letters (umlauts allowed where the stem has
a, o, u), so long transcripts are not stemmed word by word.
"""

import re
from functools import lru_cache

from markupsafe import Markup, escape

from lms.search import german

_FUZZY = {"a": "[aä]", "o": "[oö]", "u": "[uü]", "s": "(?:s|ß)"}


def _fuzzy(prefix: str) -> str:
    return "".join(_FUZZY.get(char, re.escape(char)) for char in prefix)


@lru_cache(maxsize=256)
def _compiled(stems: frozenset[str]):
    parts = sorted({_fuzzy(stem[:4]) for stem in stems if stem})
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(parts) + r")[^\W_]*", re.IGNORECASE)

    def confirmed(word: str) -> bool:
        for form in german.word_forms(word.casefold()):
            found = german.stem(form)
            if found in stems or any(len(stem) >= german.PREFIX_MIN and found.startswith(stem)
                                     for stem in stems):
                return True
        return False

    return pattern, confirmed


def _matches(text: str, stems: set[str], start: int = 0, end: int | None = None):
    if not stems:
        return
    pattern, confirmed = _compiled(frozenset(stems))
    for match in pattern.finditer(text, start, len(text) if end is None else end):
        if confirmed(match[0]):
            yield match.span()


def has_match(text: str, stems: set[str]) -> bool:
    """True if ``text`` contains a word with one of ``stems``."""
    return next(_matches(text or "", stems), None) is not None


def excerpt(text: str, stems: set[str], *, length: int = 220) -> Markup:
    """About ``length`` characters of ``text`` around the first match, matches in ``<mark>``."""
    text = " ".join((text or "").split())
    first = next(_matches(text, stems), None)
    start = 0
    if first:
        start = max(0, first[0] - length // 3)
        if start:
            start = text.find(" ", start, first[0]) + 1 or start
    end = min(len(text), start + length)
    if end < len(text) and text.rfind(" ", start, end) > start:
        end = text.rfind(" ", start, end)
    return highlight(text, list(_matches(text, stems, start, end)), start, end)


def highlight(text: str, spans: list[tuple[int, int]], start: int, end: int) -> Markup:
    """``text[start:end]`` escaped, each span inside it wrapped in ``<mark>``, ellipses added."""
    out, position = [], start
    for first, last in spans:
        if first < start or last > end:
            continue
        out.append(escape(text[position:first]))
        out.append(Markup("<mark>%s</mark>") % text[first:last])
        position = last
    out.append(escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return Markup(prefix) + Markup("").join(out) + Markup(suffix)


def marked_title(title: str, stems: set[str]) -> Markup:
    """The whole title, matched words marked."""
    return highlight(title, list(_matches(title, stems)), 0, len(title))
