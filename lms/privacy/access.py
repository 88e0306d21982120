"""The access log: which coordinator or admin opened which learner's data, when, and where."""

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from lms.accounts.models import User
from lms.core.permissions import Role
from lms.extensions import db
from lms.privacy.models import DataAccess

ACCESS_LABELS = {
    "learner_page": _l("Lernstand (Einzelansicht)"),
    "export": _l("Export einer Tabelle"),
    "data_page": _l("Übersicht der gespeicherten Daten"),
    "data_download": _l("Download aller Daten (JSON)"),
    "deletion": _l("Konto gelöscht"),
}
"""The kinds of access, as the learner and the admins read them."""


def _role(viewer: User) -> str:
    for role in (Role.ADMIN, Role.COORDINATOR, Role.NETWORK):
        if viewer.has_role(role):
            return str(role)
    return str(Role.LEARNER)


def log_access(viewer: User, subject_ids: Iterable[int], what: str, detail: str = "", *,
               commit: bool = True) -> int:
    """Record that ``viewer`` saw the data of ``subject_ids`` (their own data is not logged)."""
    ids = sorted({subject for subject in subject_ids if subject != viewer.id})
    if not ids:
        return 0
    role = _role(viewer)
    db.session.add_all(DataAccess(subject_id=subject, viewer_id=viewer.id,
                                  viewer_name=viewer.name, viewer_role=role, what=what,
                                  detail=detail[:300]) for subject in ids)
    if commit:
        db.session.commit()
    return len(ids)


def accesses_to(subject_id: int, limit: int = 200) -> list[DataAccess]:
    """The newest accesses to one learner's data."""
    return list(db.session.scalars(
        select(DataAccess).where(DataAccess.subject_id == subject_id)
        .order_by(DataAccess.at.desc(), DataAccess.id.desc()).limit(limit)))


def access_count(subject_id: int) -> int:
    """How many accesses to one learner's data are recorded."""
    return db.session.scalar(select(func.count(DataAccess.id))
                             .where(DataAccess.subject_id == subject_id))


def recent_accesses(search: str = ""):
    """Every access, newest first, optionally by viewer or learner name (admins' list)."""
    query = select(DataAccess).order_by(DataAccess.at.desc(), DataAccess.id.desc())
    if search:
        pattern = f"%{search.lower()}%"
        subjects = select(User.id).where(func.lower(User.name).like(pattern))
        query = query.where(func.lower(DataAccess.viewer_name).like(pattern)
                            | DataAccess.subject_id.in_(subjects))
    return query


def names_of(user_ids: Iterable[int]) -> dict[int, str]:
    """Names of users by id."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())
