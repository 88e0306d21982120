"""Views: the organisation's assignments, assigning a module or course, taking one back."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.accounts.forms import ConfirmForm
from lms.assignments import bp, services
from lms.assignments.forms import AssignForm
from lms.core.forms import show_error
from lms.core.models import utcnow
from lms.core.permissions import Role, role_required
from lms.reports.pages import FetchedPagination, current_scope, kept_args

PER_PAGE = 50


def _back() -> str:
    return url_for("assignments.list_assignments", **kept_args(()))


@bp.route("/koordination/zuweisungen", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def list_assignments():
    scope = current_scope()
    organisation = scope.organisation
    form = AssignForm()
    if organisation is not None:
        form.fill_choices(services.subjects(), services.people(organisation))
    if organisation is not None and form.validate_on_submit():
        subject = services.subject_for(form.subject.data)
        chosen = ([person[0] for person in services.people(organisation)]
                  if form.audience.data == "all" else form.people.data or [])
        try:
            if subject is None:
                raise services.AssignmentError(_("Dieses Modul oder diesen Kurs gibt es nicht."),
                                               "subject")
            result = services.assign(acting=current_user, organisation=organisation,
                                     subject=subject, user_ids=chosen, due_on=form.due_on.data)
        except services.AssignmentError as error:
            show_error(form, error.field, error.message)
        else:
            flash(_("„%(title)s“ ist zugewiesen: %(created)s neu, %(updated)s mit neuem "
                    "Fälligkeitsdatum.", title=subject.title, created=result.created,
                    updated=result.updated), "success")
            return redirect(_back())
    today = utcnow().date()
    page_number = request.args.get("seite", 1, type=int)
    found, total = services.lines(scope, page_number, PER_PAGE)
    return render_template(
        "assignments/list.html", scope=scope, form=form, today=today,
        totals=services.totals(scope, today), withdraw_form=ConfirmForm(),
        page=FetchedPagination(found, total, page_number, PER_PAGE), args=kept_args(()),
    ), 400 if form.errors else 200


@bp.post("/koordination/zuweisungen/<int:assignment_id>/zuruecknehmen")
@role_required(Role.COORDINATOR)
def withdraw_assignment(assignment_id: int):
    scope = current_scope()
    form = ConfirmForm()
    if scope.organisation is None or not form.validate_on_submit():
        abort(400)
    if not services.withdraw(scope.organisation, assignment_id):
        abort(404)
    flash(_("Die Zuweisung ist zurückgenommen."), "success")
    return redirect(_back())
