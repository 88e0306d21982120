"""Lernraum: the learning platform of the network Zukunftsraum Demografie."""

import os
from importlib import import_module
from pathlib import Path

from flask import Flask, request, session
from flask_login import current_user

from lms import cli
from lms.config import build_config
from lms.core.database import configure_engine, make_commits_durable
from lms.core.errors import register_error_handlers
from lms.core.input_checks import register_input_checks
from lms.core.jobs import init_app as init_job_queue
from lms.core.limits import register_request_limits
from lms.core.security import register_security_headers, trust_proxies
from lms.core.templating import init_templating
from lms.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent

FEATURES = (
    "lms.home",
    "lms.audit",
    "lms.accounts",
    "lms.admin",
    "lms.search",
    "lms.catalog",
    "lms.progress",
    "lms.packages",
    "lms.scorm",
    "lms.player",
    "lms.xapi",
    "lms.resources",
    "lms.seminars",
    "lms.wiki",
    "lms.certificates",
    "lms.reports",
    "lms.forwarding",
    "lms.jobs",
    "lms.assignments",
    "lms.monitoring",
    "lms.privacy",
)
"""Feature packages whose blueprint ``bp`` (if any) is registered and ``init_app`` run, in order."""

CSRF_EXEMPT_BLUEPRINTS = ("xapi",)


def _select_locale() -> str:
    if current_user and current_user.is_authenticated:
        return current_user.locale
    return session.get("locale") or "de"


def create_app(test_config: dict | None = None) -> Flask:
    """Build a configured Lernraum app; ``test_config`` overrides settings for tests."""
    test_config = test_config or {}
    app = Flask(
        __name__,
        instance_path=test_config.get("INSTANCE_PATH") or os.environ.get("LMS_INSTANCE_PATH"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(build_config(Path(app.instance_path), test_config.get("SECRET_KEY")))
    app.config.update(test_config)
    app.config.setdefault("QUEUE_IMMEDIATE", app.testing)  # tests run jobs at once, in-process

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
    make_commits_durable(db.session)

    for name in FEATURES:
        feature = import_module(name)
        if hasattr(feature, "bp"):  # a kernel such as lms.resources has no pages of its own
            app.register_blueprint(feature.bp)
            if feature.bp.name in CSRF_EXEMPT_BLUEPRINTS:
                csrf.exempt(feature.bp)
        if hasattr(feature, "init_app"):
            feature.init_app(app)

    init_job_queue(app)  # after the features: they declare jobs and periodic jobs
    init_templating(app)
    cli.register(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_request_limits(app)
    register_input_checks(app)
    trust_proxies(app)
    app.jinja_env.globals["current_path"] = lambda: request.full_path.rstrip("?")
    return app
