"""Views: my certificates, the organisation's, the admin list, downloads, public verification."""

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.certificates import bp, services
from lms.certificates.forms import (
    CertificateSearchForm,
    ReissueForm,
    RenderForm,
    RevokeForm,
    VerifyForm,
)
from lms.certificates.models import Certificate
from lms.core.permissions import Role, role_required
from lms.extensions import db, limiter

PER_PAGE = 25
VERIFY_LIMIT = "30 per minute"


def home_panel_context() -> dict | None:
    """Start page: newest certificate for learners who have one, the public check for visitors."""
    if not current_user.is_authenticated:
        return {"latest": None, "count": 0}
    certificates = services.certificates_of(current_user.id)
    if not certificates:
        return None
    return {"latest": certificates[0], "count": len(certificates)}


def _page() -> int:
    return request.args.get("seite", 1, type=int)


@bp.get("/nachweise")
@login_required
def list_mine():
    certificates = services.certificates_of(current_user.id)
    return render_template("certificates/mine.html", certificates=certificates)


@bp.get("/nachweise/<int:certificate_id>/pdf")
@login_required
def download_certificate(certificate_id: int):
    certificate = db.get_or_404(Certificate, certificate_id)
    if not services.can_view(current_user, certificate):
        abort(404)
    if certificate.status != "valid" and not current_user.is_admin:
        return render_template("certificates/not_valid.html", certificate=certificate), 410
    pdf = services.pdf_for(certificate)
    if pdf is None:
        return render_template("certificates/preparing.html", certificate=certificate), 202
    response = send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                         download_name=services.download_name(certificate))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/koordination/nachweise")
@role_required(Role.COORDINATOR)
def list_organisation():
    form = CertificateSearchForm(request.args)
    search = form.q.data or ""
    page = db.paginate(services.organisation_certificates(current_user.organisation_id, search),
                       page=_page(), per_page=PER_PAGE, error_out=False)
    return render_template("certificates/organisation.html", form=form, page=page,
                           search=search, organisation=current_user.organisation)


@bp.get("/admin/nachweise")
@role_required(Role.ADMIN)
def admin_list():
    form = CertificateSearchForm(request.args)
    search, status = form.q.data or "", form.status.data or ""
    page = db.paginate(services.all_certificates(search, status), page=_page(),
                       per_page=PER_PAGE, error_out=False)
    return render_template("certificates/admin_list.html", form=form, page=page,
                           search=search, status=status)


@bp.get("/admin/nachweise/<int:certificate_id>")
@role_required(Role.ADMIN)
def admin_show(certificate_id: int):
    certificate = db.get_or_404(Certificate, certificate_id)
    return render_template("certificates/admin_show.html", certificate=certificate,
                           verify_url=services.verify_url(certificate.code), form=RenderForm())


@bp.post("/admin/nachweise/<int:certificate_id>/pdf-erstellen")
@role_required(Role.ADMIN)
def admin_render(certificate_id: int):
    certificate = db.get_or_404(Certificate, certificate_id)
    if not RenderForm().validate_on_submit():
        abort(400)
    if services.render_certificate(certificate.id):
        flash(_("Das PDF ist erstellt."), "success")
    else:
        flash(_("Das PDF konnte nicht erstellt werden; der Fehler steht unten. Lernraum versucht "
                "es später automatisch erneut."), "error")
    return redirect(url_for("certificates.admin_show", certificate_id=certificate.id))


@bp.route("/admin/nachweise/<int:certificate_id>/widerrufen", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_revoke(certificate_id: int):
    certificate = db.get_or_404(Certificate, certificate_id)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            services.revoke(certificate, form.reason.data, current_user)
        except services.CertificateError as error:
            db.session.rollback()
            form.reason.errors = [*form.reason.errors, error.message]
        else:
            flash(_("Der Nachweis %(title)s für %(name)s ist widerrufen.",
                    title=certificate.title, name=certificate.learner_name), "success")
            return redirect(url_for("certificates.admin_show", certificate_id=certificate.id))
    return render_template("certificates/admin_revoke.html", form=form, certificate=certificate)


@bp.route("/admin/nachweise/<int:certificate_id>/neu-ausstellen", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_reissue(certificate_id: int):
    certificate = db.get_or_404(Certificate, certificate_id)
    form = ReissueForm()
    if form.validate_on_submit():
        try:
            replacement = services.reissue(certificate, current_user)
        except services.CertificateError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            flash(_("Neuer Nachweis für %(name)s ausgestellt; der bisherige gilt als ersetzt.",
                    name=replacement.learner_name), "success")
            return redirect(url_for("certificates.admin_show", certificate_id=replacement.id))
    return render_template("certificates/admin_reissue.html", form=form, certificate=certificate)


@bp.get("/nachweis")
@limiter.limit(VERIFY_LIMIT)
def verify_form():
    form = VerifyForm(request.args)
    if request.args and form.validate():
        result = services.verify(form.code.data)
        if result.state != "malformed":
            return redirect(url_for("certificates.verify_code", code=result.code))
        form.code.errors = [*form.code.errors, result.message]
    return render_template("certificates/verify_form.html", form=form)


@bp.get("/nachweis/<path:code>")
@limiter.limit(VERIFY_LIMIT)
def verify_code(code: str):
    result = services.verify(code)
    form = VerifyForm(formdata=None, code=code if result.state == "malformed" else "")
    return render_template("certificates/verify_result.html", result=result, form=form)
