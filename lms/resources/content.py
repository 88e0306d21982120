"""Shipped content files (wiki pages, seminars): the report of a sync, errors with file and
line, and the checks every such file shares."""

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lms.core.topics import TOPIC_BY_SLUG

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RESERVED_SLUGS = {"neu", "geloescht", "aenderungen", "feed", "vorschlaege"}
"""Slugs that would collide with the wiki's and the archive's own addresses."""


def is_web_url(value: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


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


def sync_files(
    directory: Path,
    pattern: str,
    parse: Callable[[Path], dict[str, Any]],
    store: Callable[[dict[str, Any], "ContentReport"], None],
) -> "ContentReport":
    """Parse and store every file matching ``pattern``; broken files are reported and skipped."""
    report = ContentReport()
    for path in sorted(Path(directory).glob(pattern)):
        try:
            fields = parse(path)
        except ContentError as error:
            report.errors.append(ContentProblem(str(path), error.line, error.message))
            continue
        for key in fields.pop("unknown_keys"):
            report.warnings.append(ContentProblem(
                str(path), key_line(path.read_text(encoding="utf-8"), key),
                f"Unbekanntes Feld „{key}“ wird ignoriert."))
        store(fields, report)
    return report
