"""Load shipped wiki pages (``content/wiki/*.md``) and, with the seminars, all of ``content/``."""

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from lms.catalog.models import Module
from lms.core.content import (
    ContentError,
    ContentProblem,
    ContentReport,
    check_common,
    key_line,
    load_toml,
    sync_files,
    toml_error_line,
)
from lms.extensions import db
from lms.seminars.loader import sync_seminars
from lms.seminars.markup import internal_links
from lms.seminars.models import Seminar
from lms.wiki import services
from lms.wiki.models import EDITED, KIND_LABELS, WikiPage

FENCE = "+++"
PAGE_FIELDS = {"slug", "title", "kind", "topics", "summary", "version", "updated",
               "municipality", "state"}
PAGE_REQUIRED = ("slug", "title", "kind", "topics", "summary", "version")


def split_front_matter(text: str) -> tuple[str, str]:
    """``(toml, markdown)`` of a page; the TOML head sits between two ``+++`` lines."""
    lines = text.removeprefix("\ufeff").splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise ContentError("Die Datei muss mit einer Zeile +++ beginnen (Kopf in TOML).", 1)
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == FENCE:
            return "\n".join(lines[1:number]) + "\n", "\n".join(lines[number + 1:])
    raise ContentError("Der Kopf ist nicht mit einer Zeile +++ abgeschlossen.", 1)


def parse_page(path: Path) -> dict[str, Any]:
    """Read and validate one wiki file into model fields; raises ContentError."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ContentError(f"Die Datei ist nicht in UTF-8 gespeichert ({error.reason}).") from error
    head, body = split_front_matter(text)
    try:
        data = load_toml(head)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"TOML-Syntaxfehler im Kopf: {error}",
                           toml_error_line(error, head, offset=1)) from error
    check_common(data, path.stem, PAGE_REQUIRED, head, offset=1)
    if data["kind"] not in KIND_LABELS:
        raise ContentError(f"Unbekannte Art „{data['kind']}“; erlaubt: {', '.join(KIND_LABELS)}.",
                           key_line(head, "kind", 1))
    for key in ("municipality", "state"):
        if data["kind"] == "praxisbeispiel" and not str(data.get(key, "")).strip():
            raise ContentError(f"Ein Praxisbeispiel braucht „{key}“.", 1)
        if not isinstance(data.get(key, ""), str):
            raise ContentError(f"„{key}“ muss ein Text sein.", key_line(head, key, 1))
    updated = data.get("updated")
    if updated is not None and (not isinstance(updated, date) or hasattr(updated, "hour")):
        raise ContentError("„updated“ muss ein Datum ohne Anführungszeichen sein, "
                           "z. B. 2025-09-15.",
                           key_line(head, "updated", 1))
    if not body.strip():
        raise ContentError("Die Seite hat keinen Text unter dem Kopf.", text.count("\n") + 1)
    fields = {
        "slug": data["slug"],
        "title": data["title"].strip(),
        "kind": data["kind"],
        "topics": list(dict.fromkeys(data["topics"])),
        "summary": data["summary"].strip(),
        "body": body.strip() + "\n",
        "municipality": data.get("municipality", "").strip(),
        "state": data.get("state", "").strip(),
        "version": data["version"],
        "unknown_keys": sorted(set(data) - PAGE_FIELDS),
    }
    if updated is not None:
        fields["updated_at"] = services.shipped_timestamp(updated)
    return fields


def _store(fields: dict[str, Any], report: ContentReport) -> None:
    page = db.session.scalar(select(WikiPage).where(WikiPage.slug == fields["slug"]))
    version = fields["version"]
    if page is None:
        page = WikiPage()
        db.session.add(page)
        services.apply_shipped(page, fields, note=f"Ausgeliefert (Version {version})")
        report.add("created", fields["slug"])
    elif page.source == EDITED:
        if page.version == version:
            report.add("kept_edited", fields["slug"])
        else:
            services.apply_shipped(page, fields, note=f"Ausgelieferte Version {version} ersetzt "
                                   "die Bearbeitung im Browser (sie bleibt als Revision erhalten)")
            report.add("replaced_edited", fields["slug"])
    elif services.differs(page, fields):
        services.apply_shipped(page, fields, note=f"Ausgelieferte Fassung aktualisiert "
                               f"(Version {version})")
        report.add("updated", fields["slug"])
    else:
        report.add("unchanged", fields["slug"])


def sync_wiki(directory: Path) -> ContentReport:
    """Load every ``*.md`` in ``directory``; broken files are reported and skipped."""
    report = sync_files(directory, "*.md", parse_page, _store)
    db.session.flush()
    return report


def _link_targets() -> dict[str, set[str]]:
    pages = db.session.scalars(select(WikiPage.slug).where(WikiPage.deleted_at.is_(None)))
    seminars = db.session.scalars(select(Seminar.slug).where(Seminar.deleted_at.is_(None)))
    return {"wiki": set(pages), "seminar": set(seminars),
            "modul": set(db.session.scalars(select(Module.slug)))}


def check_links(content_path: Path, report: ContentReport) -> None:
    """Warn about ``wiki:``/``seminar:``/``modul:`` links whose target is not loaded.

    Module links are only checked once the catalogue holds modules.
    """
    targets = _link_targets()
    files = [*sorted((content_path / "wiki").glob("*.md")),
             *sorted((content_path / "seminars").glob("*.toml"))]
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for kind, slug in internal_links(text):
            if kind == "modul" and not targets["modul"]:
                continue
            if slug not in targets[kind]:
                line = next((n for n, line in enumerate(text.splitlines(), start=1)
                             if f"({kind}:{slug})" in line), 0)
                report.warnings.append(ContentProblem(
                    str(path), line, f"Link auf {kind}:{slug} führt ins Leere."))


def sync_content(content_path: str | Path) -> ContentReport:
    """Load ``<content_path>/wiki`` and ``<content_path>/seminars`` and commit; idempotent."""
    content_path = Path(content_path)
    if not content_path.is_dir():
        report = ContentReport()
        report.errors.append(ContentProblem(str(content_path), 0, "Verzeichnis nicht gefunden."))
        return report
    report = sync_seminars(content_path / "seminars")
    report.merge(sync_wiki(content_path / "wiki"))
    check_links(content_path, report)
    db.session.commit()
    return report
