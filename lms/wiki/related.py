"""What a wiki page relates to: the resources linking to it, organisations, open proposals."""

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from lms.accounts.models import Organisation
from lms.extensions import db
from lms.resources import registry
from lms.resources.links import links_to
from lms.wiki.models import OPEN, WikiPage, WikiProposal


@dataclass(frozen=True)
class Backlink:
    """A resource linking to the page: its kind label, title and address."""

    kind: str
    title: str
    url: str


def backlinks(kind: str, slug: str) -> list[Backlink]:
    """Visible wiki pages and seminars that link to ``kind:slug``, by title."""
    sources: dict[str, list[str]] = {}
    for source_kind, source_slug in links_to(kind, slug):
        sources.setdefault(source_kind, []).append(source_slug)
    found = []
    for source_kind, slugs in sources.items():
        resource = registry.kind(source_kind)
        if resource is None:
            continue
        for source_slug, title in registry.titles(source_kind, slugs).items():
            found.append(Backlink(source_kind, title,
                                  url_for(resource.endpoint, slug=source_slug)))
    return sorted(found, key=lambda link: link.title.casefold())


def open_proposal_count(page: WikiPage) -> int:
    """How many proposals for ``page`` wait for an author."""
    return db.session.scalar(select(func.count()).where(
        WikiProposal.page_id == page.id, WikiProposal.status == OPEN)) or 0


def organisation_choices() -> list[SelectChoice]:
    """The organisations of the network for the Praxisbeispiel form, by name."""
    rows = db.session.execute(select(Organisation.id, Organisation.name)
                              .order_by(Organisation.name))
    return [SelectChoice("", "–"), *(SelectChoice(str(id_), name) for id_, name in rows)]
