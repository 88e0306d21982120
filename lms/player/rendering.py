"""Author Markdown of a module as safe HTML: internal links resolved, fill-in gaps as inputs."""

import re

from flask import current_app, g, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from lms.core.markdown import render_markdown
from lms.packages.elements import GAP_TOKEN

LINK_TARGETS = {
    "wiki": ("wiki.show_page", "/wiki/{}"),
    "seminar": ("seminars.show_seminar", "/seminare/{}"),
    "modul": ("catalog.show_module", "/module/{}"),
}
"""Internal link kinds: the endpoint that shows them and the path if it does not exist yet."""

GAP_PATTERN = re.compile(re.escape(GAP_TOKEN).replace(r"\{\}", r"(\d+)"))
SINGLE_PARAGRAPH = re.compile(r"^<p>(?P<inner>(?:(?!</?p>).)*)</p>$", re.S)
CACHE_SIZE = 4096


def resolve_link(kind: str, slug: str) -> str:
    """URL of ``wiki:slug``, ``seminar:slug`` or ``modul:slug``.

    Inside a module, wiki and seminar links say where the learner came from (``?von=modul:…``)
    so that reading them is recorded in the module's context.
    """
    endpoint, fallback = LINK_TARGETS[kind]
    module = g.get("player_module")
    came_from = {"von": f"modul:{module}"} if module and kind != "modul" else {}
    if endpoint in current_app.view_functions:
        return url_for(endpoint, slug=slug, **came_from)
    return fallback.format(slug) + (f"?von=modul:{module}" if came_from else "")


def module_markdown(text: str) -> Markup:
    """Rendered, sanitised module Markdown (cached per app and module, versions never change)."""
    cache = current_app.extensions.setdefault("player_markdown", {})
    key = (g.get("player_module"), text)
    html = cache.get(key)
    if html is None:
        html = render_markdown(text, shift_headings=0, resolve_link=resolve_link)
        if len(cache) > CACHE_SIZE:
            cache.clear()
        cache[key] = html
    return html


def inline_markdown(text: str) -> Markup:
    """Markdown of one paragraph without the ``<p>`` (for legends and options); else full HTML."""
    html = str(module_markdown(text)).strip()
    match = SINGLE_PARAGRAPH.match(html)
    return Markup(match["inner"] if match else html)


def is_inline(text: str) -> bool:
    """Whether ``text`` renders as a single paragraph (so it may sit in a ``<legend>``)."""
    return bool(SINGLE_PARAGRAPH.match(str(module_markdown(text)).strip()))


def fill_in_html(element: dict, values: list[str], verdicts: list[bool] | None) -> Markup:
    """The fill-in text with a labelled input in each gap, showing given values and verdicts."""
    html = str(module_markdown(element["prompt"]))

    def field(match: re.Match) -> str:
        index = int(match[1])
        value = values[index - 1] if index - 1 < len(values) else ""
        name = f"{element['id']}-gap-{index}"
        state = ""
        if verdicts is not None:
            right = verdicts[index - 1]
            state = ' aria-invalid="false"' if right else ' aria-invalid="true"'
        marker = ""
        if verdicts is not None:
            marker = (
                f'<span class="gap-mark gap-mark--ok">{escape(_("richtig"))}</span>'
                if verdicts[index - 1]
                else f'<span class="gap-mark gap-mark--wrong">{escape(_("falsch"))}</span>'
            )
        gap = escape(_("Lücke %(number)s", number=index))
        return (
            f'<label class="visually-hidden" for="{name}">{gap}</label>'
            f'<input class="gap" type="text" id="{name}" name="{name}" value="{escape(value)}"'
            f' autocomplete="off" size="14"{state}>{marker}'
        )

    return Markup(GAP_PATTERN.sub(field, html))


def prompt_html(element: dict) -> Markup:
    """The task text as HTML; fill-in gaps appear as numbered blanks (for result pages)."""
    html = str(module_markdown(element["prompt"]))

    def blank(match: re.Match) -> str:
        return f'<span class="gap-blank">({escape(_("Lücke %(number)s", number=match[1]))})</span>'

    return Markup(GAP_PATTERN.sub(blank, html))
