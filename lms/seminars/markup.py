"""Markdown of seminar records and wiki pages, with internal links and heading levels fixed."""

import re

from flask import url_for
from markupsafe import Markup

from lms.core.markdown import render_markdown

ATX_HEADING = re.compile(r"^(#{1,6})(?=\s)")
FENCE = re.compile(r"^\s*(```|~~~)")


def content_link(kind: str, slug: str) -> str:
    """The URL behind ``wiki:``, ``seminar:`` and ``modul:`` links."""
    if kind == "wiki":
        return url_for("wiki.show_page", slug=slug)
    if kind == "seminar":
        return url_for("seminars.show_seminar", slug=slug)
    return url_for("catalog.show_module", slug=slug)


def _heading_lines(lines: list[str]):
    fenced = False
    for index, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and ATX_HEADING.match(line):
            yield index, len(ATX_HEADING.match(line)[1])


def drop_title_heading(text: str, title: str) -> str:
    """Remove a leading ``# Title`` line: the page shows the title as its own ``<h1>``."""
    lines = text.lstrip("\n").splitlines()
    if lines and re.fullmatch(r"#\s+(.*?)\s*#*\s*", lines[0]):
        first = re.fullmatch(r"#\s+(.*?)\s*#*\s*", lines[0])[1]
        if first.strip().casefold() == title.strip().casefold():
            return "\n".join(lines[1:]).lstrip("\n")
    return text


def align_headings(text: str, top: int) -> str:
    """Shift every Markdown heading so the highest one becomes level ``top`` (max 6)."""
    lines = text.splitlines()
    headings = list(_heading_lines(lines))
    if not headings:
        return text
    shift = top - min(level for _, level in headings)
    for index, level in headings:
        new_level = max(1, min(6, level + shift))
        lines[index] = "#" * new_level + lines[index][level:]
    return "\n".join(lines)


def render_content(text: str, *, top: int = 2) -> Markup:
    """Sanitised HTML of ``text`` whose headings start at ``<h{top}>``, links resolved."""
    return render_markdown(align_headings(text, top), shift_headings=0, resolve_link=content_link)


INTERNAL_LINK = re.compile(r"\]\((wiki|seminar|modul):([a-z0-9][a-z0-9-]*)\)")


def internal_links(text: str) -> list[tuple[str, str]]:
    """The ``(kind, slug)`` of every internal link in Markdown ``text``."""
    return [(match[1], match[2]) for match in INTERNAL_LINK.finditer(text)]
