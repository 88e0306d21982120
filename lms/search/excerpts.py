"""Excerpts of search results: the passage around the first match, matched words marked."""

import re

from markupsafe import Markup, escape

from lms.search import german

WORD_SPAN = re.compile(r"[^\W_]+")
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "s"})


def _matcher(stems: set[str]):
    prefixes = {stem[:3] for stem in stems}

    def matches(word: str) -> bool:
        lower = word.casefold()
        if lower.translate(_FOLD)[:3] not in prefixes:  # cheap test before stemming
            return False
        return any(german.stem(form) in stems for form in german.word_forms(lower))
    return matches


def has_match(text: str, stems: set[str]) -> bool:
    """True if ``text`` contains a word with one of ``stems``."""
    matches = _matcher(stems)
    return any(matches(match[0]) for match in WORD_SPAN.finditer(text or ""))


def excerpt(text: str, stems: set[str], *, length: int = 220) -> Markup:
    """About ``length`` characters of ``text`` around the first match, matches in ``<mark>``."""
    text = " ".join((text or "").split())
    matches = _matcher(stems)
    spans = [match.span() for match in WORD_SPAN.finditer(text) if matches(match[0])]
    if spans:
        start = max(0, spans[0][0] - length // 3)
        if start:
            start = text.find(" ", start) + 1 or start
    else:
        start = 0
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    return highlight(text, spans, start, end)


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
    matches = _matcher(stems)
    spans = [match.span() for match in WORD_SPAN.finditer(title) if matches(match[0])]
    return highlight(title, spans, 0, len(title))
