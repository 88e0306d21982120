"""The cmi5 fetch URL (section 8.2): a launched AU trades its one-time code for its token."""

from flask import Response

from lms.xapi import bp, launches
from lms.xapi.http import json_response


@bp.route("/cmi5/fetch/<token>", methods=["POST"])
def cmi5_fetch(token: str) -> Response:
    """``{"auth-token": …}`` the first time; afterwards the cmi5 error object (always 200)."""
    body, _ = launches.fetch_auth_token(token[:100])
    response = json_response(body)
    response.headers["Cache-Control"] = "no-store"
    return response
