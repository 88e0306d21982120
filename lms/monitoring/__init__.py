"""Network monitoring: how the network's offer is used, for admins and the network office."""

from flask import Blueprint

bp = Blueprint("monitoring", __name__)
