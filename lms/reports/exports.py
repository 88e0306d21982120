"""Every report table as a downloadable file, with the page's filters applied.

Small tables are answered at once; a table with more than ``REPORT_EXPORT_BACKGROUND_ROWS``
rows becomes a ``ReportExport`` made in the background (a thread here; the job queue can run
:func:`run_export` instead), with a page that shows its progress. Both ways log which
learners' data went into the file (``lms.privacy.access``).
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app
from flask_babel import force_locale
from sqlalchemy import select

from lms.accounts.models import User
from lms.core.models import utcnow
from lms.extensions import db
from lms.privacy.access import log_access
from lms.reports import tables
from lms.reports.models import ExportStatus, ReportExport
from lms.reports.services import Scope, scope_for

log = logging.getLogger(__name__)


@dataclass
class Built:
    """A table ready to write, its estimated row count, and the learners whose data it holds."""

    table: tables.Table
    rows: int
    learner_ids: list[int]


Builder = Callable[[Scope, dict], Built]
"""Builds a table for a scope from the page's query arguments (plain strings)."""

BUILDERS: dict[str, tuple[str, Builder]] = {}
"""Export name -> (detail for the access log, builder); filled by ``export_tables``."""


def register(name: str, detail: str, builder: Builder) -> None:
    """Offer ``builder``'s table under ``name``."""
    BUILDERS[name] = (detail, builder)


def file_name(name: str, scope: Scope, fmt: str) -> str:
    """``matrix-03241001-2026-11-20.xlsx``: table, organisation (AGS or id), day."""
    organisation = scope.organisation
    where = (organisation.ags or str(organisation.id)) if organisation else "netzwerk"
    return f"{name}-{where}-{utcnow().date().isoformat()}.{fmt}"


def write(built: Built, fmt: str, progress: tables.Progress | None = None) -> bytes:
    """The file's bytes."""
    return tables.WRITERS[fmt](built.table, progress)


def build(name: str, scope: Scope, arguments: dict) -> Built:
    """Build a registered table (KeyError for unknown names)."""
    return BUILDERS[name][1](scope, arguments)


def log_export(viewer: User, name: str, fmt: str, learner_ids: list[int]) -> None:
    """Record whose data went into the file."""
    detail = f"{BUILDERS[name][0]} ({fmt.upper()})"
    log_access(viewer, learner_ids, "export", detail)


def background_threshold() -> int:
    return current_app.config.get("REPORT_EXPORT_BACKGROUND_ROWS", 20_000)


def queue(requester: User, scope: Scope, name: str, fmt: str, arguments: dict,
          rows: int) -> ReportExport:
    """Store a background export and start it."""
    export = ReportExport(requested_by_id=requester.id,
                          organisation_id=scope.organisation.id if scope.organisation else None,
                          table_name=name, format=fmt, arguments=arguments, rows_total=rows,
                          filename=file_name(name, scope, fmt))
    db.session.add(export)
    db.session.commit()
    runner = current_app.extensions.get("lms_export_runner", run_in_thread)
    runner(current_app._get_current_object(), export.id)
    return export


def run_in_thread(app: Flask, export_id: int) -> None:
    """Run an export in a thread of this process (the default runner)."""
    threading.Thread(target=run_export_in_app, args=(app, export_id), daemon=True,
                     name=f"lernraum-export-{export_id}").start()


def run_inline(app: Flask, export_id: int) -> None:
    """Run an export at once, in the request (for tests and single-process use)."""
    run_export(export_id)


def run_export_in_app(app: Flask, export_id: int) -> None:
    with app.app_context():
        try:
            run_export(export_id)
        finally:
            db.session.remove()


def _scope_of(export: ReportExport) -> Scope:
    requester = db.session.get(User, export.requested_by_id)
    return scope_for(requester, export.organisation_id)


def run_export(export_id: int) -> None:
    """Build and write one export, saving progress every few hundred rows; the scope is
    worked out again from the requester, so a lost role stops the export."""
    export = db.session.get(ReportExport, export_id)
    if export is None or export.status not in (ExportStatus.QUEUED, ExportStatus.RUNNING):
        return
    requester = db.session.get(User, export.requested_by_id)
    export.status = ExportStatus.RUNNING
    db.session.commit()
    try:
        with force_locale(requester.locale or "de"):
            built = build(export.table_name, _scope_of(export), export.arguments)
            export.rows_total = max(built.rows, 1)

            def progress(done: int) -> None:
                export.rows_done = done
                db.session.commit()

            content = write(built, export.format, progress)
        export.content, export.status, export.finished_at = content, ExportStatus.DONE, utcnow()
        log_export(requester, export.table_name, export.format, built.learner_ids)
    except Exception as error:  # a background job reports on its page, not to a client
        db.session.rollback()
        log.exception("Export %s ist fehlgeschlagen", export_id)
        export = db.session.get(ReportExport, export_id)
        export.status, export.error = ExportStatus.FAILED, str(error)[:500]
        export.finished_at = utcnow()
    db.session.commit()


def export_for(user: User, export_id: int) -> ReportExport | None:
    """An export the user asked for (nobody else's)."""
    return db.session.scalar(select(ReportExport).where(ReportExport.id == export_id,
                                                        ReportExport.requested_by_id == user.id))
