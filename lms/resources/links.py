"""Internal links in resource Markdown: ``[Text](wiki:slug)``, ``[[Wiki-Links]]``, backlinks.

``[[slug]]``, ``[[slug|Text]]`` and ``[[Seitentitel]]`` point to wiki pages (a title becomes
its slug: „Einen Bürgerbus gründen“ → ``einen-buergerbus-gruenden``); ``[[seminar:slug]]`` and
``[[modul:slug|Text]]`` to seminars and modules. Every save stores the links a resource makes,
so each page can list the links pointing to it.
"""

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import delete, select

from lms.extensions import db
from lms.resources.models import ResourceLink as ResourceLinkRow

KINDS = ("wiki", "seminar", "modul")
MARKDOWN_LINK = re.compile(r"\]\((wiki|seminar|modul):([a-z0-9][a-z0-9-]*)\)")
DOUBLE_BRACKETS = re.compile(r"\[\[([^\[\]|\n]{1,200})(?:\|([^\[\]\n]{1,200}))?\]\]")
CODE = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`)", re.S)
_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class InternalLink:
    """A link found in Markdown: where it points and the text of the link as written."""

    kind: str
    slug: str
    source: str
    label: str = ""


def slugify(title: str) -> str:
    """The slug a page title stands for: lower case, umlauts spelled out, hyphens."""
    folded = unicodedata.normalize("NFKD", title.strip().casefold().translate(_FOLDS))
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:100]


def _bracket_target(target: str) -> tuple[str, str]:
    kind, _, rest = target.strip().partition(":")
    if rest and kind in KINDS:
        return kind, slugify(rest)
    return "wiki", slugify(target)


def _outside_code(text: str):
    """Yield the parts of ``text`` outside code spans and fences, with a flag."""
    position = 0
    for match in CODE.finditer(text):
        yield text[position:match.start()], True
        yield match[0], False
        position = match.end()
    yield text[position:], True


def internal_links(text: str) -> list[InternalLink]:
    """Every internal link in Markdown ``text`` (both spellings), in order, code excluded."""
    links = []
    for part, is_text in _outside_code(text or ""):
        if not is_text:
            continue
        for match in MARKDOWN_LINK.finditer(part):
            links.append(InternalLink(match[1], match[2], f"({match[1]}:{match[2]})"))
        for match in DOUBLE_BRACKETS.finditer(part):
            kind, slug = _bracket_target(match[1])
            if slug:
                links.append(InternalLink(kind, slug, match[0], (match[2] or "").strip()))
    return links


def _escape_label(label: str) -> str:
    return re.sub(r"([\[\]\\*_`])", r"\\\1", label)


def expand_double_brackets(text: str, titles: dict[tuple[str, str], str]) -> str:
    """Markdown with every ``[[…]]`` written as an ordinary ``[Text](kind:slug)`` link.

    Without a label the link text is the target's title (from ``titles``) or what was written.
    """
    def replace(match: re.Match) -> str:
        kind, slug = _bracket_target(match[1])
        if not slug:
            return match[0]
        label = (match[2] or "").strip() or titles.get((kind, slug)) or match[1].strip()
        if ":" in label and not match[2] and (kind, slug) not in titles:
            label = label.partition(":")[2].strip() or label
        return f"[{_escape_label(label)}]({kind}:{slug})"

    return "".join(DOUBLE_BRACKETS.sub(replace, part) if is_text else part
                   for part, is_text in _outside_code(text or ""))


def store_links(kind: str, slug: str, *texts: str) -> None:
    """Replace the stored links of resource ``kind:slug`` with those in ``texts``."""
    db.session.execute(delete(ResourceLinkRow).where(ResourceLinkRow.source_kind == kind,
                                                     ResourceLinkRow.source_slug == slug))
    seen = set()
    for text in texts:
        for link in internal_links(text):
            key = (link.kind, link.slug)
            if key not in seen and key != (kind, slug):
                seen.add(key)
                db.session.add(ResourceLinkRow(source_kind=kind, source_slug=slug,
                                               target_kind=link.kind, target_slug=link.slug))


def forget_links(kind: str, slug: str) -> None:
    """Drop the stored links of a deleted resource."""
    store_links(kind, slug)


def links_to(kind: str, slug: str) -> list[tuple[str, str]]:
    """``(kind, slug)`` of every resource that links to ``kind:slug``."""
    rows = db.session.execute(
        select(ResourceLinkRow.source_kind, ResourceLinkRow.source_slug)
        .where(ResourceLinkRow.target_kind == kind, ResourceLinkRow.target_slug == slug)
        .order_by(ResourceLinkRow.source_kind, ResourceLinkRow.source_slug)
    )
    return [(source_kind, source_slug) for source_kind, source_slug in rows]
