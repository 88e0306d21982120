"""Changes learners propose to wiki pages, and an author's decision on each."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.core.models import utcnow
from lms.extensions import db
from lms.resources.diff import FieldDiff
from lms.wiki import history, services
from lms.wiki.models import ACCEPTED, DECLINED, OPEN, WikiPage, WikiProposal

MAX_OPEN_PER_PERSON = 5
"""Open proposals one person may have on one page (a guard against floods)."""


def propose(page: WikiPage, *, user_id: int, title: str, summary: str, body: str, note: str,
            base_revision_id: int | None) -> WikiProposal:
    """Store a proposal; raises WikiError for empty fields or too many open proposals."""
    if not title.strip() or not summary.strip() or not body.strip():
        raise services.WikiError(_l("Bitte füllen Sie Titel, Kurzfassung und Text aus."))
    if len(title) > 200:
        raise services.WikiError(_l("Bitte höchstens %(limit)d Zeichen.", limit=200), "title")
    waiting = db.session.scalars(select(WikiProposal.id).where(
        WikiProposal.page_id == page.id, WikiProposal.proposed_by_id == user_id,
        WikiProposal.status == OPEN)).all()
    if len(waiting) >= MAX_OPEN_PER_PERSON:
        raise services.WikiError(_l("Sie haben für diese Seite schon %(count)d offene "
                                    "Vorschläge. Bitte warten Sie auf die Redaktion.",
                                    count=len(waiting)))
    base = services.revision_of(page, base_revision_id) if base_revision_id else None
    proposal = WikiProposal(
        page_id=page.id, proposed_by_id=user_id,
        base_revision_id=(base.id if base else services.latest_revision_id(page)),
        title=title.strip(), summary=summary.strip(), body=body.replace("\r\n", "\n").strip(),
        note=note.strip()[:300])
    db.session.add(proposal)
    db.session.flush()
    return proposal


def open_proposals() -> list[WikiProposal]:
    """Proposals waiting for a decision, oldest first."""
    return list(db.session.scalars(
        select(WikiProposal).where(WikiProposal.status == OPEN)
        .options(joinedload(WikiProposal.page), joinedload(WikiProposal.proposed_by))
        .order_by(WikiProposal.created_at, WikiProposal.id)))


def proposal_by_id(proposal_id: int) -> WikiProposal | None:
    """The proposal with ``proposal_id``."""
    return db.session.get(WikiProposal, proposal_id)


def _proposed_fields(proposal: WikiProposal) -> dict[str, str]:
    return {"title": proposal.title, "summary": proposal.summary, "body": proposal.body}


def changes(proposal: WikiProposal) -> list[FieldDiff]:
    """What the proposal changes against the page as it is now."""
    page = proposal.page
    current = {"title": page.title, "summary": page.summary, "body": page.body}
    return history.compare_texts(current, _proposed_fields(proposal))


def page_changed_since(proposal: WikiProposal) -> bool:
    """True if someone saved the page after the proposal was written."""
    return proposal.base_revision_id != services.latest_revision_id(proposal.page)


def accept(proposal: WikiProposal, *, author_id: int, note: str = "") -> None:
    """Apply the proposed title, summary and body as a new revision of the page."""
    page = proposal.page
    fields = {name: getattr(page, name) for name in services.CONTENT_FIELDS}
    fields.update(_proposed_fields(proposal))
    proposer = proposal.proposed_by.name if proposal.proposed_by else "?"
    services.save_page(page, slug=page.slug, fields=fields, user_id=author_id,
                       note=f"Vorschlag von {proposer} übernommen: {proposal.note}"[:300])
    _decide(proposal, ACCEPTED, author_id, note)


def decline(proposal: WikiProposal, *, author_id: int, note: str = "") -> None:
    """Close the proposal without changing the page."""
    _decide(proposal, DECLINED, author_id, note)


def _decide(proposal: WikiProposal, status: str, author_id: int, note: str) -> None:
    proposal.status = status
    proposal.decided_by_id = author_id
    proposal.decided_at = utcnow()
    proposal.decision_note = (note or "")[:300]
    db.session.flush()
