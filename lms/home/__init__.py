"""The start page, the accessibility and privacy statements, and a health check."""

from flask import Blueprint

bp = Blueprint("home", __name__)

from lms.home import routes  # noqa: E402,F401  (routes attach themselves to bp)
