"""The API adapter page the content origin serves next to the package files.

The SCO must find the API in a window of its own origin, so the adapter is a page of the
content origin (``/laufzeit/scorm.html``) that frames the SCO. It is the platform's own
code, not the author's: the page and its scripts come from ``lms/static/scorm/``, with the
platform's address written in (where the runtime endpoint is, whom to tell about
navigation). The runtime token travels in the URL fragment, which no server sees.
"""

from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.utils import send_file
from werkzeug.wrappers import Request, Response

RUNTIME_PREFIX = "/laufzeit/"
FILES = {"scorm.html": "text/html", "api.js": "text/javascript", "cmi.js": "text/javascript",
         "adapter.css": "text/css"}
STATIC = Path(__file__).resolve().parents[1] / "static" / "scorm"
MAX_AGE = 300
"""The adapter changes with the platform, so caches keep it for minutes, not a year."""


def adapter_url(content_base: str, token: str) -> str:
    """Where the player's frame opens a SCO: the adapter page with the token in the fragment."""
    return f"{content_base.rstrip('/')}{RUNTIME_PREFIX}scorm.html#t={token}"


def runtime_file(app: Flask, name: str, request: Request) -> Response:
    """One file of the adapter; the page gets the platform's addresses written in."""
    if name not in FILES:
        raise NotFound()
    path = STATIC / ("adapter.html" if name == "scorm.html" else name)
    if name != "scorm.html":
        response = send_file(path, request.environ, mimetype=FILES[name], conditional=True,
                             etag=True, max_age=MAX_AGE)
        return response
    base = app.config["BASE_URL"].rstrip("/")
    page = path.read_text(encoding="utf-8").replace(
        "{{ runtime }}", escape(base + "/scorm/laufzeit")).replace(
        "{{ platform }}", escape(origin(base)))
    response = Response(page, mimetype="text/html")
    response.cache_control.max_age = MAX_AGE
    response.cache_control.public = True
    return response


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL (lower case), or "" when it has none."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""
