"""The personal notebook: transfer-task answers, visible to their owner only, exportable."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from lms.catalog.models import Module, ModuleVersion
from lms.core.models import utcnow
from lms.extensions import db
from lms.player.models import NotebookEntry

MAX_TEXT = 10000


@dataclass
class NotebookItem:
    """An entry with the title of the module it belongs to."""

    entry: NotebookEntry
    module_slug: str
    module_title: str


def notebook_of(user_id: int) -> list[NotebookItem]:
    """The learner's entries, grouped by module title, newest module activity first."""
    rows = db.session.execute(
        select(NotebookEntry, Module.slug, ModuleVersion.title)
        .join(Module, Module.id == NotebookEntry.module_id)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(NotebookEntry.user_id == user_id)
        .order_by(ModuleVersion.title, NotebookEntry.created_at)
    )
    return [NotebookItem(entry, slug, title) for entry, slug, title in rows]


def entry_of(user_id: int, entry_id: int) -> NotebookEntry | None:
    """One entry, only if ``user_id`` owns it."""
    entry = db.session.get(NotebookEntry, entry_id)
    return entry if entry is not None and entry.user_id == user_id else None


def update_entry(entry: NotebookEntry, text: str) -> None:
    """Replace the entry's text (saved unchanged, it keeps its date)."""
    if text.strip() == entry.text:
        return
    entry.text = text.strip()
    entry.updated_at = utcnow()
    db.session.commit()


def export_notebook(user_id: int, fmt: str) -> str:
    """The whole notebook as Markdown (``md``) or plain text (``txt``), in the UI language."""
    items = notebook_of(user_id)
    lines: list[str] = []
    title = _("Mein Notizbuch – Lernraum")
    task = _("Aufgabe:")
    lines += [f"# {title}", ""] if fmt == "md" else [title, "=" * len(title), ""]
    current = None
    for item in items:
        if item.module_title != current:
            current = item.module_title
            lines += [f"## {current}", ""] if fmt == "md" else [current, "-" * len(current), ""]
        prompt = " ".join(item.entry.prompt.split())
        lines += (
            [f"**{task}** {prompt}", "", item.entry.text, ""]
            if fmt == "md"
            else [f"{task} {prompt}", "", item.entry.text, ""]
        )
    if not items:
        lines.append(_("Noch keine Einträge."))
    return "\n".join(lines).rstrip() + "\n"
