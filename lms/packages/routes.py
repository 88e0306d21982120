"""Authors' views: upload a module package and see the modules in the catalogue."""

import io

from flask import abort, current_app, render_template, request, send_file
from flask_babel import format_datetime
from flask_babel import gettext as _

from lms.core.forms import show_error
from lms.core.permissions import Role, role_required
from lms.extensions import db
from lms.packages import bp, services
from lms.packages.forms import UploadForm

PER_PAGE = 25
MULTIPART_OVERHEAD = 64 * 1024
"""Room for the form's other fields and multipart headers on top of the file itself."""


@bp.url_value_preprocessor
def _limit_request_size(endpoint, values):
    """Cap the body before anything reads it; this hook runs before CSRF's ``before_request``,
    which parses the form."""
    request.max_content_length = services.MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD


@bp.before_request
@role_required(Role.AUTHOR)
def _authors_only():
    return None


@bp.errorhandler(413)
def _too_large(error):
    form = UploadForm(formdata=None)
    show_error(form, "package", _("Die Datei ist zu groß: höchstens 50 MB sind möglich."))
    return _render(form, None), 413


def _render(form: UploadForm, report: services.UploadReport | None):
    page = db.paginate(
        services.module_query(), page=request.args.get("seite", 1, type=int),
        per_page=PER_PAGE, error_out=False,
    )
    return render_template(
        "packages/modules.html", form=form, report=report, page=page,
        rows=services.module_rows(page.items), format_datetime=format_datetime,
    )


@bp.route("/module", methods=["GET", "POST"])
def manage_modules():
    form = UploadForm()
    report = None
    if form.validate_on_submit():
        upload = form.package.data
        report = services.import_uploaded_module(upload, upload.filename)
        if not report.stored:
            show_error(form, "package", _("Das Paket wurde nicht übernommen. Bitte beheben Sie "
                                          "die Fehler oben und laden Sie es erneut hoch."))
    return _render(form, report)


@bp.get("/module/beispiel.zip")
def download_example():
    example = services.example_package(current_app.config["MODULES_PATH"])
    if example is None:
        abort(404)
    slug, data = example
    return send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                     download_name=f"{slug}.zip")
