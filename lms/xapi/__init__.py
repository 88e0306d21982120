"""The built-in xAPI Learning Record Store (1.0.3 and 2.0.0) under ``/xapi``."""

from flask import Blueprint, Flask

from lms.xapi import models  # noqa: F401  (register the tables)

bp = Blueprint("xapi", __name__, url_prefix="/xapi")


def init_app(app: Flask) -> None:
    """Nothing yet beyond the blueprint."""
