"""Markdown from authors and editors, rendered and sanitised (nh3) before it reaches a page."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import markdown as md
import nh3
from markupsafe import Markup, escape

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li",
    "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "span": {"lang"},
    "div": {"lang"},
    "p": {"lang"},
}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["tables", "sane_lists", "smarty", "def_list", "abbr", "attr_list"]


INTERNAL_LINK = re.compile(r'href="(wiki|seminar|modul):([a-z0-9][a-z0-9-]*)"')



@dataclass(frozen=True)
class ResolvedLink:
    """Where an internal link goes; a ``missing`` target is marked (class and title)."""

    url: str
    missing: bool = False
    hint: str = ""


LinkResolver = Callable[[str, str], "str | ResolvedLink"]
"""Turns an internal link (``wiki``, ``seminar`` or ``modul`` and a slug) into a URL."""


def _link_attributes(resolved: "str | ResolvedLink") -> str:
    if isinstance(resolved, str):
        return f'href="{escape(resolved)}"'
    attributes = f'href="{escape(resolved.url)}"'
    if resolved.missing:
        attributes += f' class="link-missing" title="{escape(resolved.hint)}"'
    return attributes


def sanitise_html(html: str) -> str:
    """Strip everything but a safe subset of HTML; links get ``rel=noopener noreferrer``."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        allowed_classes={"a": {"link-missing"}},
    )


def render_markdown(
    text: str, *, shift_headings: int = 1, resolve_link: LinkResolver | None = None
) -> Markup:
    """Render author Markdown to safe HTML; ``#`` becomes ``<h2>`` so pages keep one ``<h1>``."""
    html = md.markdown(text, extensions=EXTENSIONS, output_format="html")
    for level in range(6 - shift_headings, 0, -1):
        html = html.replace(f"<h{level}", f"<h{level + shift_headings}")
        html = html.replace(f"</h{level}>", f"</h{level + shift_headings}>")
    if resolve_link:
        html = INTERNAL_LINK.sub(lambda m: _link_attributes(resolve_link(m[1], m[2])), html)
    return Markup(sanitise_html(html))
