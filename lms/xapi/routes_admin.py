"""Admin pages of the LRS: list, create and revoke LRS clients."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.core.permissions import Role, role_required
from lms.extensions import db
from lms.xapi import bp, services
from lms.xapi.formats import StatementError
from lms.xapi.forms import ClientForm, ConfirmForm
from lms.xapi.models import LrsClient


@bp.route("/verwaltung/zugaenge", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def list_clients():
    form = ClientForm()
    if form.validate_on_submit():
        try:
            client, secret = services.create_client(form.name.data, form.scopes.data,
                                                    form.xapi_version.data, actor=current_user)
        except StatementError as error:
            db.session.rollback()
            form.name.errors = [*form.name.errors, str(error).split(": ", 1)[-1]]
        else:
            return render_template("xapi/client_created.html", client=client, secret=secret)
    return render_template("xapi/clients.html", form=form, clients=services.list_clients())


@bp.route("/verwaltung/zugaenge/<int:client_id>/aktiv", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def toggle_client(client_id: int):
    client = db.get_or_404(LrsClient, client_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.set_client_active(client, not client.active, actor=current_user)
        if client.active:
            flash(_("Der Zugang %(name)s ist wieder aktiv.", name=client.name), "success")
        else:
            flash(_("Der Zugang %(name)s ist gesperrt.", name=client.name), "success")
        return redirect(url_for("xapi.list_clients"))
    return render_template("xapi/client_toggle.html", form=form, client=client)
