"""Views: the learners x modules matrix and the per-module funnels."""

from flask import abort, render_template, request
from flask_login import current_user

from lms.core.models import utcnow
from lms.core.permissions import Role, role_required
from lms.core.topics import TOPICS
from lms.reports import arguments, bp, funnel, matrix, services
from lms.reports.display import status_labels
from lms.reports.forms import MatrixFilterForm
from lms.reports.pages import FetchedPagination, current_scope, kept_args

PER_PAGE = 25


@bp.get("/koordination/matrix")
@role_required(Role.COORDINATOR)
def show_matrix():
    scope = current_scope()
    form = MatrixFilterForm(request.args)
    form.validate()
    module_list, course_list = services.modules(), services.courses()
    form.fill_choices(services.organisations() if current_user.is_admin else [],
                      module_list, course_list, TOPICS)
    filters = arguments.matrix_filters(request.args)
    result = matrix.matrix_page(scope, filters, request.args.get("seite", 1, type=int),
                                PER_PAGE)
    page = FetchedPagination(result.rows, result.total, result.page, PER_PAGE)
    return render_template("reports/matrix.html", form=form, scope=scope, result=result,
                           page=page, args=kept_args(arguments.MATRIX_ARGS),
                           today=utcnow().date(), is_admin=current_user.is_admin,
                           status_labels=status_labels())


@bp.get("/koordination/module")
@role_required(Role.COORDINATOR)
def list_funnels():
    scope = current_scope()
    return render_template("reports/funnels.html", scope=scope,
                           funnels=funnel.funnels(scope, services.modules()),
                           args=kept_args(()), is_admin=current_user.is_admin)


@bp.get("/koordination/module/<int:module_id>")
@role_required(Role.COORDINATOR)
def show_funnel(module_id: int):
    scope = current_scope()
    found = [(m, title) for m, title in services.modules() if m == module_id]
    if not found:
        abort(404)
    [result] = funnel.funnels(scope, found)
    return render_template("reports/funnel.html", scope=scope, funnel=result,
                           args=kept_args(()), is_admin=current_user.is_admin)
