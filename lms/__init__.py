"""Lernraum: the learning platform of the network Zukunftsraum Demografie."""

from importlib import import_module
from pathlib import Path

from flask import Flask, request, session
from flask_login import current_user

from lms import cli
from lms.config import build_config
from lms.core.database import configure_engine
from lms.core.errors import register_error_handlers
from lms.core.input_checks import register_input_checks
from lms.core.security import register_security_headers
from lms.core.templating import init_templating
from lms.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent

FEATURES = (
    "lms.home",
    "lms.accounts",
    "lms.admin",
    "lms.catalog",
    "lms.progress",
    "lms.packages",
    "lms.scorm",
    "lms.player",
    "lms.xapi",
    "lms.seminars",
    "lms.wiki",
    "lms.certificates",
    "lms.reports",
)
"""Feature packages whose blueprint ``bp`` is registered, in this order."""

CSRF_EXEMPT_BLUEPRINTS = ("xapi",)


def _select_locale() -> str:
    if current_user and current_user.is_authenticated:
        return current_user.locale
    return session.get("locale") or "de"


def create_app(test_config: dict | None = None) -> Flask:
    """Build a configured Lernraum app; ``test_config`` overrides settings for tests."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    test_config = test_config or {}
    app.config.update(build_config(Path(app.instance_path), test_config.get("SECRET_KEY")))
    app.config.update(test_config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=_select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    limiter.init_app(app)
    with app.app_context():
        configure_engine(db.engine)

    for name in FEATURES:
        feature = import_module(name)
        app.register_blueprint(feature.bp)
        if feature.bp.name in CSRF_EXEMPT_BLUEPRINTS:
            csrf.exempt(feature.bp)
        if hasattr(feature, "init_app"):
            feature.init_app(app)

    init_templating(app)
    cli.register(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_input_checks(app)
    app.jinja_env.globals["current_path"] = lambda: request.full_path.rstrip("?")
    return app
