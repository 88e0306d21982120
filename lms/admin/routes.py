"""Admin views: users, organisations and the development mail folder."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.accounts import services as accounts
from lms.accounts.ags import STATES
from lms.accounts.forms import AdminUserForm, ConfirmForm, OrganisationForm, UserSearchForm
from lms.accounts.models import Organisation, User
from lms.admin import bp, queries
from lms.core.forms import show_error
from lms.core.mail import stored_mails
from lms.core.permissions import Role, role_required
from lms.extensions import db

PER_PAGE = 25


@bp.before_request
@role_required(Role.ADMIN)
def _admins_only():
    return None


def _page() -> int:
    return request.args.get("seite", 1, type=int)


@bp.get("/")
def dashboard():
    return render_template("admin/dashboard.html")


@bp.get("/nutzer")
def users():
    form = UserSearchForm(request.args)
    search = form.q.data or ""
    page = db.paginate(queries.user_list(search), page=_page(), per_page=PER_PAGE, error_out=False)
    return render_template("admin/users.html", form=form, page=page, search=search)


@bp.route("/nutzer/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = AdminUserForm(
        obj=user,
        organisation=user.organisation_id,
        roles=[str(r) for r in user.roles if r != Role.LEARNER],
    )
    form.set_organisation_choices(accounts.organisation_choices())
    if form.validate_on_submit():
        try:
            accounts.admin_update_user(
                user,
                name=form.name.data,
                organisation_id=form.organisation_id,
                roles={Role(r) for r in form.roles.data},
                acting_user=current_user,
            )
        except accounts.AccountError as error:
            flash(error.message, "error")
        else:
            flash(_("Änderungen an %(name)s sind gespeichert.", name=user.name), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_edit.html", form=form, user=user, toggle_form=ConfirmForm())


@bp.route("/nutzer/<int:user_id>/aktiv", methods=["GET", "POST"])
def toggle_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            accounts.set_active(user, not user.active, acting_user=current_user)
        except accounts.AccountError as error:
            flash(error.message, "error")
        else:
            if user.active:
                flash(_("Das Konto von %(name)s ist wieder aktiv.", name=user.name), "success")
            else:
                flash(_("Das Konto von %(name)s ist deaktiviert.", name=user.name), "success")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    return render_template("admin/user_toggle.html", form=form, user=user)


@bp.get("/organisationen")
def organisations():
    form = UserSearchForm(request.args)
    search = form.q.data or ""
    page = db.paginate(
        queries.organisation_list(search), page=_page(), per_page=PER_PAGE, error_out=False
    )
    members = queries.member_counts([organisation.id for organisation in page.items])
    return render_template(
        "admin/organisations.html",
        form=form,
        page=page,
        search=search,
        states=STATES,
        members=members,
    )


@bp.route("/organisationen/neu", methods=["GET", "POST"], defaults={"organisation_id": None})
@bp.route("/organisationen/<int:organisation_id>", methods=["GET", "POST"])
def edit_organisation(organisation_id: int | None):
    organisation = db.get_or_404(Organisation, organisation_id) if organisation_id else None
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        try:
            saved = accounts.save_organisation(
                organisation,
                name=form.name.data,
                kind=form.kind.data,
                state_code=form.state_code.data,
                ags=form.ags.data,
                acting_user=current_user,
            )
        except accounts.AccountError as error:
            db.session.rollback()
            show_error(form, error.field, error.message)
        else:
            flash(_("Die Organisation %(name)s ist gespeichert.", name=saved.name), "success")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisation_edit.html", form=form, organisation=organisation)


@bp.get("/mails")
def mails():
    if current_app.config.get("MAIL_SMTP_HOST"):
        abort(404)
    return render_template("admin/mails.html", mails=stored_mails(),
                           mail_folder=current_app.config["MAIL_FOLDER"])
