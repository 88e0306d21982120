"""The audit log: what admins and coordinators change, who did it and when.

Sits just above ``lms.core``: features above it call :func:`lms.audit.services.record`;
features that may import only ``core`` (the LRS) send ``lms.signals.audit_event``.
Admins read and filter the log under /admin/protokoll.
"""

from flask import Blueprint, Flask

from lms.audit import models, receivers  # noqa: F401  (register the table, the receiver)
from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item

bp = Blueprint("audit", __name__, url_prefix="/admin/protokoll")


def init_app(app: Flask) -> None:
    """Listen for ``audit_event`` and show the log in the admin menu."""
    receivers.connect()
    register_nav_item(app, NavItem(N_("Protokoll"), "audit.list_entries", order=90,
                                   endpoint_prefix="audit."), menu="admin")


from lms.audit import routes  # noqa: E402,F401  (routes attach themselves to bp)
