"""Per module: how many learners put it on their plan, started, completed and passed it, with
average score and time, and the page where those who have not finished stopped."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from lms.accounts.models import User
from lms.catalog.models import Module, ModuleVersion, PlanEntry
from lms.extensions import db
from lms.progress.models import ModuleProgress, Status
from lms.reports.charts import Chart, Point
from lms.reports.services import DONE, Scope, count_if

QUIZ = -1
"""``StopPoint.page`` of learners whose last step was a failed final test."""


@dataclass(frozen=True)
class StopPoint:
    """Where learners who have not finished a module are: a page (or the final test)."""

    page: int
    title: str
    learners: int


@dataclass(frozen=True)
class Funnel:
    """The stages of one module for the learners in scope."""

    module_id: int
    title: str
    on_plan: int = 0
    started: int = 0
    completed: int = 0
    passed: int = 0
    average_score: float | None = None
    average_seconds: float | None = None
    stops: list[StopPoint] = field(default_factory=list)

    @property
    def top_stop(self) -> StopPoint | None:
        return self.stops[0] if self.stops else None

    def chart(self) -> Chart:
        points = [Point(_("Auf dem Lernplan"), self.on_plan), Point(_("Begonnen"), self.started),
                  Point(_("Abgeschlossen"), self.completed), Point(_("Bestanden"), self.passed)]
        return Chart(f"funnel-{self.module_id}", _("Verlauf im Modul „%(title)s“",
                                                   title=self.title),
                     _("Stufe"), _("Lernende"), points,
                     _("%(plan)s auf dem Lernplan, %(started)s begonnen, %(completed)s "
                       "abgeschlossen, %(passed)s bestanden.", plan=self.on_plan,
                       started=self.started, completed=self.completed, passed=self.passed))


def _on_plan(scope: Scope) -> dict[int, int]:
    return dict(db.session.execute(scope.members(
        select(PlanEntry.module_id, func.count(PlanEntry.id))
        .join(User, User.id == PlanEntry.user_id).group_by(PlanEntry.module_id))).all())


def _stages(scope: Scope) -> dict[int, tuple]:
    rows = db.session.execute(scope.members(
        select(ModuleProgress.module_id, func.count(ModuleProgress.id),
               count_if(ModuleProgress.status.in_(DONE)),
               count_if(ModuleProgress.status == Status.PASSED),
               func.avg(ModuleProgress.best_score), func.avg(ModuleProgress.time_spent_seconds))
        .join(User, User.id == ModuleProgress.user_id).group_by(ModuleProgress.module_id)))
    return {row[0]: tuple(row[1:]) for row in rows}


def _stop_counts(scope: Scope, module_id: int | None = None) -> dict[int, dict[int, int]]:
    """Per module: learners not finished, by last page seen (``QUIZ`` after a failed test)."""
    stop = case((ModuleProgress.status == Status.FAILED, QUIZ), else_=ModuleProgress.last_page)
    query = (select(ModuleProgress.module_id, stop.label("stop"), func.count(ModuleProgress.id))
             .join(User, User.id == ModuleProgress.user_id)
             .where(ModuleProgress.status.not_in(DONE))
             .group_by(ModuleProgress.module_id, stop))
    if module_id is not None:
        query = query.where(ModuleProgress.module_id == module_id)
    found: dict[int, dict[int, int]] = {}
    for module, page, count in db.session.execute(scope.members(query)):
        found.setdefault(module, {})[int(page)] = count
    return found


def _page_titles(module_ids: list[int]) -> dict[int, list[str]]:
    rows = db.session.execute(select(Module.id, ModuleVersion.content).join(
        ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .where(Module.id.in_(module_ids)))
    return {module_id: [page.get("title", "") for page in (content or {}).get("pages") or []]
            for module_id, content in rows}


def _stop_points(counts: dict[int, int], titles: list[str]) -> list[StopPoint]:
    points = []
    for page, learners in counts.items():
        if page == QUIZ:
            title = _("Abschlusstest nicht bestanden")
        elif page == 0:
            title = _("keine Seite bekannt (noch keine angesehen oder ein Inhaltspaket)")
        else:
            title = titles[page - 1] if 0 < page <= len(titles) else _("Seite %(n)s", n=page)
        points.append(StopPoint(page, title, learners))
    return sorted(points, key=lambda point: (-point.learners, point.page))


def funnels(scope: Scope, module_list: list[tuple[int, str]], *, with_stops: bool = True,
            ) -> list[Funnel]:
    """The funnel of every module in ``module_list`` (four aggregate queries in all)."""
    plan, stages = _on_plan(scope), _stages(scope)
    stops = _stop_counts(scope) if with_stops else {}
    titles = _page_titles([module_id for module_id, _t in module_list]) if with_stops else {}
    result = []
    for module_id, title in module_list:
        started, done, passed, score, seconds = stages.get(module_id, (0, 0, 0, None, None))
        result.append(Funnel(
            module_id, title, plan.get(module_id, 0), started, int(done), int(passed),
            None if score is None else float(score), None if seconds is None else float(seconds),
            _stop_points(stops.get(module_id, {}), titles.get(module_id, []))))
    return result
