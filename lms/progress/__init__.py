"""Progress: projects xAPI statements into learner x module and learner x course rows."""

from flask import Blueprint

from lms.progress import models  # noqa: F401  (register the tables)

bp = Blueprint("progress", __name__)
