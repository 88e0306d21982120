"""The content origin (``LMS_CONTENT_BASE_URL``): package files as static files, nothing else.

Uploaded packages bring their authors' HTML and JavaScript. They are served from a host name
of their own, so their scripts can never read the platform's session cookie (cookies are
per host) nor call its pages as the learner. Requests for that host are answered here, in
front of the Flask app: no session, no login, no templates — a file, or 404. Nothing is
ever executed (a ``.php`` or ``.py`` file is sent as plain text).
"""

from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.utils import send_file
from werkzeug.wrappers import Request

from lms.packages.storage import file_path
from lms.scorm.wrapper import RUNTIME_PREFIX, runtime_file

FILES_PREFIX = "/p/"
MAX_AGE = 365 * 24 * 3600
"""Files of a version never change (a new version gets a new folder), so caches keep them."""
TYPES = {
    ".html": "text/html", ".htm": "text/html", ".js": "text/javascript",
    ".mjs": "text/javascript", ".css": "text/css", ".json": "application/json",
    ".xml": "application/xml", ".svg": "image/svg+xml", ".png": "image/png",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
    ".ico": "image/x-icon", ".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm",
    ".ogv": "video/ogg", ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg",
    ".wav": "audio/wav", ".vtt": "text/vtt", ".woff": "font/woff", ".woff2": "font/woff2",
    ".ttf": "font/ttf", ".otf": "font/otf", ".pdf": "application/pdf", ".txt": "text/plain",
    ".wasm": "application/wasm", ".swf": "application/x-shockwave-flash",
    ".csv": "text/csv", ".md": "text/markdown", ".zip": "application/zip",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".avif": "image/avif", ".bmp": "image/bmp", ".xsd": "application/xml",
    ".map": "application/json", ".webmanifest": "application/manifest+json",
}
SERVER_SIDE = {".php", ".phtml", ".py", ".pl", ".cgi", ".asp", ".aspx", ".jsp", ".sh", ".rb",
               ".exe", ".dll", ".bat", ".cmd"}
"""Files a server might execute: sent as plain text (they never run here)."""


def origin_of(url: str | None) -> str | None:
    """``scheme://host[:port]`` of a URL, or None."""
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else None


def _host_key(netloc: str, scheme: str) -> str:
    netloc = netloc.lower()
    default = {"http": ":80", "https": ":443"}.get(scheme, "")
    return netloc[: -len(default)] if default and netloc.endswith(default) else netloc


def content_type(path: Path) -> str:
    """The type a file is sent with (Werkzeug adds UTF-8 to text types); unknown types as
    octet-stream, so browsers never guess (the table is fixed, not the system's)."""
    suffix = path.suffix.lower()
    if suffix in SERVER_SIDE:
        return "text/plain"
    return TYPES.get(suffix, "application/octet-stream")


class ContentOrigin:
    """WSGI middleware: requests for the content host get files, all others go to the app."""

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        base = self.app.config.get("CONTENT_BASE_URL")
        if not base:
            return self.wsgi_app(environ, start_response)
        parts = urlsplit(base)
        host = _host_key(environ.get("HTTP_HOST", ""), environ.get("wsgi.url_scheme", "http"))
        if host != _host_key(parts.netloc, parts.scheme):
            return self.wsgi_app(environ, start_response)
        try:
            response = self.serve(Request(environ), parts.path.rstrip("/"))
        except HTTPException as error:
            response = error.get_response(environ)
        self._secure(response)
        return response(environ, start_response)

    def serve(self, request: Request, prefix: str):
        """One file of a stored package, with ranges, ETag and long caching."""
        if request.method not in ("GET", "HEAD"):
            raise MethodNotAllowed(valid_methods=["GET", "HEAD"])
        path = request.path
        if path.startswith(prefix + RUNTIME_PREFIX):
            return runtime_file(self.app, path[len(prefix + RUNTIME_PREFIX):], request)
        if not path.startswith(prefix + FILES_PREFIX):
            raise NotFound()
        key, _, inner = path[len(prefix + FILES_PREFIX):].partition("/")
        found = file_path(Path(self.app.config["PACKAGE_STORAGE"]), key, inner)
        if found is None:
            raise NotFound()
        response = send_file(found, request.environ, mimetype=content_type(found),
                             conditional=True, etag=True, max_age=MAX_AGE)
        response.cache_control.public = True
        response.cache_control.immutable = True
        return response

    def _secure(self, response) -> None:
        """No sniffing, no referrer (launch URLs carry credentials), framed by us only."""
        app_origin = origin_of(self.app.config.get("BASE_URL")) or "'none'"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Content-Security-Policy"] = f"frame-ancestors 'self' {app_origin}"
        response.headers.pop("Set-Cookie", None)


def serve_content_origin(app: Flask) -> None:
    """Put the content origin in front of the app (see ``LMS_CONTENT_BASE_URL``)."""
    app.wsgi_app = ContentOrigin(app, app.wsgi_app)


def content_base(files_url: str) -> str:
    """The content origin's base URL from a package's files URL."""
    return files_url.rsplit(FILES_PREFIX, 1)[0]


def files_url(base: str | None, storage_key: str | None) -> str:
    """Where the files of a stored package are served (empty for link-only packages)."""
    if not base or not storage_key:
        return ""
    return base.rstrip("/") + FILES_PREFIX + storage_key


def launch_policy(policy: str, content_base: str | None, units: list[dict]) -> str:
    """The page's Content-Security-Policy, widened so that a launch form may lead (through
    its redirect) and a frame may show the content origin and the origins of units that
    start at a full address."""
    origins = {origin_of(content_base)} | {origin_of(unit.get("url", "")) for unit in units}
    allowed = " ".join(sorted(origin for origin in origins if origin))
    if not allowed:
        return policy
    return (policy.replace("form-action 'self'", f"form-action 'self' {allowed}")
            .replace("frame-src 'self'", f"frame-src 'self' {allowed}"))
