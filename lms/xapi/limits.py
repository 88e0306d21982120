"""Size limits of the LRS, answered with 413 and the xAPI error body (README: "Grenzen").

The body limit is set per endpoint before anything reads the body (Werkzeug then refuses
a longer body, also one sent without ``Content-Length``); the statement and batch limits
are checked after parsing, before validation.
"""

from flask import request
from werkzeug.exceptions import RequestEntityTooLarge

from lms.xapi import bp, jsontext
from lms.xapi.http import XapiError, error_response

MIB = 1024 * 1024
STATEMENTS_BODY_BYTES = 16 * MIB
"""A request to /xapi/statements, attachments included."""
DOCUMENT_BODY_BYTES = 1 * MIB
"""A state, activity profile or agent profile document."""
OTHER_BODY_BYTES = 64 * 1024
"""Any other LRS request (they carry no body worth the name)."""
MAX_STATEMENT_BYTES = 1 * MIB
"""One statement as JSON text, without its attachments."""
MAX_BATCH = 1000
"""Statements in one POST."""

BODY_LIMITS = {
    "xapi.statements": STATEMENTS_BODY_BYTES,
    "xapi.state": DOCUMENT_BODY_BYTES,
    "xapi.activity_profile": DOCUMENT_BODY_BYTES,
    "xapi.agent_profile": DOCUMENT_BODY_BYTES,
}
ADMIN_PAGES = ("xapi.list_clients", "xapi.toggle_client")
"""The LRS admin pages are forms like any other and keep the app's form limits."""


@bp.url_value_preprocessor
def _limit_body(endpoint, values):
    """Cap the body of an LRS request by endpoint (the alternate syntax sends it as a form)."""
    if endpoint in ADMIN_PAGES:
        return
    limit = BODY_LIMITS.get(endpoint, OTHER_BODY_BYTES)
    request.max_content_length = limit
    request.max_form_memory_size = limit


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error):
    if request.endpoint in ADMIN_PAGES:
        return error
    limit = BODY_LIMITS.get(request.endpoint, OTHER_BODY_BYTES)
    return error_response(XapiError(413, f"body: larger than the {limit // 1024} KiB this "
                                         "resource accepts"))


def check_batch(batch: list, body_length: int) -> None:
    """Raise a 413 for a batch with too many statements or one statement too large."""
    if len(batch) > MAX_BATCH:
        raise XapiError(413, f"statements: {len(batch)} statements in one request; at most "
                             f"{MAX_BATCH} are accepted")
    if body_length <= MAX_STATEMENT_BYTES:
        return  # no statement can be larger than the whole body
    for index, statement in enumerate(batch):
        size = len(jsontext.dumps(statement).encode())
        if size > MAX_STATEMENT_BYTES:
            where = "statement" if len(batch) == 1 else f"statements[{index}]"
            raise XapiError(413, f"{where}: {size // 1024} KiB as JSON; at most "
                                 f"{MAX_STATEMENT_BYTES // 1024} KiB are accepted")
