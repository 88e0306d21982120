"""Configuration read from ``LMS_*`` environment variables and ``instance/`` at app creation."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit


class ConfigError(RuntimeError):
    """Raised when the app would start with an unsafe or unusable configuration."""


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"LMS_{name}", default)


def _database_url(instance_path: Path) -> str:
    url = _env("DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{instance_path / 'lernraum.db'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _development_secret(instance_path: Path) -> str:
    """Return a per-checkout secret kept in ``instance/secret_key`` (development only)."""
    path = instance_path / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _whole_number(name: str, default: int, minimum: int = 1) -> int:
    """A whole number >= ``minimum`` from ``LMS_<name>``; refuses to start on anything else."""
    raw = _env(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise ConfigError(f"LMS_{name} muss eine ganze Zahl ab {minimum} sein, nicht {raw!r}.")
    return value


LOOPBACK_PAIRS = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}


def default_content_url(base_url: str) -> str | None:
    """The content origin in development: the other loopback name on the same port.

    The app on ``127.0.0.1`` serves packages on ``localhost`` (and the other way round), two
    host names a browser keeps separate cookies for. Elsewhere it must be configured.
    """
    parts = urlsplit(base_url)
    other = LOOPBACK_PAIRS.get(parts.hostname or "")
    if other is None:
        return None
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{other}{port}"


def running_from_flask_cli() -> bool:
    """True under ``flask ...`` (run, lms, db), false under gunicorn or any other WSGI server."""
    return os.environ.get("FLASK_RUN_FROM_CLI") == "true"


def build_config(instance_path: Path, secret_key: str | None = None) -> dict:
    """Collect the settings for one app instance from the environment.

    ``secret_key`` comes from a test configuration; otherwise ``LMS_SECRET_KEY`` is required
    outside the ``flask`` command line.
    """
    secret_key = secret_key or _env("SECRET_KEY") or os.environ.get("SECRET_KEY")
    if not secret_key:
        if not running_from_flask_cli():
            raise ConfigError(
                "LMS_SECRET_KEY fehlt: im Produktivbetrieb startet Lernraum nur mit einem "
                "eigenen geheimen Schlüssel (z. B. python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))')."
            )
        secret_key = _development_secret(instance_path)
    elif len(secret_key) < 32:
        raise ConfigError("LMS_SECRET_KEY ist zu kurz: mindestens 32 Zeichen.")

    base_url = (_env("BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
    https = base_url.startswith("https://")
    return {
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BASE_URL": base_url,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        "LOGIN_SESSION_LIFETIME": timedelta(hours=_whole_number("SESSION_HOURS", 12)),
        "REMEMBER_COOKIE_DURATION": timedelta(days=_whole_number("REMEMBER_DAYS", 30)),
        "HSTS": https,
        "PROXY_COUNT": _whole_number("PROXY_COUNT", 0, minimum=0),
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "WTF_CSRF_TIME_LIMIT": None,
        # The largest request at all: a package upload (LMS_MAX_UPLOAD_MB). Every other page
        # takes far less (lms/core/limits.py, the LRS in lms/xapi/limits.py).
        "MAX_CONTENT_LENGTH": _whole_number("MAX_UPLOAD_MB", 200) * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "de",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Berlin",
        "LANGUAGES": ["de", "en"],
        "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "MAIL_SMTP_HOST": _env("SMTP_HOST"),
        "MAIL_SMTP_PORT": int(_env("SMTP_PORT", "587")),
        "MAIL_SMTP_USER": _env("SMTP_USER"),
        "MAIL_SMTP_PASSWORD": _env("SMTP_PASSWORD"),
        "MAIL_SMTP_STARTTLS": _env("SMTP_STARTTLS", "1") == "1",
        "MAIL_SENDER": _env("MAIL_SENDER", "Lernraum <lernraum@localhost>"),
        "MAIL_FOLDER": _env("MAIL_FOLDER", str(instance_path / "mail")),
        "FIRST_ADMIN_EMAIL": _env("ADMIN_EMAIL", "admin@lernraum.local"),
        "MODULES_PATH": _env("MODULES_PATH", str(Path(__file__).parent.parent / "modules")),
        "CONTENT_PATH": _env("CONTENT_PATH", str(Path(__file__).parent.parent / "content")),
        "CERTIFICATES_PATH": _env(
            "CERTIFICATES_PATH", str(Path(__file__).parent.parent / "certificates")
        ),
        "PACKAGE_STORAGE": _env("PACKAGE_STORAGE", str(instance_path / "packages")),
        "QUEUE_URL": _env("QUEUE_URL", f"sqlite:///{instance_path / 'queue.db'}"),
        "MEDIA_STORAGE": _env("MEDIA_STORAGE", str(instance_path / "media")),
        "CONTENT_BASE_URL": (_env("CONTENT_BASE_URL") or default_content_url(base_url) or ""
                             ).rstrip("/") or None,
    }
