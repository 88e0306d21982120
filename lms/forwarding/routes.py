"""Admin pages of forwarding: targets with backlog and last error, add, pause, send now."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from lms.accounts.services import organisation_choices
from lms.core import jobs
from lms.core.permissions import Role, role_required
from lms.extensions import db
from lms.forwarding import bp, services
from lms.forwarding.forms import NO_FILTER, ActionForm, TargetForm
from lms.forwarding.models import ForwardTarget


@bp.route("/admin/weiterleitung", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_list():
    form = TargetForm()
    form.set_organisation_choices(organisation_choices())
    if form.validate_on_submit():
        try:
            target = services.create_target(
                name=form.name.data, endpoint=form.endpoint.data, username=form.username.data,
                password=form.password.data, xapi_version=form.xapi_version.data,
                activity_prefix=form.activity_prefix.data,
                organisation_id=None if form.organisation.data == NO_FILTER
                else form.organisation.data)
        except services.ForwardingError as error:
            db.session.rollback()
            form.endpoint.errors = [*form.endpoint.errors, str(error).split(": ", 1)[-1]]
        else:
            flash(_("Neue Statements werden jetzt an %(name)s weitergeleitet.",
                    name=target.name), "success")
            return redirect(url_for("forwarding.admin_list"))
    targets = services.all_targets()
    return render_template("forwarding/admin_list.html", form=form, targets=targets,
                           backlogs=services.backlogs(), action=ActionForm(),
                           rejections={t.id: services.rejections(t.id) for t in targets})


@bp.route("/admin/weiterleitung/<int:target_id>/<action>", methods=["POST"])
@role_required(Role.ADMIN)
def admin_action(target_id: int, action: str):
    target = db.get_or_404(ForwardTarget, target_id)
    if action not in ("pausieren", "fortsetzen", "senden") or not ActionForm().validate():
        return redirect(url_for("forwarding.admin_list")), 303
    if action == "senden":
        name = target.name
        jobs.enqueue("forwarding.drain", target.id)
        flash(_("Die wartenden Statements für %(name)s werden gesendet.", name=name), "success")
    else:
        services.set_active(target, action == "fortsetzen")
        flash(_("%(name)s: Weiterleitung fortgesetzt.", name=target.name) if target.active
              else _("%(name)s: Weiterleitung pausiert.", name=target.name), "success")
    return redirect(request.referrer or url_for("forwarding.admin_list"))
