"""HTTP security headers: a strict Content-Security-Policy with no third-party sources, and
HSTS when the platform is served over https."""

from flask import Flask, Response, current_app
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src 'self'",
        "frame-ancestors 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
STRICT_TRANSPORT_SECURITY = "max-age=31536000"
"""One year. Without ``includeSubDomains``: other hosts of a municipality's domain may still
speak plain http, and the content origin decides for itself."""


def _add_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config.get("HSTS"):
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    return response


def register_security_headers(app: Flask) -> None:
    """Send the security headers with every response."""
    app.after_request(_add_headers)


def trust_proxies(app: Flask) -> None:
    """Behind ``LMS_PROXY_COUNT`` reverse proxies, take the client address and scheme from
    their ``X-Forwarded-*`` headers (login throttling counts by client address)."""
    count = app.config.get("PROXY_COUNT", 0)
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
