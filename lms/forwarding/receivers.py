"""Every stored statement goes into the outbox of each matching target, in its transaction."""

from lms import signals
from lms.core.jobs import call_after_commit
from lms.forwarding import jobs, services


def on_statement_stored(sender, statements: list[dict], **extra) -> None:
    """Write outbox rows (no commit); the drains are queued once the statements commit."""
    fed = services.add_to_outbox(statements)
    if fed:
        call_after_commit(jobs.drain_soon, fed)


def connect() -> None:
    """Listen to ``statement_stored``."""
    signals.statement_stored.connect(on_statement_stored)
