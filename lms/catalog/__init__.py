"""Catalogue: modules, courses, topics, search, and the personal learning plan."""

from flask import Blueprint

from lms.catalog import models  # noqa: F401  (register the tables)

bp = Blueprint("catalog", __name__)
