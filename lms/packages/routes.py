"""Authors' views: upload a package, preview the draft, publish, unpublish, list modules."""

import io

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from lms.catalog.models import Module, ModuleVersion
from lms.core.forms import show_error
from lms.core.permissions import Role, role_required
from lms.core.security import CONTENT_SECURITY_POLICY
from lms.extensions import db
from lms.packages import bp, publishing, services
from lms.packages.archive import megabytes
from lms.packages.content_origin import launch_policy
from lms.packages.forms import ActionForm, UploadForm
from lms.packages.kinds import PACKAGE_KINDS

PER_PAGE = 25
MULTIPART_OVERHEAD = 64 * 1024
"""Room for the form's other fields and multipart headers on top of the file itself."""


@bp.url_value_preprocessor
def _limit_request_size(endpoint, values):
    """Cap the body before anything reads it; this hook runs before CSRF's ``before_request``,
    which parses the form."""
    request.max_content_length = services.max_upload_bytes() + MULTIPART_OVERHEAD


@bp.before_request
@role_required(Role.AUTHOR)
def _authors_only():
    return None


@bp.errorhandler(413)
def _too_large(error):
    form = UploadForm(formdata=None)
    show_error(form, "package", _("Die Datei ist zu groß: höchstens %(size)s sind möglich.",
                                  size=megabytes(services.max_upload_bytes())))
    return _render(form, None, 413)


def _render(form: UploadForm, report: services.UploadReport | None, status: int = 200):
    page = db.paginate(
        services.module_query(), page=request.args.get("seite", 1, type=int),
        per_page=PER_PAGE, error_out=False,
    )
    return render_template(
        "packages/modules.html", form=form, report=report, page=page,
        rows=services.module_rows(page.items), format_datetime=format_datetime,
        kinds=PACKAGE_KINDS.values(),
    ), status


@bp.route("/module", methods=["GET", "POST"])
def manage_modules():
    form = UploadForm()
    if not form.validate_on_submit():
        return _render(form, None, 422 if form.is_submitted() else 200)
    upload = form.package.data
    report = services.import_upload(upload, upload.filename, uploaded_by=current_user.id)
    if not report.stored:
        show_error(form, "package", _("Das Paket wurde nicht übernommen. Bitte beheben Sie "
                                      "die Fehler oben und laden Sie es erneut hoch."))
        return _render(form, report, 422)
    messages = {
        "created": _("„%(title)s“ ist als Entwurf gespeichert. Prüfen Sie die Vorschau und "
                     "veröffentlichen Sie dann.", title=report.title),
        "updated": _("Neue Version %(version)s von „%(title)s“ als Entwurf gespeichert. Wer das "
                     "Modul schon bearbeitet, behält seine Version.", version=report.version,
                     title=report.title),
        "unchanged": _("„%(title)s“ ist unverändert: Das Paket hat denselben Inhalt wie Version "
                       "%(version)s.", title=report.title, version=report.version),
    }
    flash(messages[report.outcome], "success")
    for name in report.ignored_manifests:
        flash(_("Das Archiv enthält auch %(ignored)s; verwendet wurde %(used)s (siehe Vorrang "
                "der Formate).", ignored=name, used=report.manifest), "info")
    return redirect(url_for("packages.show_version", slug=report.slug,
                            version_id=report.version_id))


def _version_or_404(slug: str, version_id: int) -> ModuleVersion:
    version = db.session.get(ModuleVersion, version_id)
    if version is None or version.module.slug != slug:
        abort(404)
    return version


@bp.get("/module/<slug>/version/<int:version_id>")
def show_version(slug: str, version_id: int):
    """What was found in a version, a test launch as the author, and publishing."""
    version = _version_or_404(slug, version_id)
    page = render_template(
        "packages/version.html", version=version, module=version.module,
        package=publishing.package_of(version), kind=PACKAGE_KINDS.get(version.module.kind),
        form=ActionForm(), format_datetime=format_datetime,
        languages=(getattr(current_user, "locale", "de"),),
    )
    return page, 200, {"Content-Security-Policy": launch_policy(
        CONTENT_SECURITY_POLICY, current_app.config.get("CONTENT_BASE_URL"),
        (version.content or {}).get("units", []))}


@bp.post("/module/<slug>/version/<int:version_id>/veroeffentlichen")
def publish_version(slug: str, version_id: int):
    version = _version_or_404(slug, version_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if version.published_at is not None and version.module.current_version_id == version.id:
        flash(_("Diese Version ist schon veröffentlicht."), "info")
    else:
        publishing.publish_version(version, actor=current_user)
        flash(_("Version %(version)s von „%(title)s“ ist veröffentlicht und steht im Katalog.",
                version=version.version, title=version.title), "success")
    return redirect(url_for("packages.show_version", slug=slug, version_id=version_id))


@bp.post("/module/<slug>/version/<int:version_id>/verwerfen")
def discard_version(slug: str, version_id: int):
    version = _version_or_404(slug, version_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if version.published_at is not None:
        flash(_("Veröffentlichte Versionen bleiben erhalten; Sie können das Modul zurückziehen."),
              "error")
        return redirect(url_for("packages.show_version", slug=slug, version_id=version_id))
    title = version.title
    publishing.discard_draft(version)
    flash(_("Der Entwurf „%(title)s“ wurde verworfen.", title=title), "success")
    return redirect(url_for("packages.manage_modules"))


@bp.post("/module/<slug>/sichtbarkeit")
def set_visibility(slug: str):
    """Unpublish a module (out of the catalogue) or publish it again."""
    module = db.session.scalar(db.select(Module).where(Module.slug == slug))
    if module is None or module.current_version is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    published = request.form.get("published") == "1"
    publishing.set_published(module, published, actor=current_user)
    flash(_("„%(title)s“ steht wieder im Katalog.", title=module.current_version.title)
          if published else
          _("„%(title)s“ ist zurückgezogen: Es steht nicht mehr im Katalog; wer es schon "
            "bearbeitet, behält seinen Stand.", title=module.current_version.title), "success")
    target = request.form.get("next", "")
    if not (target.startswith("/autorenbereich/") and "//" not in target):
        target = url_for("packages.manage_modules")
    return redirect(target)


@bp.get("/module/beispiel.zip")
def download_example():
    example = services.example_package(current_app.config["MODULES_PATH"])
    if example is None:
        abort(404)
    slug, data = example
    return send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                     download_name=f"{slug}.zip")
