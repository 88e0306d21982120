"""Read-only queries behind the admin lists."""

from sqlalchemy import Select, func, or_, select

from lms.accounts.models import Organisation, User
from lms.extensions import db


def user_list(search: str = "") -> Select:
    """Users matching ``search`` in name or e-mail, newest first."""
    query = select(User).order_by(User.created_at.desc(), User.id.desc())
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(func.lower(User.name).like(pattern), func.lower(User.email).like(pattern))
        )
    return query


def organisation_list(search: str = "") -> Select:
    """Organisations matching ``search`` in name or AGS, by name."""
    query = select(Organisation).order_by(Organisation.name)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(func.lower(Organisation.name).like(pattern), Organisation.ags.like(pattern))
        )
    return query


def member_counts(organisation_ids: list[int]) -> dict[int, int]:
    """How many users belong to each of ``organisation_ids`` (one query)."""
    rows = db.session.execute(
        select(User.organisation_id, func.count(User.id))
        .where(User.organisation_id.in_(organisation_ids))
        .group_by(User.organisation_id)
    )
    return {organisation_id: count for organisation_id, count in rows}
