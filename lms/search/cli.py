"""``flask --app app lms reindex-search``: rebuild the search index from every source."""

import click

from lms.search import services


def reindex_summary() -> str:
    """Rebuild the index and say how many documents of each kind it holds."""
    counts = services.reindex_all()
    return "neu aufgebaut: " + ", ".join(f"{count} {kind}" for kind, count in counts.items())


def seed_index() -> str:
    """For ``lms init``: fill an empty index from what the database holds (after an upgrade);
    edits and syncs keep it in step from then on."""
    if services.document_count():
        return f"aktuell ({services.document_count()} Einträge)"
    counts = services.reindex_all()
    if not any(counts.values()):
        return "leer – füllt sich beim Laden der Module und Inhalte"
    return "aufgebaut: " + ", ".join(f"{count} {kind}" for kind, count in counts.items())


@click.command("reindex-search")
def reindex_command() -> None:
    """Index every module, module page, wiki page and seminar afresh."""
    click.echo("Suchindex " + reindex_summary())
