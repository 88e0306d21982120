"""The report tables offered as CSV and XLSX: the same figures and filters as their pages."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.extensions import db
from lms.progress.models import STATUS_LABELS
from lms.reports import arguments, funnel, matrix, services
from lms.reports.display import status_labels
from lms.reports.exports import Built, register
from lms.reports.tables import Column, Kind, Table


def _status(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))




MATRIX_COLUMNS = [
    Column(_l("Name"), width=24), Column(_l("E-Mail"), width=28), Column(_l("Modul"), width=36),
    Column(_l("Status"), width=16), Column(_l("Zugewiesen")), Column(_l("Fällig am"), Kind.DATE),
    Column(_l("Bester Punktwert (%)"), Kind.SHARE), Column(_l("Testversuche"), Kind.NUMBER),
    Column(_l("Lernzeit (Minuten)"), Kind.MINUTES), Column(_l("Begonnen am"), Kind.DATE),
    Column(_l("Letzte Aktivität am"), Kind.DATE), Column(_l("Abgeschlossen am"), Kind.DATE),
]


def matrix_table(scope: services.Scope, args: dict) -> Built:
    """Learners x modules, one line per learner and module (not started ones included)."""
    filters = arguments.matrix_filters(args)
    learners, module_count = matrix.matrix_size(scope, filters)
    ids: list[int] = []
    yes, no, labels = _("ja"), _("nein"), status_labels()

    def rows():
        for row, columns in matrix.all_rows(scope, filters):
            ids.append(row.user_id)
            for (_module_id, title), cell in zip(columns, row.cells, strict=True):
                yield (row.name, row.email, title, labels[cell.status],
                       yes if cell.assigned else no, cell.due_on, cell.best_score,
                       cell.attempts if cell.started_at else None,
                       cell.seconds if cell.started_at else None, cell.started_at,
                       cell.last_activity_at, cell.completed_at)

    table = Table("lernmatrix", _("Lernmatrix"), MATRIX_COLUMNS, rows())
    return Built(table, learners * max(module_count, 1), ids)


LEARNER_COLUMNS = [
    Column(_l("Name"), width=24), Column(_l("E-Mail"), width=28),
    Column(_l("Module begonnen"), Kind.NUMBER), Column(_l("Module abgeschlossen"), Kind.NUMBER),
    Column(_l("Kurse abgeschlossen"), Kind.NUMBER), Column(_l("Nachweise"), Kind.NUMBER),
    Column(_l("Lernzeit (Minuten)"), Kind.MINUTES), Column(_l("Letzte Aktivität am"), Kind.DATE),
]


def learners_table(scope: services.Scope, args: dict) -> Built:
    """The overview's learner table with its filters and order."""
    query = services.learner_table(scope, arguments.progress_filters(args))
    found = list(db.session.execute(query))
    rows = [(r.name, r.email, r.modules_started, r.modules_done, r.courses_done, r.certificates,
             r.seconds, r.last_activity_at) for r in found]
    return Built(Table("lernende", _("Lernende"), LEARNER_COLUMNS, rows), len(rows),
                 [r.id for r in found])


MODULE_COLUMNS = [
    Column(_l("Modul"), width=36), Column(_l("Begonnen"), Kind.NUMBER),
    Column(_l("In Bearbeitung"), Kind.NUMBER),
    Column(_l("Abgeschlossen oder bestanden"), Kind.NUMBER),
    Column(_l("Nicht bestanden"), Kind.NUMBER), Column(_l("Ø Lernzeit (Minuten)"), Kind.MINUTES),
    Column(_l("Ø bester Punktwert (%)"), Kind.SHARE),
]


def modules_table(scope: services.Scope, args: dict) -> Built:
    """Counts per module (no learner named)."""
    rows = [(f.title, f.started, f.in_progress, f.done, f.failed, f.average_seconds,
             f.average_score) for f in services.module_figures(scope, services.modules())]
    return Built(Table("module", _("Je Modul"), MODULE_COLUMNS, rows), len(rows), [])


COURSE_COLUMNS = [
    Column(_l("Kurs"), width=36), Column(_l("Begonnen"), Kind.NUMBER),
    Column(_l("In Bearbeitung"), Kind.NUMBER), Column(_l("Abgeschlossen"), Kind.NUMBER),
]


def courses_table(scope: services.Scope, args: dict) -> Built:
    """Counts per course (no learner named)."""
    rows = [(f.title, f.started, f.in_progress, f.done)
            for f in services.course_figures(scope, services.courses())]
    return Built(Table("kurse", _("Je Kurs"), COURSE_COLUMNS, rows), len(rows), [])


FUNNEL_COLUMNS = [
    Column(_l("Modul"), width=36), Column(_l("Auf dem Lernplan"), Kind.NUMBER),
    Column(_l("Begonnen"), Kind.NUMBER), Column(_l("Abgeschlossen"), Kind.NUMBER),
    Column(_l("Bestanden"), Kind.NUMBER), Column(_l("Ø bester Punktwert (%)"), Kind.SHARE),
    Column(_l("Ø Lernzeit (Minuten)"), Kind.MINUTES),
    Column(_l("Häufigster Haltepunkt"), width=36), Column(_l("Lernende dort"), Kind.NUMBER),
]


def funnel_table(scope: services.Scope, args: dict) -> Built:
    """The funnel of every module (no learner named)."""
    rows = []
    for f in funnel.funnels(scope, services.modules()):
        stop = f.top_stop
        rows.append((f.title, f.on_plan, f.started, f.completed, f.passed, f.average_score,
                     f.average_seconds, stop.title if stop else "", stop.learners if stop else 0))
    return Built(Table("trichter", _("Verlauf je Modul"), FUNNEL_COLUMNS, rows), len(rows), [])


ONE_LEARNER_COLUMNS = [
    Column(_l("Modul"), width=36), Column(_l("Status"), width=16),
    Column(_l("Bester Punktwert (%)"), Kind.SHARE), Column(_l("Testversuche"), Kind.NUMBER),
    Column(_l("Lernzeit (Minuten)"), Kind.MINUTES), Column(_l("Begonnen am"), Kind.DATE),
    Column(_l("Letzte Aktivität am"), Kind.DATE), Column(_l("Abgeschlossen am"), Kind.DATE),
]


def one_learner_table(scope: services.Scope, args: dict) -> Built:
    """One learner's modules; ``LookupError`` when the learner is not in scope."""
    user_id = arguments.learner_id(args)
    report = services.learner_report(scope, user_id) if user_id else None
    if report is None:
        raise LookupError(user_id)
    rows = [(title, _status(p.status), p.best_score, p.attempts, p.time_spent_seconds,
             p.started_at, p.last_activity_at, p.completed_at) for title, p in report.modules]
    name = f"lernstand-{report.learner.id}"
    return Built(Table(name, _("Lernstand"), ONE_LEARNER_COLUMNS, rows), len(rows),
                 [report.learner.id])


def register_tables() -> None:
    """Offer every table for export."""
    register("lernmatrix", "Lernmatrix", matrix_table)
    register("lernende", "Lernende", learners_table)
    register("module", "Je Modul", modules_table)
    register("kurse", "Je Kurs", courses_table)
    register("trichter", "Verlauf je Modul", funnel_table)
    register("lernstand", "Lernstand einer Person", one_learner_table)
