"""Load shipped seminars (``content/seminars/*.toml``); the report types serve the wiki too."""

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from lms.core.topics import TOPIC_BY_SLUG
from lms.extensions import db
from lms.seminars import services
from lms.seminars.models import Seminar

SLUG_PATTERN = services.SLUG_PATTERN
CHAPTER_TIME = re.compile(r"^(\d{1,2}:)?\d{1,2}:\d{2}$")
SEMINAR_FIELDS = {
    "slug", "title", "held_on", "duration_minutes", "speakers", "topics", "summary",
    "recording_url", "slides_url", "version", "takeaways", "description", "chapters",
}
SEMINAR_REQUIRED = ("slug", "title", "held_on", "duration_minutes", "speakers", "topics",
                    "summary", "version")


@dataclass(frozen=True)
class ContentProblem:
    """Something wrong in one shipped file, with the line it is on (0 if unknown)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class ContentReport:
    """What one sync did: slugs per outcome, plus errors (file skipped) and warnings."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)
    replaced_edited: list[str] = field(default_factory=list)
    errors: list[ContentProblem] = field(default_factory=list)
    warnings: list[ContentProblem] = field(default_factory=list)

    def add(self, outcome: str, slug: str) -> None:
        """Record that ``slug`` ended with ``outcome`` (a list name of this report)."""
        getattr(self, outcome).append(slug)

    def merge(self, other: "ContentReport") -> "ContentReport":
        """Add the outcomes of ``other`` to this report."""
        for name in ("created", "updated", "unchanged", "kept_edited", "replaced_edited",
                     "errors", "warnings"):
            getattr(self, name).extend(getattr(other, name))
        return self

    def summary(self) -> str:
        """One German line with the counts."""
        return (
            f"{len(self.created)} neu, {len(self.updated) + len(self.replaced_edited)} "
            f"aktualisiert, {len(self.unchanged)} unverändert, {len(self.kept_edited)} im "
            f"Browser bearbeitet und beibehalten, {len(self.errors)} Fehler, "
            f"{len(self.warnings)} Hinweise"
        )

    def lines(self) -> list[str]:
        """The summary followed by every error, warning and replaced edit, one per line."""
        out = [self.summary()]
        out += [f"Fehler: {problem}" for problem in self.errors]
        out += [f"Hinweis: {problem}" for problem in self.warnings]
        out += [f"Bearbeitung beibehalten (gleiche version): {slug}" for slug in self.kept_edited]
        out += [f"Bearbeitung durch neue ausgelieferte version ersetzt (als Revision erhalten): "
                f"{slug}" for slug in self.replaced_edited]
        return out


class ContentError(ValueError):
    """A shipped file that cannot be loaded; carries the line of the problem."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


def toml_error_line(error: tomllib.TOMLDecodeError, text: str, offset: int = 0) -> int:
    """The line of a TOML syntax error in ``text``, shifted by ``offset`` lines before it."""
    found = re.search(r"at line (\d+)", str(error))
    if found:
        return int(found[1]) + offset
    return len(text.rstrip("\n").splitlines()) + offset


def key_line(text: str, key: str, offset: int = 0) -> int:
    """The line where ``key = ...`` is set in ``text`` (1-based, shifted by ``offset``)."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number + offset
    return 0


def check_common(data: dict[str, Any], stem: str, required: tuple[str, ...], text: str,
                 offset: int = 0) -> None:
    """Validate the fields wiki pages and seminars share; raise ContentError on the first fault."""
    for key in required:
        if key not in data or data[key] in ("", []):
            raise ContentError(f"Pflichtfeld „{key}“ fehlt oder ist leer.",
                               key_line(text, key, offset) or offset + 1)
    for key in ("slug", "title", "summary", "version"):
        if key in data and not isinstance(data[key], str):
            raise ContentError(f"„{key}“ muss ein Text in Anführungszeichen sein.",
                               key_line(text, key, offset))
    if not SLUG_PATTERN.match(data["slug"]):
        raise ContentError("„slug“ darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten.",
                           key_line(text, "slug", offset))
    if data["slug"] != stem:
        raise ContentError(f"„slug“ ({data['slug']}) muss dem Dateinamen ({stem}) entsprechen.",
                           key_line(text, "slug", offset))
    topics = data["topics"]
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise ContentError("„topics“ muss eine Liste von Themen sein.",
                           key_line(text, "topics", offset))
    unknown = [topic for topic in topics if topic not in TOPIC_BY_SLUG]
    if unknown:
        raise ContentError(
            f"Unbekanntes Thema {', '.join(unknown)}; erlaubt: {', '.join(TOPIC_BY_SLUG)}.",
            key_line(text, "topics", offset),
        )


def _string_list(data: dict, key: str, text: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ContentError(f"„{key}“ muss eine Liste von Texten sein.", key_line(text, key))
    return [item.strip() for item in value if item.strip()]


def _url(data: dict, key: str, text: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (value and not services.is_web_url(value)):
        raise ContentError(f"„{key}“ muss leer sein oder mit https:// oder http:// beginnen.",
                           key_line(text, key))
    return value.strip()


def _chapters(data: dict, text: str) -> list[dict[str, str]]:
    chapters = data.get("chapters", [])
    if not isinstance(chapters, list):
        raise ContentError("„chapters“ muss als [[chapters]] angegeben werden.",
                           key_line(text, "chapters"))
    result = []
    for chapter in chapters:
        if not isinstance(chapter, dict) or not chapter.get("title") or not isinstance(
            chapter.get("at"), str
        ) or not CHAPTER_TIME.match(chapter["at"]):
            line = key_line(text, "at") if not chapter.get("title") else 0
            raise ContentError(
                f"Kapitel {chapter!r} braucht at = \"MM:SS\" oder \"HH:MM:SS\" und einen title.",
                line,
            )
        result.append({"at": chapter["at"], "title": str(chapter["title"])})
    return result


def parse_seminar(path: Path) -> dict[str, Any]:
    """Read and validate one seminar file into model fields; raises ContentError."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ContentError(f"Die Datei ist nicht in UTF-8 gespeichert ({error.reason}).") from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"TOML-Syntaxfehler: {error}", toml_error_line(error, text)) from error
    check_common(data, path.stem, SEMINAR_REQUIRED, text)
    if not isinstance(data["held_on"], date) or hasattr(data["held_on"], "hour"):
        raise ContentError("„held_on“ muss ein Datum ohne Anführungszeichen sein, "
                           "z. B. 2025-03-12.",
                           key_line(text, "held_on"))
    minutes = data["duration_minutes"]
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 < minutes <= 1440:
        raise ContentError("„duration_minutes“ muss eine ganze Zahl zwischen 1 und 1440 sein.",
                           key_line(text, "duration_minutes"))
    description = data.get("description", "")
    if not isinstance(description, str):
        raise ContentError("„description“ muss ein Text sein.", key_line(text, "description"))
    return {
        "slug": data["slug"],
        "title": data["title"].strip(),
        "held_on": data["held_on"],
        "duration_minutes": minutes,
        "speakers": _string_list(data, "speakers", text),
        "topics": list(dict.fromkeys(data["topics"])),
        "summary": data["summary"].strip(),
        "description": description.strip(),
        "takeaways": _string_list(data, "takeaways", text),
        "chapters": _chapters(data, text),
        "recording_url": _url(data, "recording_url", text),
        "slides_url": _url(data, "slides_url", text),
        "version": data["version"],
        "unknown_keys": sorted(set(data) - SEMINAR_FIELDS),
    }


def _store(fields: dict[str, Any], report: ContentReport) -> None:
    seminar = db.session.scalar(select(Seminar).where(Seminar.slug == fields["slug"]))
    if seminar is None:
        db.session.add(services.apply_shipped(Seminar(), fields))
        report.add("created", fields["slug"])
    elif seminar.source == services.EDITED:
        if seminar.version == fields["version"]:
            report.add("kept_edited", fields["slug"])
        else:
            services.keep_snapshot(seminar, note="Im Browser bearbeitete Fassung vor dem Ersetzen "
                                   f"durch die ausgelieferte Version {fields['version']}")
            services.apply_shipped(seminar, fields)
            report.add("replaced_edited", fields["slug"])
    elif services.differs(seminar, fields):
        services.apply_shipped(seminar, fields)
        report.add("updated", fields["slug"])
    else:
        report.add("unchanged", fields["slug"])


def sync_seminars(directory: Path) -> ContentReport:
    """Load every ``*.toml`` in ``directory``; broken files are reported and skipped."""
    report = ContentReport()
    for path in sorted(Path(directory).glob("*.toml")):
        try:
            fields = parse_seminar(path)
        except ContentError as error:
            report.errors.append(ContentProblem(str(path), error.line, error.message))
            continue
        for key in fields.pop("unknown_keys"):
            report.warnings.append(ContentProblem(
                str(path), key_line(path.read_text(encoding="utf-8"), key),
                f"Unbekanntes Feld „{key}“ wird ignoriert."))
        _store(fields, report)
    db.session.flush()
    return report
