"""The key figures and charts of a coordinator's overview, each one aggregate query."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from lms.accounts.models import User
from lms.catalog.models import Module, ModuleVersion
from lms.certificates.models import Certificate, CertificateStatus
from lms.core.models import utcnow
from lms.core.topics import TOPICS
from lms.extensions import db
from lms.progress.models import CourseProgress, ModuleProgress, Status
from lms.reports import periods
from lms.reports.charts import Chart, Point
from lms.reports.models import LastActivity
from lms.reports.services import DONE, Scope, count_if

ACTIVE_DAYS = 30
MONTHS = 12


@dataclass(frozen=True)
class KeyFigures:
    """The figures at the top of the overview."""

    learners: int
    active: int
    modules_started: int
    modules_completed: int
    modules_passed: int
    courses_completed: int
    certificates: int


def active_since(today: date, days: int = ACTIVE_DAYS) -> date:
    """The first day of the period "the last ``days`` days" ending ``today``."""
    return today - timedelta(days=days - 1)


def active_learners(scope: Scope, first_day: date) -> int:
    """Learners in scope with at least one statement from ``first_day`` on."""
    query = (select(func.count(User.id))
             .join(LastActivity, LastActivity.actor_name == User.xapi_name)
             .where(LastActivity.day >= first_day))
    return db.session.scalar(scope.members(query))


def key_figures(scope: Scope, today: date | None = None) -> KeyFigures:
    """Learners, active learners (30 days), module, course and certificate counts."""
    today = today or utcnow().date()
    modules = db.session.execute(scope.members(
        select(func.count(ModuleProgress.id),
               count_if(ModuleProgress.status.in_(DONE)),
               count_if(ModuleProgress.status == Status.PASSED))
        .join(User, User.id == ModuleProgress.user_id))).one()
    courses = db.session.scalar(scope.members(
        select(func.count(CourseProgress.id)).join(User, User.id == CourseProgress.user_id)
        .where(CourseProgress.status.in_(DONE))))
    certificates = db.session.scalar(scope.members(
        select(func.count(Certificate.id)).join(User, User.id == Certificate.user_id)
        .where(Certificate.status == CertificateStatus.VALID)))
    learners = db.session.scalar(scope.members(select(func.count(User.id))))
    return KeyFigures(learners, active_learners(scope, active_since(today)), modules[0],
                      int(modules[1]), int(modules[2]), courses, certificates)


def completions_by_month(scope: Scope, today: date | None = None,
                         months: int = MONTHS) -> Chart:
    """Modules completed or passed per month over the last ``months`` months."""
    today = today or utcnow().date()
    keys = periods.last_months(today, months)
    month = periods.bucket(ModuleProgress.completed_at, periods.MONTH)
    first = datetime.fromisoformat(keys[0] + "-01").replace(tzinfo=UTC)
    rows = dict(db.session.execute(scope.members(
        select(month, func.count(ModuleProgress.id))
        .join(User, User.id == ModuleProgress.user_id)
        .where(ModuleProgress.status.in_(DONE), ModuleProgress.completed_at >= first)
        .group_by(month))).all())
    points = [Point(periods.label(key, periods.MONTH), rows.get(key, 0)) for key in keys]
    total = sum(point.value for point in points)
    return Chart("chart-months", _("Abgeschlossene Module je Monat"), _("Monat"),
                 _("Abgeschlossene Module"), points,
                 ngettext("%(num)s Modul in den letzten 12 Monaten abgeschlossen.",
                          "%(num)s Module in den letzten 12 Monaten abgeschlossen.", total))


def done_by_module(scope: Scope) -> dict[int, int]:
    """Completed or passed progress rows per module id, for the learners in scope."""
    return dict(db.session.execute(scope.members(
        select(ModuleProgress.module_id, func.count(ModuleProgress.id))
        .join(User, User.id == ModuleProgress.user_id)
        .where(ModuleProgress.status.in_(DONE)).group_by(ModuleProgress.module_id))).all())


def module_topics() -> dict[int, list[str]]:
    """The topics of each module's current version."""
    rows = db.session.execute(select(Module.id, ModuleVersion.topics_key).join(
        ModuleVersion, Module.current_version_id == ModuleVersion.id))
    return {module_id: [t for t in (key or "").split("|") if t] for module_id, key in rows}


def completions_by_topic(scope: Scope) -> Chart:
    """Completed modules per topic (a module with two topics counts for both)."""
    done, topics = done_by_module(scope), module_topics()
    totals = {topic.slug: 0 for topic in TOPICS}
    for module_id, count in done.items():
        for slug in topics.get(module_id, []):
            if slug in totals:
                totals[slug] += count
    points = [Point(_(topic.title), totals[topic.slug]) for topic in TOPICS]
    best = max(points, key=lambda point: point.value, default=None)
    summary = (_("Die meisten abgeschlossenen Module: %(topic)s (%(count)s).",
                 topic=best.label, count=best.shown) if best and best.value
               else _("Noch keine abgeschlossenen Module."))
    return Chart("chart-topics", _("Abgeschlossene Module je Thema"), _("Thema"),
                 _("Abgeschlossene Module"), points, summary)
