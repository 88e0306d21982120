"""Views of the start page, the statements and the health check."""

from flask import render_template
from sqlalchemy import text

from lms.core.home import home_panels
from lms.core.topics import TOPICS
from lms.extensions import db
from lms.home import bp


@bp.get("/")
def index():
    return render_template("home/index.html", topics=TOPICS, panels=home_panels())


@bp.get("/barrierefreiheit")
def accessibility():
    return render_template("home/accessibility.html")


@bp.get("/datenschutz")
def privacy():
    return render_template("home/privacy.html")


@bp.get("/healthz")
def health():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
