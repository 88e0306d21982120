"""Production refuses unsafe configuration; cookies and headers are hardened."""

import pytest

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
