"""Network monitoring: how the network's offer is used, for admins and the network office
(role ``network``); groups of fewer than five people appear only merged."""

from flask import Blueprint, Flask

from lms.core.i18n import N_
from lms.core.navigation import NavItem, register_nav_item
from lms.core.permissions import Role

bp = Blueprint("monitoring", __name__)


def init_app(app: Flask) -> None:
    """The menu entry for the network office and admins."""
    register_nav_item(app, NavItem(N_("Monitoring"), "monitoring.show_monitoring", order=75,
                                   endpoint_prefix="monitoring.", roles=(Role.NETWORK,)))


from lms.monitoring import routes  # noqa: E402,F401  (routes attach themselves to bp)
