"""German words for search: tokens, Snowball stems and the few word forms Snowball misses.

SQLite's FTS5 has no German stemmer, so indexed text and queries are stemmed here with the
Snowball German algorithm (the same one PostgreSQL's ``german`` configuration uses), which
folds umlauts and strips inflections: "Dorfläden" and "Dorfladen" both become ``dorflad``.
Snowball keeps the doubled s of plurals such as "Busse" (``buss`` against ``bus``), so a
query word also looks for that other form (see ``word_forms``).
"""

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 8
_STOPWORD_TEXT = """
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
anderes auch auf aus bei bin bis bist da damit dann das dass dem den denn der des die
dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer
eines er es etwas für hab habe haben hat hatte hatten hier hin ich ihm ihn ihr ihre im in
ist ja jede jedem jeden jeder jedes kann kein keine man mich mit muss nach nicht nichts
noch nun nur ob oder ohne sehr sein seine sich sie sind so solche soll über um und uns
unter vom von vor war waren was weil wenn werden wie wir wird wo zu zum zur
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
"""Words too common to search for (PostgreSQL's ``german`` configuration drops them too)."""

_stemmer = snowballstemmer.stemmer("german")
_DOUBLE_S_PLURAL = re.compile(r"(?<=[aeiouäöü])ss(e|en|es)$")
_SINGLE_S = re.compile(r"(?<=[aeiouäöü])s$")
_SPELLED_UMLAUT = re.compile(r"(?<![aeiouq])(ae|oe|ue)")
_UMLAUTS = {"ae": "ä", "oe": "ö", "ue": "ü"}
PREFIX_MIN = 3
"""Stems at least this long also match longer words they begin (Telefon → Telefonbuchung)."""


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball German stem of one (lower-case) word, umlauts folded."""
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """The lower-case words of ``text`` (letters and digits; punctuation separates)."""
    return WORD.findall((text or "").casefold())


def stemmed(text: str) -> str:
    """``text`` as a line of stems, the form FTS5 indexes and is queried with."""
    return " ".join(stem(word) for word in words(text))


def word_forms(word: str) -> set[str]:
    """``word`` and the forms Snowball would otherwise not relate to it.

    Busse ↔ Bus (the doubled s of the plural), and umlauts typed as ae/oe/ue (buergerbus).
    """
    forms = {word}
    if _SPELLED_UMLAUT.search(word):
        forms.add(_SPELLED_UMLAUT.sub(lambda match: _UMLAUTS[match[0]], word))
    for form in list(forms):
        if _DOUBLE_S_PLURAL.search(form):
            forms.add(_DOUBLE_S_PLURAL.sub("s", form))
        elif _SINGLE_S.search(form):
            forms.add(form + "se")
    return forms


def query_words(query: str) -> list[str]:
    """The words of a query worth searching for: no stop words, at most eight."""
    found = [word for word in words(query) if word not in STOPWORDS and len(word) >= 2]
    return list(dict.fromkeys(found))[:MAX_QUERY_WORDS]


def query_groups(query: str) -> list[list[str]]:
    """For each query word, the word forms to look for (every group must match)."""
    return [sorted(word_forms(word)) for word in query_words(query)]


def stem_groups(query: str) -> list[list[str]]:
    """For each query word, the stems that count as a match."""
    return [sorted({stem(form) for form in group}) for group in query_groups(query)]
