"""Plain text of Markdown for the index and its excerpts: link targets and markup removed."""

import re

_STEPS = (
    (re.compile(r"```.*?```|~~~.*?~~~", re.S), " "),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<[^>]{1,200}>"), " "),
    # a heading or list item that ends without punctuation gets a separator, so that an
    # excerpt does not run it into the next line
    (re.compile(r"^\s{0,3}(?:#{1,6}|[-*+]|\d+\.)\s+(.*?[^.!?:;,\s])[ \t]*$", re.M), r"\1 ·"),
    (re.compile(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", re.M), ""),
    (re.compile(r"[*_`|~]+|\{:[^}]*\}"), " "),
)


def plain_text(markdown: str) -> str:
    """``markdown`` as readable plain text on one line per paragraph."""
    text = markdown or ""
    for pattern, replacement in _STEPS:
        text = pattern.sub(replacement, text)
    return re.sub(r"[ \t]+", " ", text).strip()
