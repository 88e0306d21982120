"""Network-wide figures: learners, activity, registrations, completions, certificates,
participation by organisation and Land, most used resources, and the LRS's data health.

Every count of people goes through ``small_groups``; nothing here names a learner.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.accounts.ags import STATES
from lms.accounts.models import Organisation, User
from lms.certificates.models import Certificate, CertificateStatus
from lms.extensions import db
from lms.monitoring.models import ResourceDay, StatementDay
from lms.monitoring.small_groups import HIDDEN, drawn, is_small, share, shown
from lms.progress.models import ModuleProgress
from lms.reports import overview, periods
from lms.reports.charts import Chart, Point
from lms.reports.models import ActivityWeek, LastActivity
from lms.reports.services import DONE, Scope, count_if
from lms.seminars.models import Seminar
from lms.wiki.models import WikiPage
from lms.xapi import health

NETWORK = Scope(None, everyone=True)
WEEKS, MONTHS, DAYS, RESOURCE_DAYS = 12, 12, 30, 90


def _people_chart(key: str, title: str, label_header: str, value_header: str,
                  counts: dict[str, int], keys: list[str], unit: str, summary: str) -> Chart:
    points = [Point(periods.label(k, unit), drawn(counts.get(k, 0)), shown(counts.get(k, 0)))
              for k in keys]
    return Chart(key, title, label_header, value_header, points, summary)


def _start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@dataclass(frozen=True)
class NetworkFigures:
    """The headline figures of the network."""

    learners: int
    organisations: int
    active: int
    modules_completed: int
    courses_completed: int
    certificates: int


def network_figures(today: date) -> NetworkFigures:
    """Headline figures over every learner of the network."""
    figures = overview.key_figures(NETWORK, today)
    organisations = db.session.scalar(select(func.count(Organisation.id)))
    return NetworkFigures(figures.learners, organisations, figures.active,
                          figures.modules_completed, figures.courses_completed,
                          figures.certificates)


def active_by_week(today: date, weeks: int = WEEKS) -> Chart:
    """Learners with at least one statement per ISO week."""
    keys = periods.last_weeks(today, weeks)
    counts = dict(db.session.execute(NETWORK.members(
        select(ActivityWeek.week, func.count(User.id))
        .join(ActivityWeek, ActivityWeek.actor_name == User.xapi_name)
        .where(ActivityWeek.week >= date.fromisoformat(keys[0]))
        .group_by(ActivityWeek.week))).all())
    return _people_chart("chart-active", _("Aktive Lernende je Woche"), _("Woche"),
                         _("Aktive Lernende"), {k.isoformat(): v for k, v in counts.items()}, keys,
                         periods.WEEK, _("Lernende mit mindestens einer Lernaktivität in der "
                                         "Woche, die letzten %(n)s Wochen.", n=weeks))


def registrations_by_month(today: date, months: int = MONTHS) -> Chart:
    """New learner accounts per month."""
    keys = periods.last_months(today, months)
    month = periods.bucket(User.created_at, periods.MONTH)
    counts = dict(db.session.execute(NETWORK.members(
        select(month, func.count(User.id))
        .where(User.created_at >= _start(date.fromisoformat(keys[0] + "-01")))
        .group_by(month))).all())
    return _people_chart("chart-registrations", _("Neue Lernende je Monat"), _("Monat"),
                         _("Registrierungen"), counts, keys, periods.MONTH,
                         _("Neu angelegte Konten von Lernenden, die letzten %(n)s Monate.",
                           n=months))


def certificates_by_month(today: date, months: int = MONTHS) -> Chart:
    """Certificates issued per month (each certifies one person)."""
    keys = periods.last_months(today, months)
    month = periods.bucket(Certificate.issued_at, periods.MONTH)
    counts = dict(db.session.execute(NETWORK.members(
        select(month, func.count(Certificate.id)).join(User, User.id == Certificate.user_id)
        .where(Certificate.status != CertificateStatus.REPLACED,
               Certificate.issued_at >= _start(date.fromisoformat(keys[0] + "-01")))
        .group_by(month))).all())
    return _people_chart("chart-certificates", _("Ausgestellte Nachweise je Monat"), _("Monat"),
                         _("Nachweise"), counts, keys, periods.MONTH,
                         _("Kurszertifikate und Teilnahmebestätigungen, die letzten %(n)s "
                           "Monate.", n=months))


@dataclass(frozen=True)
class ModuleRate:
    """How a module fares network-wide; counts of people as shown (small groups hidden)."""

    title: str
    started: str
    completed: str
    stalled: str
    rate: float | None


def module_rates(module_list: list[tuple[int, str]], today: date) -> list[ModuleRate]:
    """Started, completed, stalled (not finished, nothing for 30 days) and completion rate."""
    quiet = _start(today - timedelta(days=DAYS))
    rows = {row[0]: row[1:] for row in db.session.execute(NETWORK.members(
        select(ModuleProgress.module_id, func.count(ModuleProgress.id),
               count_if(ModuleProgress.status.in_(DONE)),
               count_if(ModuleProgress.status.not_in(DONE)
                      & (ModuleProgress.last_activity_at < quiet)))
        .join(User, User.id == ModuleProgress.user_id).group_by(ModuleProgress.module_id)))}
    rates = []
    for module_id, title in module_list:
        started, done, stalled = rows.get(module_id, (0, 0, 0))
        rates.append(ModuleRate(title, shown(started), shown(int(done)), shown(int(stalled)),
                                share(int(done), started)))
    return rates


@dataclass(frozen=True)
class Participation:
    """One row of participation: an organisation, a Land, or a merged group of small ones."""

    name: str
    learners: str
    active: str
    completed: str
    rate: float | None
    merged: int = 0


OrganisationCounts = list[tuple[Organisation, int, int, int]]


def per_organisation(today: date) -> OrganisationCounts:
    """(organisation, learners, active in 30 days, completed modules) for every organisation."""
    learners = dict(db.session.execute(NETWORK.members(
        select(User.organisation_id, func.count(User.id)).group_by(User.organisation_id))).all())
    active = dict(db.session.execute(NETWORK.members(
        select(User.organisation_id, func.count(User.id))
        .join(LastActivity, LastActivity.actor_name == User.xapi_name)
        .where(LastActivity.day >= overview.active_since(today))
        .group_by(User.organisation_id))).all())
    completed = dict(db.session.execute(NETWORK.members(
        select(User.organisation_id, func.count(ModuleProgress.id))
        .join(ModuleProgress, ModuleProgress.user_id == User.id)
        .where(ModuleProgress.status.in_(DONE)).group_by(User.organisation_id))).all())
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name))
    return [(o, learners.get(o.id, 0), active.get(o.id, 0), completed.get(o.id, 0))
            for o in organisations]


def _row(name: str, learners: int, active: int, completed: int, merged: int = 0
         ) -> Participation:
    hidden = is_small(learners)
    return Participation(name, shown(learners), shown(active),
                         HIDDEN if hidden and completed else str(completed),
                         share(active, learners), merged)


def _merged(label: str, groups: list[tuple[int, int, int]]) -> list[Participation]:
    if not groups:
        return []
    learners, active, completed = (sum(g[i] for g in groups) for i in range(3))
    return [_row(label, learners, active, completed, merged=len(groups))]


def participation_by_organisation(counts: OrganisationCounts) -> list[Participation]:
    """Per organisation with at least five learners; the others merged into one row."""
    rows, small = [], []
    for organisation, learners, active, completed in counts:
        if is_small(learners):
            small.append((learners, active, completed))
        else:
            rows.append(_row(organisation.name, learners, active, completed))
    return rows + _merged(_("Organisationen mit weniger als 5 Lernenden"), small)


def _state_of(organisation: Organisation) -> str:
    code = (organisation.ags or "")[:2] or organisation.state_code
    return code if code in STATES else ""


def participation_by_state(counts: OrganisationCounts) -> list[Participation]:
    """Per Land (from the AGS) with at least five learners; the others merged into one row."""
    totals: dict[str, list[int]] = {}
    for organisation, learners, active, completed in counts:
        entry = totals.setdefault(_state_of(organisation), [0, 0, 0])
        for index, value in enumerate((learners, active, completed)):
            entry[index] += value
    rows, small = [], []
    for code in sorted(totals, key=lambda c: STATES.get(c, "~")):
        learners, active, completed = totals[code]
        if is_small(learners) or not code:
            small.append((learners, active, completed))
        else:
            rows.append(_row(STATES[code], learners, active, completed))
    return rows + _merged(_("Weitere Länder und ohne Angabe"), small)


@dataclass(frozen=True)
class Resource:
    """A wiki page or seminar recording and how often it was used."""

    title: str
    uses: str


def _titles(model, slugs: list[str]) -> dict[str, str]:
    if not slugs:
        return {}
    return dict(db.session.execute(
        select(model.slug, model.title).where(model.slug.in_(slugs))).all())


def most_used(kind: str, today: date, days: int = RESOURCE_DAYS, limit: int = 10
              ) -> list[Resource]:
    """The wiki pages read (``kind="wiki"``) or seminar recordings played most often in the
    last ``days`` days."""
    uses = func.sum(ResourceDay.uses).label("uses")
    found = db.session.execute(
        select(ResourceDay.slug, uses)
        .where(ResourceDay.kind == kind, ResourceDay.day > today - timedelta(days=days))
        .group_by(ResourceDay.slug).order_by(uses.desc(), ResourceDay.slug).limit(limit)).all()
    titles = _titles(WikiPage if kind == "wiki" else Seminar, [slug for slug, _n in found])
    return [Resource(titles.get(slug, slug), shown(int(count))) for slug, count in found]


def statements_per_day(today: date, days: int = DAYS) -> Chart:
    """Statements stored per day (all senders), the last ``days`` days."""
    keys = periods.last_days(today, days)
    counts = dict(db.session.execute(
        select(StatementDay.day, StatementDay.statements)
        .where(StatementDay.day >= date.fromisoformat(keys[0]))).all())
    points = [Point(periods.label(k, periods.DAY), counts.get(date.fromisoformat(k), 0))
              for k in keys]
    total = sum(point.value for point in points)
    return Chart("chart-statements", _("Gespeicherte Statements je Tag"), _("Tag"),
                 _("Statements"), points,
                 _("%(total)s Statements in den letzten %(n)s Tagen.", total=total, n=days))


def rejections(today: date, days: int = DAYS) -> list[health.XapiRejection]:
    """Refused statement writes per day and reason, the last ``days`` days."""
    return health.rejections_since(today - timedelta(days=days - 1))


