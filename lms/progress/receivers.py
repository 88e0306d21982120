"""Signal receivers of the progress feature: project statements as soon as they are stored."""

from flask import current_app

from lms import signals
from lms.progress.projector import Projector
from lms.progress.services import learners_of_voided, rebuild_progress


def project_stored_statements(sender, statements: list[dict], **extra) -> None:
    """Update progress rows in the storing transaction (no commit here).

    A voided statement no longer counts: its learner's rows are recomputed without it, so
    the live rows always equal a rebuild.
    """
    Projector(current_app.config["BASE_URL"]).project(statements)
    for user in learners_of_voided(statements):
        rebuild_progress(user, commit=False)


def connect() -> None:
    """Listen to ``statement_stored``."""
    signals.statement_stored.connect(project_stored_statements)
