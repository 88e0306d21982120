"""Read-only queries behind the admin lists."""

from sqlalchemy import Select, func, or_, select

from lms.accounts.models import Organisation, User


def user_list(search: str = "") -> Select:
    """Users matching ``search`` in name or e-mail, newest first."""
    query = select(User).order_by(User.created_at.desc(), User.id.desc())
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(User.name).like(pattern), func.lower(User.email).like(pattern)))
    return query


def organisation_list(search: str = "") -> Select:
    """Organisations with their member counts, matching ``search`` in name or AGS."""
    members = (
        select(func.count(User.id)).where(User.organisation_id == Organisation.id).scalar_subquery()
    )
    query = select(Organisation, members.label("member_count")).order_by(Organisation.name)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(Organisation.name).like(pattern), Organisation.ags.like(pattern)))
    return query
