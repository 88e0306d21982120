"""Views for organisation membership: the person asks, a coordinator or admin decides."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.accounts import bp, membership, services
from lms.accounts.forms import ConfirmForm, MembershipForm, ProfileForm
from lms.accounts.routes import render_profile
from lms.core.permissions import Role, role_required
from lms.extensions import db


@bp.post("/konto/organisation")
@login_required
def request_membership():
    form = MembershipForm()
    form.set_organisation_choices(services.organisation_choices(),
                                  current_user.organisation_id)
    if not form.validate_on_submit():
        return render_profile(ProfileForm(obj=current_user), form, status=422)
    try:
        request = membership.request_membership(current_user, form.organisation.data)
    except membership.MembershipError as error:
        form.organisation.errors = [*form.organisation.errors, str(error)]
        return render_profile(ProfileForm(obj=current_user), form, status=422)
    flash(_("Ihre Anfrage an %(organisation)s ist gestellt. Sobald die Koordination dort sie "
            "bestätigt, gehören Sie dazu.", organisation=request.organisation.name), "success")
    return redirect(url_for("accounts.profile", _anchor="mitgliedschaft"))


@bp.post("/konto/organisation/zurueckziehen")
@login_required
def withdraw_membership_request():
    if ConfirmForm().validate_on_submit():
        membership.withdraw(current_user)
        flash(_("Ihre Anfrage ist zurückgezogen."), "success")
    return redirect(url_for("accounts.profile", _anchor="mitgliedschaft"))


@bp.post("/konto/organisation/verlassen")
@login_required
def leave_organisation():
    if ConfirmForm().validate_on_submit():
        try:
            membership.leave(current_user)
        except membership.MembershipError as error:
            flash(str(error), "error")
        else:
            flash(_("Sie gehören jetzt zu keiner Organisation mehr."), "success")
    return redirect(url_for("accounts.profile", _anchor="mitgliedschaft"))


@bp.get("/koordination/anfragen")
@role_required(Role.COORDINATOR)
def list_membership_requests():
    """Coordinators see the open requests for their organisation, admins all of them."""
    organisation = None if current_user.is_admin else current_user.organisation
    if organisation is None and not current_user.is_admin:
        abort(404)
    requests = membership.open_requests(organisation.id if organisation else None)
    return render_template("accounts/memberships.html", requests=requests,
                           organisation=organisation, form=ConfirmForm())


def _decide(request_id: int, approve: bool):
    request = db.get_or_404(membership.MembershipRequest, request_id)
    if not membership.may_decide(current_user, request):
        abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            membership.decide(request, approve=approve, acting_user=current_user)
        except membership.MembershipError as error:
            flash(str(error), "error")
        else:
            names = {"name": request.user.name, "organisation": request.organisation.name}
            flash(_("%(name)s gehört jetzt zu %(organisation)s.", **names) if approve
                  else _("Die Anfrage von %(name)s an %(organisation)s ist abgelehnt.", **names),
                  "success")
    return redirect(url_for("accounts.list_membership_requests"))


@bp.post("/koordination/anfragen/<int:request_id>/bestaetigen")
@role_required(Role.COORDINATOR)
def approve_membership(request_id: int):
    return _decide(request_id, approve=True)


@bp.post("/koordination/anfragen/<int:request_id>/ablehnen")
@role_required(Role.COORDINATOR)
def reject_membership(request_id: int):
    return _decide(request_id, approve=False)
