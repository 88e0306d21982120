"""Online-Seminare: the archive of the network's seminars with summaries and recordings."""

from flask import Blueprint, Flask
from flask_babel import gettext

from lms.cli import lms_cli
from lms.core.i18n import N_
from lms.core.jobs import register_periodic_job
from lms.core.navigation import NavItem, register_nav_item
from lms.resources.registry import ResourceKind, register_kind
from lms.search.services import register_source
from lms.seminars.models import FORMAT_LABELS

bp = Blueprint("seminars", __name__, url_prefix="/seminare")


def init_app(app: Flask) -> None:
    """Show the archive in the main menu and register seminars as a kind of resource."""
    register_nav_item(app, NavItem(N_("Seminare"), "seminars.list_seminars", order=40,
                                   endpoint_prefix="seminars."))
    register_kind(app, ResourceKind(
        link="seminar", folder="seminars", endpoint="seminars.show_seminar",
        sync=loader.sync_seminars, titles=services.seminar_titles,
        on_topics=services.seminars_on_topics, order=10,
    ))
    register_source(app, "seminar", services.reindex_seminars)
    if "send-seminar-reminders" not in lms_cli.commands:
        lms_cli.add_command(cli.send_reminders_command)
    register_periodic_job(app, "seminars.remind", mails.send_reminders,
                          label=N_("Erinnerungen an morgige Seminare versenden"),
                          minute="0", hour="6")
    app.jinja_env.globals["seminar_format_label"] = lambda key: gettext(FORMAT_LABELS.get(key,
                                                                                          key))


from lms.seminars import (  # noqa: E402,F401  (routes attach themselves to bp)
    cli,
    loader,
    mails,
    routes,
    routes_events,
    routes_media,
    services,
)
