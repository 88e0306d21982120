"""Writing and reading the audit log."""

from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select

from lms.audit.models import AuditEntry
from lms.core.i18n import N_
from lms.extensions import db

ACTION_LABELS = {
    "user.created": N_("Konto angelegt"),
    "user.name": N_("Name geändert"),
    "user.roles": N_("Rollen geändert"),
    "user.organisation": N_("Organisation geändert"),
    "user.deactivated": N_("Konto deaktiviert"),
    "user.reactivated": N_("Konto reaktiviert"),
    "membership.approved": N_("Mitgliedschaft bestätigt"),
    "membership.rejected": N_("Mitgliedschaft abgelehnt"),
    "organisation.created": N_("Organisation angelegt"),
    "organisation.changed": N_("Organisation geändert"),
    "certificate.revoked": N_("Nachweis widerrufen"),
    "certificate.reissued": N_("Nachweis neu ausgestellt"),
    "lrs_client.created": N_("LRS-Zugang angelegt"),
    "lrs_client.locked": N_("LRS-Zugang gesperrt"),
    "lrs_client.unlocked": N_("LRS-Zugang entsperrt"),
    "module.published": N_("Modul veröffentlicht"),
    "module.withdrawn": N_("Modul zurückgezogen"),
}
"""The actions Lernraum records, with their German label; other actions are stored too
and shown by their name (so a feature can add one without touching this table)."""

TARGET_LABEL_LENGTH = 200
ACTOR_NAME_LENGTH = 120


def record(action: str, *, actor: Any = None, target_type: str, target_id: Any = None,
           target_label: str = "", organisation_id: int | None = None,
           details: dict | None = None) -> AuditEntry:
    """Add an entry to the current transaction (the caller commits with its change).

    ``actor`` is whoever made the change (anything with ``id`` and ``name``, e.g. a
    ``User``); None for the command line. ``details`` is JSON: typically
    ``{"before": ..., "after": ...}``.
    """
    entry = AuditEntry(
        action=action[:50], actor_id=getattr(actor, "id", None),
        actor_name=(getattr(actor, "name", "") or "")[:ACTOR_NAME_LENGTH],
        target_type=target_type[:30], target_id=None if target_id is None else str(target_id),
        target_label=(target_label or "")[:TARGET_LABEL_LENGTH],
        organisation_id=organisation_id, details=details or {})
    db.session.add(entry)
    return entry


def action_label(action: str) -> str:
    """The German label of ``action`` (translate where shown), or the action itself."""
    return ACTION_LABELS.get(action, action)


def known_actions() -> list[str]:
    """Every action with a label, and any other action already in the log."""
    stored = db.session.scalars(select(AuditEntry.action).distinct())
    return list(ACTION_LABELS) + sorted(set(stored) - ACTION_LABELS.keys())


def entries(*, action: str = "", person: str = "", target: str = "",
            since: datetime | None = None, before: datetime | None = None) -> Select:
    """Entries matching the filters, newest first; ``person`` and ``target`` match names
    (``target`` also an id), ``since``/``before`` bound the time."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action == action)
    if person:
        query = query.where(func.lower(AuditEntry.actor_name).contains(person.strip().lower(),
                                                                       autoescape=True))
    if target:
        pattern = target.strip().lower()
        query = query.where(or_(func.lower(AuditEntry.target_label).contains(pattern,
                                                                             autoescape=True),
                                AuditEntry.target_id == target.strip()))
    if since:
        query = query.where(AuditEntry.created_at >= since)
    if before:
        query = query.where(AuditEntry.created_at < before)
    return query
