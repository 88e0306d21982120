"""Views: a learner's own data (page, JSON download) and account deletion; the same for
admins on request; the access log for admins."""

import json

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from lms.accounts.models import User
from lms.accounts.passwords import verify_password
from lms.core.permissions import Role, role_required
from lms.extensions import db
from lms.privacy import access, bp, deletion
from lms.privacy.forms import AdminDeleteAccountForm, DeleteOwnAccountForm
from lms.privacy.personal_data import personal_data
from lms.progress.timeline import timeline

PER_PAGE = 50


def _data_page(user: User, *, admin: bool):
    data = personal_data(user)
    return render_template("privacy/data.html", person=user, data=data, admin=admin,
                           labels=access.ACCESS_LABELS, accesses=access.accesses_to(user.id),
                           timeline=timeline(user, request.args.get("weiter") or None),
                           deleted=deletion.is_deleted(user))


def _download(user: User):
    body = json.dumps(personal_data(user), ensure_ascii=False, indent=2)
    return body, 200, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": f'attachment; filename="lernraum-daten-{user.id}.json"',
        "Cache-Control": "private, no-store",
    }


@bp.get("/konto/daten")
@login_required
def show_own_data():
    return _data_page(current_user, admin=False)


@bp.get("/konto/daten.json")
@login_required
def download_own_data():
    return _download(current_user)


@bp.route("/konto/loeschen", methods=["GET", "POST"])
@login_required
def delete_own_account():
    form = DeleteOwnAccountForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.password.data):
            form.password.errors.append(_("Das Passwort stimmt nicht."))
        else:
            try:
                deletion.delete_account(current_user, acting=current_user)
            except deletion.DeletionError as error:
                flash(error.message, "error")
            else:
                logout_user()
                return render_template("privacy/deleted.html")
    status = 400 if form.errors else 200
    return render_template("privacy/delete.html", form=form, person=current_user,
                           admin=False), status


def _person(user_id: int) -> User:
    return db.get_or_404(User, user_id)


@bp.get("/admin/nutzer/<int:user_id>/daten")
@role_required(Role.ADMIN)
def admin_show_data(user_id: int):
    user = _person(user_id)
    access.log_access(current_user, [user.id], "data_page", request.path)
    return _data_page(user, admin=True)


@bp.get("/admin/nutzer/<int:user_id>/daten.json")
@role_required(Role.ADMIN)
def admin_download_data(user_id: int):
    user = _person(user_id)
    access.log_access(current_user, [user.id], "data_download", request.path)
    return _download(user)


@bp.route("/admin/nutzer/<int:user_id>/loeschen", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_delete_account(user_id: int):
    user = _person(user_id)
    if deletion.is_deleted(user):
        abort(404)
    form = AdminDeleteAccountForm()
    if form.validate_on_submit():
        try:
            deletion.delete_account(user, acting=current_user,
                                    keep_certificate_names=form.keep_certificate_names.data)
        except deletion.DeletionError as error:
            flash(error.message, "error")
        else:
            flash(_("Das Konto ist gelöscht; seine Statements sind pseudonymisiert."), "success")
            return redirect(url_for("admin.users"))
    status = 400 if form.errors else 200
    return render_template("privacy/delete.html", form=form, person=user, admin=True), status


@bp.get("/admin/datenzugriffe")
@role_required(Role.ADMIN)
def admin_accesses():
    search = (request.args.get("q") or "")[:100]
    page = db.paginate(access.recent_accesses(search),
                       page=request.args.get("seite", 1, type=int), per_page=PER_PAGE,
                       error_out=False)
    return render_template("privacy/admin_accesses.html", page=page, search=search,
                           labels=access.ACCESS_LABELS,
                           names=access.names_of(a.subject_id for a in page.items))
