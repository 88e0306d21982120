"""Network administration: users, roles, organisations, development mail."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from lms.admin import routes  # noqa: E402,F401  (routes attach themselves to bp)
