"""Views: a report table as CSV or XLSX, at once or as a background export with progress."""

from flask import abort, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from lms.core.permissions import Role, role_required
from lms.reports import bp, exports, tables
from lms.reports.models import ExportStatus
from lms.reports.pages import current_scope

FORMATS = ("csv", "xlsx")


def _attachment(body: bytes, fmt: str, filename: str):
    return body, 200, {
        "Content-Type": tables.MEDIA_TYPES[fmt],
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store",
    }


@bp.get("/koordination/export/<name>.<fmt>")
@role_required(Role.COORDINATOR)
def export_table(name: str, fmt: str):
    if name not in exports.BUILDERS or fmt not in FORMATS:
        abort(404)
    scope = current_scope(need_organisation=True)
    arguments = {key: value[:200] for key, value in request.args.items()}
    try:
        built = exports.build(name, scope, arguments)
    except LookupError:
        abort(404)
    if built.rows > exports.background_threshold():
        export = exports.queue(current_user, scope, name, fmt, arguments, built.rows)
        return redirect(url_for("reports.show_export", export_id=export.id))
    body = exports.write(built, fmt)
    exports.log_export(current_user, name, fmt, built.learner_ids)
    return _attachment(body, fmt, exports.file_name(built.table.name, scope, fmt))


def _own_export(export_id: int):
    export = exports.export_for(current_user, export_id)
    if export is None:
        abort(404)
    return export


@bp.get("/koordination/exporte/<int:export_id>")
@role_required(Role.COORDINATOR)
def show_export(export_id: int):
    return render_template("reports/export.html", export=_own_export(export_id),
                           ExportStatus=ExportStatus)


@bp.get("/koordination/exporte/<int:export_id>/stand")
@role_required(Role.COORDINATOR)
def export_state(export_id: int):
    export = _own_export(export_id)
    return jsonify(status=export.status, done=export.rows_done, total=export.rows_total,
                   download=url_for("reports.download_export", export_id=export.id)
                   if export.status == ExportStatus.DONE else None)


@bp.get("/koordination/exporte/<int:export_id>/datei")
@role_required(Role.COORDINATOR)
def download_export(export_id: int):
    export = _own_export(export_id)
    if export.status != ExportStatus.DONE or export.content is None:
        abort(404)
    return _attachment(export.content, export.format, export.filename)
