"""Search text of resources (normalised, matched word by word), the same on every database."""

from lms.catalog.search import normalise, search_terms


def like_pattern(search: str) -> str:
    """A case-insensitive LIKE pattern that matches ``search`` literally anywhere."""
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_text(*parts: str) -> str:
    """Normalised text a record is found by (umlauts and case folded the same on every DB)."""
    return " " + normalise(" ".join(part or "" for part in parts)) + " "


def matches_search(column, search: str):
    """SQL conditions: every word of ``search`` occurs in the normalised ``column``."""
    return [column.like(like_pattern(term), escape="\\") for term in search_terms(search)]
