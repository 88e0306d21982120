"""Production refuses unsafe configuration; cookies and headers are hardened."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from flask import request

from lms import create_app
from lms.config import ConfigError


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)
    monkeypatch.delenv("LMS_SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)

    with pytest.raises(ConfigError, match="LMS_SECRET_KEY fehlt"):
        create_app()


def test_production_refuses_a_short_secret_key(monkeypatch):
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)
    monkeypatch.setenv("LMS_SECRET_KEY", "zu-kurz")

    with pytest.raises(ConfigError, match="zu kurz"):
        create_app()


def test_https_base_url_makes_cookies_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("LMS_BASE_URL", "https://lernraum.example.org")
    app = create_app(
        {"SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/c.db"}
    )

    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_pages_carry_a_strict_content_security_policy(client):
    headers = client.get("/").headers

    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "http" not in policy  # no third-party host anywhere
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_forms_reject_posts_without_csrf_token(app, client, make_user):
    user = make_user()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(
            "/anmelden", data={"email": user.email, "password": "egal-egal-egal"}
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False

    assert response.status_code == 400


def _app(tmp_path, **config):
    return create_app({"SECRET_KEY": "x" * 40,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/c.db", **config})


def test_https_base_url_sends_hsts(monkeypatch, tmp_path):
    monkeypatch.setenv("LMS_BASE_URL", "https://lernraum.example.org")

    headers = _app(tmp_path).test_client().get("/healthz").headers

    assert headers["Strict-Transport-Security"] == "max-age=31536000"


def test_plain_http_sends_no_hsts(monkeypatch, tmp_path):
    monkeypatch.setenv("LMS_BASE_URL", "http://127.0.0.1:5000")

    assert "Strict-Transport-Security" not in _app(tmp_path).test_client().get("/healthz").headers


def test_session_cookies_are_httponly_samesite_and_secure_behind_https(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("LMS_BASE_URL", "https://lernraum.example.org")
    app = _app(tmp_path, TESTING=True, WTF_CSRF_ENABLED=False)
    client = app.test_client()

    cookie = client.post("/sprache", data={"locale": "en"}).headers["Set-Cookie"]

    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_session_lifetimes_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LMS_SESSION_HOURS", "8")
    monkeypatch.setenv("LMS_REMEMBER_DAYS", "14")

    app = _app(tmp_path)

    assert app.config["LOGIN_SESSION_LIFETIME"] == timedelta(hours=8)
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=14)


def test_session_lifetimes_have_sensible_defaults_documented_in_the_readme(monkeypatch,
                                                                          tmp_path):
    monkeypatch.delenv("LMS_SESSION_HOURS", raising=False)
    monkeypatch.delenv("LMS_REMEMBER_DAYS", raising=False)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()

    app = _app(tmp_path)

    hours = app.config["LOGIN_SESSION_LIFETIME"] // timedelta(hours=1)
    days = app.config["REMEMBER_COOKIE_DURATION"].days
    assert (hours, days) == (12, 30)
    assert re.search(rf"\| `LMS_SESSION_HOURS` \|[^\n]*\| `{hours}` \|", readme)
    assert re.search(rf"\| `LMS_REMEMBER_DAYS` \|[^\n]*\| `{days}` \|", readme)


@pytest.mark.parametrize("value", ["0", "-3", "zwölf", "1.5"])
def test_a_bad_lifetime_refuses_to_start(monkeypatch, tmp_path, value):
    monkeypatch.setenv("LMS_SESSION_HOURS", value)

    with pytest.raises(ConfigError, match="LMS_SESSION_HOURS"):
        _app(tmp_path)


def test_behind_a_proxy_the_visitor_address_counts(monkeypatch, tmp_path):
    monkeypatch.setenv("LMS_PROXY_COUNT", "1")
    app = _app(tmp_path)

    @app.get("/wer-bin-ich")
    def whoami():
        return request.remote_addr

    response = app.test_client().get("/wer-bin-ich",
                                     headers={"X-Forwarded-For": "203.0.113.9"})

    assert response.get_data(as_text=True) == "203.0.113.9"
