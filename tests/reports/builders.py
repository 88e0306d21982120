"""Builders for the report tests (and the coordinator's browser journey): progress rows and a
small network of two organisations."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import count

from lms.accounts.models import Organisation, User
from lms.catalog.models import Course, Module
from lms.extensions import db
from lms.progress.models import ModuleProgress, Status
from tests.certificates.builders import build_course, build_module

_sequence = count(1)
DAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def record_progress_row(user: User, module: Module, status: str = Status.IN_PROGRESS, *,
                        score: float | None = None, seconds: int = 600, attempts: int = 0,
                        at: datetime = DAY) -> ModuleProgress:
    """Write one learner x module progress row as the projector would."""
    done = status in (Status.COMPLETED, Status.PASSED)
    row = ModuleProgress(
        user_id=user.id, module_id=module.id, module_version_id=module.current_version_id,
        registration=f"{next(_sequence):036d}", status=status, best_score=score,
        attempts=attempts, time_spent_seconds=seconds, started_at=at - timedelta(hours=1),
        last_activity_at=at, completed_at=at if done else None,
    )
    db.session.add(row)
    db.session.commit()
    return row


@dataclass
class Network:
    """Two organisations: Nordstadt (coordinator, three learners) and Südheim (one learner)."""

    north: Organisation
    south: Organisation
    coordinator: User
    anna: User
    bernd: User
    clara: User
    sven: User
    grundlagen: Module
    mobilitaet: Module
    course: Course


def build_network(make_organisation, make_user) -> Network:
    """Nordstadt: Anna passed Grundlagen (90 %, 30 min) and is in Mobilität, Bernd failed
    Grundlagen (40 %, 10 min), Clara has not started. Südheim: Sven completed both."""
    north = make_organisation(name="Stadt Nordstadt")
    south = make_organisation(name="Gemeinde Südheim")
    coordinator = make_user(name="Katrin Koordination", roles=["coordinator"],
                            organisation=north)
    anna = make_user(name="Anna Ahrens", email="anna@nordstadt.de", organisation=north)
    bernd = make_user(name="Bernd Böhm", email="bernd@nordstadt.de", organisation=north)
    clara = make_user(name="Clara Claußen", email="clara@nordstadt.de", organisation=north)
    sven = make_user(name="Sven Südheimer", email="sven@suedheim.de", organisation=south)
    grundlagen = build_module("Grundlagen des demografischen Wandels")
    mobilitaet = build_module("Mobilität im ländlichen Raum")
    course = build_course([grundlagen, mobilitaet], title="Demografie vor Ort")
    record = record_progress_row
    record(anna, grundlagen, Status.PASSED, score=0.9, seconds=1800, attempts=1,
           at=DAY + timedelta(days=2))
    record(anna, mobilitaet, Status.IN_PROGRESS, seconds=300, at=DAY + timedelta(days=3))
    record(bernd, grundlagen, Status.FAILED, score=0.4, seconds=600, attempts=2,
           at=DAY + timedelta(days=1))
    record(sven, grundlagen, Status.COMPLETED, score=1.0, seconds=7200,
           at=DAY + timedelta(days=5))
    record(sven, mobilitaet, Status.COMPLETED, seconds=7200, at=DAY + timedelta(days=6))
    return Network(north, south, coordinator, anna, bernd, clara, sven, grundlagen, mobilitaet,
                   course)
