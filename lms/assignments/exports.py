"""The list of assignments as CSV and XLSX, offered through the reports' exports."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.assignments.services import all_lines
from lms.core.models import utcnow
from lms.reports.exports import Built, register
from lms.reports.services import Scope
from lms.reports.tables import Column, Kind, Table

COLUMNS = [Column(_l("Name"), width=24), Column(_l("E-Mail"), width=28),
           Column(_l("Modul oder Kurs"), width=36), Column(_l("Fällig am"), Kind.DATE),
           Column(_l("Stand"))]


def assignments_table(scope: Scope, args: dict) -> Built:
    """Every assignment of the scope with whether it is done, open or overdue."""
    today = utcnow().date()
    found = all_lines(scope)
    state = {True: _("erledigt"), False: _("offen")}
    rows = [(line.name, line.email, line.subject, line.due_on,
             _("überfällig") if line.overdue(today) else state[line.done]) for line in found]
    return Built(Table("zuweisungen", _("Zuweisungen"), COLUMNS, rows), len(rows),
                 [line.user_id for line in found])


def register_table() -> None:
    """Offer the table as ``/koordination/export/zuweisungen.<csv|xlsx>``."""
    register("zuweisungen", "Zuweisungen", assignments_table)
