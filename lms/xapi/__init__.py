"""The built-in xAPI Learning Record Store (1.0.3 and 2.0.0) under ``/xapi``."""

import re

from flask import Blueprint, Flask, request

from lms.cli import lms_cli
from lms.core.navigation import NavItem, register_nav_item
from lms.extensions import limiter
from lms.xapi import models  # noqa: F401  (register the tables)
from lms.xapi.forms import scope_names

bp = Blueprint("xapi", __name__, url_prefix="/xapi")

from lms.xapi import (  # noqa: E402,F401  (routes attach themselves to bp)
    cmi5,
    routes_admin,
    routes_cmi5,
    routes_documents,
    routes_resources,
    routes_statements,
)
from lms.xapi.cli import create_lrs_client_command  # noqa: E402


@limiter.request_filter
def _is_lrs_request() -> bool:
    """LRS clients authenticate with keys; the rate limits of the web pages do not apply."""
    return request.blueprint == bp.name


def _merged_slashes(wsgi_app):
    """``/xapi//statements`` is ``/xapi/statements``: content libraries join the endpoint
    (which ends in ``/``) and the resource with another ``/``, and a browser's CORS
    preflight may not follow the redirect Werkzeug would send."""

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/xapi/") and "//" in path:
            environ["PATH_INFO"] = re.sub("/{2,}", "/", path)
        return wsgi_app(environ, start_response)

    return app


def init_app(app: Flask) -> None:
    """Register the ``lms create-lrs-client`` command, the admin menu entry, follow stored
    statements of cmi5 sessions, and accept doubled slashes in LRS paths."""
    cmi5.connect()
    app.jinja_env.globals["scope_names"] = scope_names
    app.wsgi_app = _merged_slashes(app.wsgi_app)
    register_nav_item(app, NavItem("LRS-Zugänge", "xapi.list_clients", order=60,
                                   endpoint_prefix="xapi."), menu="admin")
    if "create-lrs-client" not in lms_cli.commands:
        lms_cli.add_command(create_lrs_client_command)
