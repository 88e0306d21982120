"""The audit log for admins: newest first, filtered, paginated."""

from flask import render_template, request

from lms.audit import bp, display, services
from lms.audit.forms import AuditFilterForm
from lms.core.permissions import Role, role_required
from lms.extensions import db

PER_PAGE = 50


@bp.get("/")
@role_required(Role.ADMIN)
def list_entries():
    form = AuditFilterForm(request.args)
    form.set_action_choices(services.known_actions())
    filters = form.filters() if form.validate() else {}
    page = db.paginate(services.entries(**filters), page=request.args.get("seite", 1, type=int),
                       per_page=PER_PAGE, error_out=False)
    return render_template("audit/list.html", form=form, page=page,
                           arguments=form.arguments() if filters else {},
                           describe=display.describe, action_label=services.action_label)
