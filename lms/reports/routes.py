"""Views: the progress overview of an organisation (figures, charts, tables), one learner's
drill-down, the CSV export of the learner x module lines."""

from flask import abort, render_template, request
from flask_login import current_user

from lms.core.models import utcnow
from lms.core.permissions import Role, role_required
from lms.privacy.access import log_access
from lms.reports import bp, export, learner, overview, services
from lms.reports.forms import ProgressFilterForm
from lms.reports.pages import current_scope

PER_PAGE = 25


def _read_filters() -> tuple[ProgressFilterForm, services.Scope, services.Filters]:
    """The filter form from the query string, the scope it may see, and the parsed filters."""
    form = ProgressFilterForm(request.args)
    organisation_id = (form.organisation.data or "") if current_user.is_admin else ""
    scope = services.scope_for(current_user,
                               int(organisation_id) if organisation_id.isdigit() else None)
    subject = form.subject.data or ""
    module_id = int(subject[1:]) if subject.startswith("m") and subject[1:].isdigit() else None
    course_id = int(subject[1:]) if subject.startswith("k") and subject[1:].isdigit() else None
    status = form.status.data if form.status.data in services.STATUS_FILTERS else ""
    sort = form.sort.data if form.sort.data in services.SORTS else services.SORTS[0]
    search = (form.q.data or "")[:100] if form.validate() else ""
    return form, scope, services.Filters(module_id, course_id, status, search, sort)


def _query_args(form: ProgressFilterForm) -> dict:
    """The current filters as URL arguments (for pagination, export and drill-down links)."""
    names = ("subject", "status", "q", "sort") + (("organisation",) if current_user.is_admin
                                                  else ())
    return {name: form[name].data for name in names if form[name].data}


@bp.get("/koordination/fortschritt", endpoint="overview")
@role_required(Role.COORDINATOR)
def overview_page():
    form, scope, filters = _read_filters()
    module_list, course_list = services.modules(), services.courses()
    form.fill_choices(services.organisations() if current_user.is_admin else [],
                      module_list, course_list)
    learners = services.learner_count(scope)
    page = services.learner_page(scope, filters, request.args.get("seite", 1, type=int),
                                 PER_PAGE)
    today = utcnow().date()
    return render_template(
        "reports/overview.html", form=form, scope=scope, filters=filters, page=page,
        learners=learners, module_figures=services.module_figures(scope, module_list),
        course_figures=services.course_figures(scope, course_list), args=_query_args(form),
        is_admin=current_user.is_admin, figures=overview.key_figures(scope, today),
        month_chart=overview.completions_by_month(scope, today),
        topic_chart=overview.completions_by_topic(scope),
        organisation_arg=_organisation_arg(scope),
    )


def _organisation_arg(scope: services.Scope) -> dict:
    """``organisation=<id>`` for admins looking at one organisation, for links between pages."""
    if current_user.is_admin and scope.organisation is not None:
        return {"organisation": scope.organisation.id}
    return {}


@bp.get("/koordination/fortschritt.csv")
@role_required(Role.COORDINATOR)
def export_csv():
    _form, scope, filters = _read_filters()
    if scope.organisation is None and not scope.everyone:
        abort(404)
    name = scope.organisation.ags or scope.organisation.id if scope.organisation else "alle"
    rows = services.export_rows(scope, filters)
    body = export.to_csv(rows)
    log_access(current_user, services.learner_ids(scope, filters), "export",
               "Lernende × Module (CSV)")
    return body, 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="lernfortschritt-{name}.csv"',
        "Cache-Control": "private, no-store",
    }


@bp.get("/koordination/fortschritt/lernende/<int:user_id>")
@role_required(Role.COORDINATOR)
def show_learner(user_id: int):
    form, _scope, _filters = _read_filters()
    scope = current_scope()
    details = learner.learner_details(scope, user_id, request.args.get("weiter") or None)
    if details is None:
        abort(404)
    log_access(current_user, [user_id], "learner_page", request.path)
    return render_template("reports/learner.html", report=details.report, details=details,
                           args=_query_args(form), organisation_arg=_organisation_arg(scope))
