"""The runtime endpoint of the API adapter: start a session, commit to it.

Requests come from the adapter page on the content origin as simple CORS requests
(``text/plain`` JSON, no cookies, so the beacon can send them too); the launch token in the
body is the only credential. Only the content origin may read the answers.
"""

import json

from flask import current_app, jsonify, request

from lms.scorm import bp, runtime
from lms.scorm.wrapper import origin

MAX_BODY = 2 * 1024 * 1024


def _allowed_origin() -> str | None:
    return origin(current_app.config.get("CONTENT_BASE_URL") or "") or None


def _answer(body: dict, status: int = 200):
    response = jsonify(body)
    response.status_code = status
    origin = _allowed_origin()
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Vary"] = "Origin"
    response.headers["Cache-Control"] = "no-store"
    return response


def _body() -> dict:
    sender = request.headers.get("Origin")
    if sender and sender.lower() != (_allowed_origin() or ""):
        raise runtime.Refused(403, "Diese Anfrage kommt nicht vom Lerninhalt.")
    if (request.content_length or 0) > MAX_BODY:
        raise runtime.Refused(413, "Die Daten sind zu groß (höchstens 2 MB je Speichern).")
    raw = request.get_data(cache=False, as_text=False)[:MAX_BODY + 1]
    if len(raw) > MAX_BODY:
        raise runtime.Refused(413, "Die Daten sind zu groß (höchstens 2 MB je Speichern).")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise runtime.Refused(400, "Die Anfrage ist kein gültiges JSON.") from error
    if not isinstance(data, dict):
        raise runtime.Refused(400, "Die Anfrage ist kein JSON-Objekt.")
    return data


def _refused(error: runtime.Refused):
    body = {"error": str(error)}
    if error.code:
        body["code"] = error.code
    if error.element:
        body["element"] = error.element
    return _answer(body, error.status)


@bp.post("/laufzeit/start")
def start_session():
    """The data model table and the attempt's values for the adapter."""
    try:
        data = _body()
        return _answer(runtime.start(data.get("token")))
    except runtime.Refused as error:
        return _refused(error)


@bp.post("/laufzeit/commit")
def commit_session():
    """Values the SCO set, in order; optionally the end of the session."""
    try:
        data = _body()
        return _answer(runtime.commit(data.get("token"), data))
    except runtime.Refused as error:
        return _refused(error)
