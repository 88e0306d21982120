"""Load shipped wiki pages (``content/wiki/*.md``)."""

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from lms.accounts.models import Organisation
from lms.core.toml import load_toml
from lms.extensions import db
from lms.resources.content import (
    ContentError,
    ContentReport,
    check_common,
    key_line,
    sync_files,
    toml_error_line,
)
from lms.wiki import services
from lms.wiki.models import EDITED, KIND_LABELS, SIZE_CLASSES, WikiPage

FENCE = "+++"
PRACTICE_TEXTS = ("period", "contact_role", "results", "transferable", "image_alt")
PAGE_FIELDS = {"slug", "title", "kind", "topics", "summary", "version", "updated",
               "municipality", "state", "ags", "size_class", "image", *PRACTICE_TEXTS}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
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


def _practice(data: dict, head: str, path: Path) -> dict[str, Any]:
    """The structured Praxisbeispiel fields and the optional image of a page file."""
    for key in (*PRACTICE_TEXTS, "ags", "size_class", "image"):
        if not isinstance(data.get(key, ""), str):
            raise ContentError(f"„{key}“ muss ein Text sein.", key_line(head, key, 1))
    size = data.get("size_class", "")
    if size and size not in SIZE_CLASSES:
        raise ContentError(f"Unbekannte Größenklasse „{size}“; erlaubt: "
                           f"{', '.join(SIZE_CLASSES)}.", key_line(head, "size_class", 1))
    image = data.get("image", "")
    if image:
        folder = path.parent.resolve()
        target = (folder / image).resolve()
        if folder not in target.parents or not target.is_file() or (
                target.suffix.lower() not in IMAGE_SUFFIXES):
            raise ContentError(f"„image“: {image} ist kein Bild neben {path.name}.",
                               key_line(head, "image", 1))
        if not data.get("image_alt", "").strip():
            raise ContentError("Ein Bild braucht „image_alt“ (Alternativtext).",
                               key_line(head, "image", 1))
        image = f"{folder.name}/{target.relative_to(folder).as_posix()}"
    fields = {key: data.get(key, "").strip() for key in PRACTICE_TEXTS}
    return {**fields, "size_class": size, "image_file": image,
            "ags": data.get("ags", "").strip()}


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
    extra = _practice(data, head, path)
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
        **extra,
        "unknown_keys": sorted(set(data) - PAGE_FIELDS),
    }
    if updated is not None:
        fields["updated_at"] = services.shipped_timestamp(updated)
    return fields


def _organisation_id(ags: str) -> int | None:
    if not ags:
        return None
    return db.session.scalar(select(Organisation.id).where(Organisation.ags == ags))


def _store(fields: dict[str, Any], report: ContentReport) -> None:
    fields["organisation_id"] = _organisation_id(fields.pop("ags", ""))
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
