"""Assignments: coordinators ask learners of their organisation to do a module or course."""

from flask import Blueprint

bp = Blueprint("assignments", __name__)
