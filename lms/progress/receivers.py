"""Signal receivers of the progress feature: project statements as soon as they are stored."""

from flask import current_app

from lms import signals
from lms.progress.projector import Projector


def project_stored_statements(sender, statements: list[dict], **extra) -> None:
    """Update progress rows in the storing transaction (no commit here)."""
    Projector(current_app.config["BASE_URL"]).project(statements)


def connect() -> None:
    """Listen to ``statement_stored``."""
    signals.statement_stored.connect(project_stored_statements)
