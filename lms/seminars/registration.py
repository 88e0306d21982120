"""Registering for upcoming seminars: places, the waiting list, moving up, attendance.

``Seminar.seats_taken`` is changed only by conditional UPDATEs (``seats_taken < capacity``),
so however many requests arrive at once, no more people get a place than there are places;
on SQLite the write lock file serialises the transaction as well.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import joinedload

from lms.accounts.models import User
from lms.core.database import one_writer_at_a_time
from lms.core.models import utcnow
from lms.extensions import db
from lms.seminars.models import (
    CANCELLED,
    REGISTERED,
    WAITING,
    Seminar,
    SeminarRegistration,
)
from lms.seminars.services import is_upcoming


class RegistrationError(ValueError):
    """Registration not possible; the message says why (German)."""


@dataclass(frozen=True)
class Outcome:
    """What a registration or cancellation did; ``moved_up`` got the freed place."""

    registration: SeminarRegistration | None
    moved_up: SeminarRegistration | None = None


def registration_of(seminar: Seminar, user_id: int) -> SeminarRegistration | None:
    """The person's registration (any status) for ``seminar``."""
    return db.session.scalar(select(SeminarRegistration).where(
        SeminarRegistration.seminar_id == seminar.id, SeminarRegistration.user_id == user_id))


def _take_seat(seminar_id: int) -> bool:
    """Atomically take one place if one is free; True if it was taken."""
    result = db.session.execute(
        update(Seminar).where(Seminar.id == seminar_id, or_(
            Seminar.capacity.is_(None), Seminar.seats_taken < Seminar.capacity))
        .values(seats_taken=Seminar.seats_taken + 1).execution_options(synchronize_session=False))
    return result.rowcount == 1


def _free_seat(seminar_id: int) -> None:
    db.session.execute(update(Seminar).where(Seminar.id == seminar_id, Seminar.seats_taken > 0)
                       .values(seats_taken=Seminar.seats_taken - 1)
                       .execution_options(synchronize_session=False))


ATTEMPTS = 5


def _serialised(seminar_id: int, change):
    """Run ``change()`` as one writing transaction and commit, changes to one seminar one
    after another: the seminar row is locked first (PostgreSQL; SQLite has one writer
    anyway), so two cancellations never move up the same waiting person. Retried when a
    concurrent writer got there first (a unique registration, a lock timeout)."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with one_writer_at_a_time(db.engine):
                db.session.commit()  # start afresh: no read snapshot older than the lock
                db.session.execute(select(Seminar.id).where(Seminar.id == seminar_id)
                                   .with_for_update())
                outcome = change()
                db.session.commit()
            return outcome
        except (IntegrityError, OperationalError):
            db.session.rollback()
            if attempt == ATTEMPTS:
                raise
    return None


def register(seminar: Seminar, user: User) -> Outcome:
    """A place if one is free, else the waiting list; commits. Raises RegistrationError."""
    if not is_upcoming(seminar) or seminar.deleted_at is not None:
        raise RegistrationError(_l("Für dieses Seminar ist keine Anmeldung mehr möglich."))
    seminar_id, user_id = seminar.id, user.id

    def change() -> Outcome:
        existing = db.session.scalar(select(SeminarRegistration).where(
            SeminarRegistration.seminar_id == seminar_id,
            SeminarRegistration.user_id == user_id))
        if existing is not None and existing.status in (REGISTERED, WAITING):
            return Outcome(existing)
        status = REGISTERED if _take_seat(seminar_id) else WAITING
        registration = existing or SeminarRegistration(seminar_id=seminar_id, user_id=user_id)
        registration.status, registration.queued_at = status, utcnow()
        registration.cancelled_at = None
        db.session.add(registration)
        db.session.flush()
        return Outcome(registration)

    return _serialised(seminar_id, change)


def cancel(seminar: Seminar, user: User) -> Outcome:
    """Give up a place or leave the waiting list; the first waiting person moves up. Commits."""
    seminar_id, user_id = seminar.id, user.id

    def change() -> Outcome:
        registration = db.session.scalar(select(SeminarRegistration).where(
            SeminarRegistration.seminar_id == seminar_id,
            SeminarRegistration.user_id == user_id))
        if registration is None or registration.status == CANCELLED:
            return Outcome(registration)
        had_seat = registration.status == REGISTERED
        registration.status, registration.cancelled_at = CANCELLED, utcnow()
        moved_up = None
        if had_seat:
            moved_up = _first_waiting(seminar_id)
            if moved_up is not None:
                moved_up.status = REGISTERED  # the freed place passes on, seats_taken stays
            else:
                _free_seat(seminar_id)
        db.session.flush()
        return Outcome(registration, moved_up)

    return _serialised(seminar_id, change)


def _first_waiting(seminar_id: int) -> SeminarRegistration | None:
    return db.session.scalar(
        select(SeminarRegistration).where(SeminarRegistration.seminar_id == seminar_id,
                                          SeminarRegistration.status == WAITING)
        .order_by(SeminarRegistration.queued_at, SeminarRegistration.id).limit(1))


def fill_free_places(seminar: Seminar) -> list[SeminarRegistration]:
    """After more places were added: move waiting people up while places are free. Commits."""
    seminar_id = seminar.id

    def change() -> list[SeminarRegistration]:
        moved = []
        while (waiting := _first_waiting(seminar_id)) is not None and _take_seat(seminar_id):
            waiting.status = REGISTERED
            db.session.flush()
            moved.append(waiting)
        return moved

    return _serialised(seminar_id, change)


def counts(seminar: Seminar) -> dict[str, int]:
    """How many are registered and how many wait."""
    rows = db.session.execute(
        select(SeminarRegistration.status, func.count()).where(
            SeminarRegistration.seminar_id == seminar.id).group_by(SeminarRegistration.status))
    found = dict(rows.all())
    return {REGISTERED: found.get(REGISTERED, 0), WAITING: found.get(WAITING, 0)}


def waiting_position(registration: SeminarRegistration) -> int:
    """1 for the first on the waiting list."""
    return db.session.scalar(select(func.count()).where(
        SeminarRegistration.seminar_id == registration.seminar_id,
        SeminarRegistration.status == WAITING,
        or_(SeminarRegistration.queued_at < registration.queued_at,
            and_(SeminarRegistration.queued_at == registration.queued_at,
                 SeminarRegistration.id <= registration.id)))) or 1


def registrants(seminar: Seminar, organisation_id: int | None = None) -> list[SeminarRegistration]:
    """Registered and waiting people (of one organisation if given), places first."""
    query = (select(SeminarRegistration).join(User, SeminarRegistration.user_id == User.id)
             .where(SeminarRegistration.seminar_id == seminar.id,
                    SeminarRegistration.status.in_((REGISTERED, WAITING)))
             .options(joinedload(SeminarRegistration.user).joinedload(User.organisation))
             .order_by(SeminarRegistration.status, SeminarRegistration.queued_at,
                       SeminarRegistration.id))
    if organisation_id is not None:
        query = query.where(User.organisation_id == organisation_id)
    return list(db.session.scalars(query))


def mark_attendance(seminar: Seminar, user_ids: set[int]) -> list[SeminarRegistration]:
    """Mark the registered people in ``user_ids`` as present; returns the newly marked."""
    newly = []
    for registration in registrants(seminar):
        if registration.status == REGISTERED and registration.user_id in user_ids and (
                registration.attended_at is None):
            registration.attended_at = utcnow()
            newly.append(registration)
    db.session.flush()
    return newly


def due_reminders(on) -> list[SeminarRegistration]:
    """Registrations for seminars held on ``on`` that have not been reminded yet."""
    return list(db.session.scalars(
        select(SeminarRegistration).join(Seminar, SeminarRegistration.seminar_id == Seminar.id)
        .where(Seminar.held_on == on, Seminar.deleted_at.is_(None),
               SeminarRegistration.status == REGISTERED,
               SeminarRegistration.reminded_at.is_(None))
        .options(joinedload(SeminarRegistration.seminar), joinedload(SeminarRegistration.user))))
