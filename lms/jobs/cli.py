"""``flask --app app lms worker``: run the background jobs (``make run`` starts it)."""

import click
from flask import current_app

from lms.core import jobs


@click.command("worker")
@click.option("--threads", default=2, show_default=True, help="Gleichzeitig laufende Aufträge.")
def worker_command(threads: int) -> None:
    """Process queued and periodic jobs until stopped (Ctrl+C or SIGTERM)."""
    queue = jobs.queue(current_app._get_current_object())
    click.echo(f"Lernraum-Worker: {threads} Threads, "
               f"Warteschlange {current_app.config['QUEUE_URL']}")
    queue.create_consumer(workers=threads, worker_type="thread", periodic=True,
                          check_worker_health=True).run()
