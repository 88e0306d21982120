"""Markdown of resources: internal links resolved (missing pages marked), headings aligned."""

import re

from flask import current_app, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from lms.core.markdown import ResolvedLink, render_markdown
from lms.resources import catalog, registry
from lms.resources.links import expand_double_brackets, internal_links

ATX_HEADING = re.compile(r"^(#{1,6})(?=\s)")
FENCE = re.compile(r"^\s*(```|~~~)")
ENDPOINTS = {"modul": "catalog.show_module"}


def _endpoint(kind: str) -> str | None:
    found = registry.kind(kind)
    return found.endpoint if found else ENDPOINTS.get(kind)


def content_link(kind: str, slug: str, **args) -> str:
    """The URL behind ``wiki:``, ``seminar:`` and ``modul:`` links."""
    endpoint = _endpoint(kind)
    if endpoint and endpoint in current_app.view_functions:
        return url_for(endpoint, slug=slug, **args)
    return {"wiki": "/wiki/{}", "seminar": "/seminare/{}"}.get(kind, "/module/{}").format(slug)


def link_titles(text: str) -> dict[tuple[str, str], str]:
    """Titles of the existing targets of the internal links in ``text``."""
    wanted: dict[str, set[str]] = {}
    for link in internal_links(text):
        wanted.setdefault(link.kind, set()).add(link.slug)
    found = {}
    for kind, slugs in wanted.items():
        titles = catalog.module_titles(slugs) if kind == "modul" else registry.titles(kind, slugs)
        found.update({(kind, slug): title for slug, title in titles.items()})
    return found


def _resolver(titles: dict[tuple[str, str], str], came_from: str | None):
    def resolve(kind: str, slug: str) -> ResolvedLink:
        args = {"von": came_from} if came_from and kind != "modul" else {}
        if (kind, slug) in titles:
            return ResolvedLink(content_link(kind, slug, **args))
        if kind == "wiki" and "wiki.create_page" in current_app.view_functions:
            return ResolvedLink(url_for("wiki.create_page", slug=slug), missing=True,
                                hint=_("Diese Seite gibt es noch nicht – jetzt anlegen"))
        return ResolvedLink(content_link(kind, slug, **args), missing=True,
                            hint=_("Dieses Ziel gibt es nicht (mehr)"))
    return resolve


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


def render_content(text: str, *, top: int = 2, came_from: str | None = None) -> Markup:
    """Sanitised HTML of ``text`` whose headings start at ``<h{top}>``, links resolved.

    Links to pages that do not exist are marked and, for wiki pages, offer to create them.
    """
    titles = link_titles(text)
    expanded = expand_double_brackets(text, titles)
    return render_markdown(align_headings(expanded, top), shift_headings=0,
                           resolve_link=_resolver(titles, came_from))
