"""The request body limit of every page, before any feature asks for more.

Form pages take at most :data:`FORM_BODY_BYTES`; features that need more (package uploads,
the LRS) raise it for their own endpoints in a blueprint ``url_value_preprocessor``, which
Flask runs after this app-wide one. Werkzeug answers a longer body with 413 before the
view reads it. The README's table "Grenzen" lists every limit.
"""

from flask import Blueprint, Flask, current_app, request

FORM_BODY_BYTES = 1024 * 1024
"""Any request to a page of the app (forms, buttons): 1 MiB."""
FORM_FIELDS_BYTES = 500_000
"""All text fields of one form together (Flask's ``MAX_FORM_MEMORY_SIZE``)."""
FORM_PARTS = 1000
"""Fields and files in one form (Flask's ``MAX_FORM_PARTS``)."""


def _limit_body(endpoint, values) -> None:
    request.max_content_length = min(FORM_BODY_BYTES, request.max_content_length or
                                     FORM_BODY_BYTES)


def register_request_limits(app: Flask) -> None:
    """Cap every request body at the form limit unless a feature raises it."""
    app.config.setdefault("MAX_FORM_MEMORY_SIZE", FORM_FIELDS_BYTES)
    app.config.setdefault("MAX_FORM_PARTS", FORM_PARTS)
    app.url_value_preprocessor(_limit_body)


def allow_uploads(bp: Blueprint, *endpoints: str) -> None:
    """Let these views of ``bp`` take a file up to ``LMS_MAX_UPLOAD_MB`` (recordings, slides,
    images); the blueprint's hook runs after the app-wide cap and raises it again."""
    names = {f"{bp.name}.{endpoint}" for endpoint in endpoints}

    @bp.url_value_preprocessor
    def _allow_upload(endpoint, values) -> None:
        if endpoint in names:
            request.max_content_length = current_app.config["MAX_CONTENT_LENGTH"]
