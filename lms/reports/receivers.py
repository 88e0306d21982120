"""Signal receivers of the reports: count learning days as statements are stored, and follow
an account to its pseudonym when it is deleted."""

from sqlalchemy import delete

from lms import signals
from lms.extensions import db
from lms.reports import activity
from lms.reports.models import ReportExport


def on_statements_stored(sender, statements: list[dict], **extra) -> None:
    """Count the new statements in the storing transaction (no commit)."""
    activity.add_days(activity.count_days(statements))


def on_account_pseudonymised(sender, *, user_id: int, old_name: str, new_name: str,
                             **extra) -> None:
    """Move the learning days to the pseudonym; drop the exports the person asked for (they
    hold other learners' data and are no longer anybody's)."""
    activity.rename_actor(old_name, new_name)
    db.session.execute(delete(ReportExport).where(ReportExport.requested_by_id == user_id))


def connect() -> None:
    """Listen to ``statement_stored`` and ``account_pseudonymised``."""
    signals.statement_stored.connect(on_statements_stored)
    signals.account_pseudonymised.connect(on_account_pseudonymised)
