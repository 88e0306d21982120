"""Admin page of the background jobs: what failed, why, and a retry button."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from lms.core.permissions import Role, role_required
from lms.extensions import db
from lms.jobs import bp, services
from lms.jobs.forms import RetryForm
from lms.jobs.models import JobFailure


@bp.route("/admin/auftraege")
@role_required(Role.ADMIN)
def admin_list():
    return render_template("jobs/admin_list.html", failures=services.failures(),
                           figures=services.queue_figures(), form=RetryForm())


@bp.route("/admin/auftraege/<int:failure_id>/wiederholen", methods=["POST"])
@role_required(Role.ADMIN)
def retry(failure_id: int):
    failure = db.get_or_404(JobFailure, failure_id)
    if RetryForm().validate_on_submit():
        label = failure.label  # the run may already have succeeded and removed the row
        services.retry(failure)
        flash(_("Der Auftrag „%(label)s“ wird erneut ausgeführt.", label=_(label)), "success")
    return redirect(url_for("jobs.admin_list"))
