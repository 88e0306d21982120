"""The HTTP side of the LRS: version header, alternate request syntax, errors, CORS."""

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Response, g, request
from werkzeug.datastructures import Headers, MultiDict

from lms.xapi.formats import StatementError, format_timestamp

VERSIONS = {"1.0.3": re.compile(r"^1\.0(\.\d+)?$"), "2.0.0": re.compile(r"^2\.0(\.\d+)?$")}
LATEST = "2.0.0"
FORM_HEADERS = ("Authorization", "X-Experience-API-Version", "Content-Type", "Content-Length",
                "If-Match", "If-None-Match")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "HEAD, GET, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Content-Length, Authorization, "
                                    "X-Experience-API-Version, If-Match, If-None-Match",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Content-Type, "
                                     "X-Experience-API-Version, "
                                     "X-Experience-API-Consistent-Through",
    "Access-Control-Max-Age": "86400",
}


ADMIN_ENDPOINTS = ("xapi.list_clients", "xapi.toggle_client")


class XapiError(Exception):
    """An error answered with ``status`` and a message naming the problem."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass
class XapiRequest:
    """One LRS request, with the alternate request syntax already unfolded."""

    method: str
    params: MultiDict
    headers: Headers
    body: bytes
    version: str = LATEST
    alternate: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")

    @property
    def media_type(self) -> str:
        return self.content_type.split(";")[0].strip().lower()

    def param(self, name: str) -> str | None:
        return self.params.get(name)


def negotiate_version(value: str | None) -> str:
    """The version we speak for a client's ``X-Experience-API-Version`` header."""
    if not value:
        raise XapiError(400, "X-Experience-API-Version: header is required")
    for version, pattern in VERSIONS.items():
        if pattern.match(value.strip()):
            return version
    raise XapiError(400, f"X-Experience-API-Version: unsupported version {value!r}")


def _unfold_alternate() -> XapiRequest:
    """Turn a 1.0.3 alternate-syntax POST (``?method=PUT``) into the request it carries."""
    method = request.args["method"].upper()
    if request.method != "POST":
        raise XapiError(400, "method: the alternate request syntax must be sent as POST")
    if set(request.args) != {"method"}:
        raise XapiError(400, "method: the alternate request syntax allows no other query "
                             "parameters")
    if method not in ("GET", "HEAD", "PUT", "POST", "DELETE"):
        raise XapiError(400, f"method: unsupported method {method!r}")
    if request.mimetype != "application/x-www-form-urlencoded":
        raise XapiError(400, "Content-Type: the alternate request syntax needs a form body")
    form = MultiDict(request.form)
    headers = Headers(request.headers)
    headers["Content-Type"] = "application/json"
    for name in FORM_HEADERS:
        if name in form:
            headers[name] = form.pop(name)
    body = form.pop("content", "").encode()
    if method in ("PUT", "POST") and not body:
        raise XapiError(400, "content: the alternate request syntax needs a content parameter")
    return XapiRequest(method=method, params=form, headers=headers, body=body, alternate=True)


def current_request(*, versioned: bool = True) -> XapiRequest:
    """The current request as an :class:`XapiRequest`, version checked."""
    if "method" in request.args:
        unfolded = _unfold_alternate()
    else:
        unfolded = XapiRequest(method=request.method, params=MultiDict(request.args),
                               headers=Headers(request.headers), body=request.get_data())
    header = unfolded.headers.get("X-Experience-API-Version")
    if versioned:
        unfolded.version = negotiate_version(header)
    else:
        try:
            unfolded.version = negotiate_version(header)
        except XapiError:
            unfolded.version = LATEST
    g.xapi_version = unfolded.version
    if unfolded.alternate and unfolded.version != "1.0.3":
        raise XapiError(400, "method: the alternate request syntax does not exist in xAPI 2.0")
    return unfolded


def json_response(value, status: int = 200, headers: dict | None = None) -> Response:
    """A JSON response with the given headers."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    response = Response(text, status=status, mimetype="application/json")
    for name, header in (headers or {}).items():
        response.headers[name] = header
    return response


def error_response(error: XapiError) -> Response:
    """The body and headers of an LRS error."""
    response = json_response({"error": True, "message": error.message}, error.status,
                             error.headers)
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="Lernraum LRS"'
    return response


def bad_request(error: StatementError) -> XapiError:
    """A 400 for an invalid statement or parameter."""
    return XapiError(400, str(error))


def finish_response(response: Response) -> Response:
    """Add the version and CORS headers every LRS response carries (not the admin pages)."""
    if request.endpoint in ADMIN_ENDPOINTS:
        return response
    response.headers["X-Experience-API-Version"] = g.get("xapi_version", LATEST)
    if request.path.endswith("/statements"):
        response.headers.setdefault("X-Experience-API-Consistent-Through",
                                    format_timestamp(datetime.now(UTC)))
    for name, value in CORS_HEADERS.items():
        response.headers.setdefault(name, value)
    # Documents and statements change with every write; a browser must never answer a
    # content package's GET from its cache (cmi5 LMS.LaunchData differs per session).
    response.headers.setdefault("Cache-Control", "no-store")
    return response
