"""Packages: load and validate module packages (native folders and zips; later xAPI, cmi5)."""

from flask import Blueprint

bp = Blueprint("packages", __name__)
