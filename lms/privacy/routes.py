"""Views: a learner's own data (page, JSON download), account deletion, the access log."""

from flask import render_template, request
from sqlalchemy import select  # noqa: F401

from lms.core.permissions import Role, role_required
from lms.extensions import db
from lms.privacy import access, bp

PER_PAGE = 50


@bp.get("/admin/datenzugriffe")
@role_required(Role.ADMIN)
def admin_accesses():
    search = (request.args.get("q") or "")[:100]
    page = db.paginate(access.recent_accesses(search), page=request.args.get("seite", 1, type=int),
                       per_page=PER_PAGE, error_out=False)
    return render_template("privacy/admin_accesses.html", page=page, search=search,
                           labels=access.ACCESS_LABELS)
