"""Progress: projects xAPI statements into learner x module and learner x course rows."""

from flask import Blueprint, Flask

from lms.progress import cli, jobs, models, receivers  # noqa: F401  (tables, jobs)

bp = Blueprint("progress", __name__)


def init_app(app: Flask) -> None:
    """Project stored statements into progress rows; offer ``lms rebuild-progress``."""
    receivers.connect()
    cli.register_commands(app)
