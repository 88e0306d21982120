"""``module.toml``: the manifest of a native module, checked key by key."""

import re
import tomllib

from lms.core.toml import load_toml
from lms.core.topics import TOPIC_BY_SLUG
from lms.packages.problems import LoadError

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
RESOURCE = re.compile(r"^(seminar|wiki):[a-z0-9][a-z0-9-]{0,99}$")
"""A resource a module can require: a seminar recording (watched) or a wiki page (read)."""
VERSION = re.compile(r"^\d+(\.\d+){0,3}$")
TARGET_GROUPS = ("verwaltung", "politik", "ehrenamt", "fachkraefte")
LEVELS = ("einstieg", "vertiefung", "expertise")
LANGUAGES = ("de", "en")
"""The format's vocabulary (docs/module-format.md); the catalogue holds the labels."""

REQUIRED = (
    "id",
    "version",
    "title",
    "summary",
    "topics",
    "target_groups",
    "level",
    "minutes",
    "objectives",
)
DEFAULTS = {
    "language": "de",
    "authors": [],
    "prerequisites": [],
    "wiki": [],
    "seminars": [],
    "certificate_hours": 0.0,
    "certificate": False,
}
TABLE_DEFAULTS = {
    "completion": {"pages": "all", "quiz": True, "resources": []},
    "quiz": {"pass_threshold": 0.8, "max_attempts": 0, "shuffle": True},
}


def version_key(version: str) -> tuple[int, ...]:
    """``"1.10.0"`` as ``(1, 10, 0)`` so versions compare numerically."""
    parts = [int(part) for part in version.split(".")]
    return tuple(parts + [0] * (4 - len(parts)))


class ManifestChecker:
    """Validates a parsed ``module.toml`` and fills in defaults."""

    def __init__(self, file: str, text: str):
        self.file, self.lines = file, text.splitlines()
        self.errors: list[LoadError] = []

    def line_of(self, key: str) -> int:
        """The line where ``key = …`` is written (0 if it is not)."""
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        return next((n for n, line in enumerate(self.lines, 1) if pattern.match(line)), 0)

    def error(self, key: str, message: str) -> None:
        self.errors.append(LoadError(self.file, self.line_of(key), message))

    def text(self, data: dict, key: str, pattern: re.Pattern | None = None, hint: str = "") -> None:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.error(key, f"„{key}“ muss ein nicht leerer Text sein.")
        elif pattern and not pattern.match(value):
            self.error(key, f"„{key}“ ist ungültig: {hint}")

    def text_list(self, data: dict, key: str, allowed=None, pattern=None, minimum: int = 0) -> None:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(key, f'„{key}“ muss eine Liste von Texten sein, z. B. {key} = ["…"].')
            return
        if len(value) < minimum:
            self.error(key, f"„{key}“ braucht mindestens {minimum} Eintrag.")
        for item in value:
            if allowed is not None and item not in allowed:
                self.error(
                    key, f"„{item}“ ist in „{key}“ nicht erlaubt (erlaubt: {', '.join(allowed)})."
                )
            if pattern is not None and not pattern.match(item):
                self.error(key, f"„{item}“ in „{key}“ ist keine gültige Kennung.")

    def check(self, data: dict) -> dict:
        """The manifest with defaults filled in; problems land in ``errors``."""
        for key in REQUIRED:
            if key not in data:
                self.errors.append(LoadError(self.file, 0, f"Pflichtangabe „{key}“ fehlt."))
        known = set(REQUIRED) | set(DEFAULTS) | set(TABLE_DEFAULTS)
        for key in data:
            if key not in known:
                self.error(key, f"Unbekannte Angabe „{key}“ (Tippfehler?).")
        manifest = {**DEFAULTS, **data}
        for table, defaults in TABLE_DEFAULTS.items():
            given = data.get(table, {})
            if not isinstance(given, dict):
                self.error(table, f"„{table}“ muss eine Tabelle [{table}] sein.")
                given = {}
            for key in given:
                if key not in defaults:
                    self.error(key, f"Unbekannte Angabe „{key}“ in [{table}].")
            manifest[table] = {**defaults, **given}
        present = lambda key: key in data  # noqa: E731
        if present("id"):
            self.text(data, "id", SLUG, "nur Kleinbuchstaben, Ziffern und Bindestrich.")
        if present("version"):
            self.text(data, "version", VERSION, 'Zahlen mit Punkten, z. B. "1.0.0".')
        for key in ("title", "summary"):
            if present(key):
                self.text(data, key)
        if present("topics"):
            self.text_list(data, "topics", allowed=tuple(TOPIC_BY_SLUG), minimum=1)
        if present("target_groups"):
            self.text_list(data, "target_groups", allowed=TARGET_GROUPS, minimum=1)
        if present("objectives"):
            self.text_list(data, "objectives", minimum=1)
        self.text_list(manifest, "authors")
        for key in ("prerequisites", "wiki", "seminars"):
            self.text_list(manifest, key, pattern=SLUG)
        if present("level") and data["level"] not in LEVELS:
            self.error("level", f"„level“ muss einer dieser Werte sein: {', '.join(LEVELS)}.")
        if manifest["language"] not in LANGUAGES:
            self.error(
                "language", f"„language“ muss einer dieser Werte sein: {', '.join(LANGUAGES)}."
            )
        self._check_numbers(manifest)
        if isinstance(data.get("title"), str) and len(data["title"]) > 200:
            self.error("title", "Der Titel ist länger als 200 Zeichen.")
        return manifest

    def _check_numbers(self, manifest: dict) -> None:
        minutes = manifest.get("minutes")
        if "minutes" in manifest and (type(minutes) is not int or not 1 <= minutes <= 1000):
            self.error("minutes", "„minutes“ muss eine ganze Zahl zwischen 1 und 1000 sein.")
        hours = manifest["certificate_hours"]
        if type(hours) not in (int, float) or hours < 0:
            self.error("certificate_hours", "„certificate_hours“ muss eine Zahl ab 0 sein.")
        if type(manifest["certificate"]) is not bool:
            self.error("certificate", "„certificate“ muss true oder false sein.")
        completion, quiz = manifest["completion"], manifest["quiz"]
        if completion["pages"] not in ("all", "none"):
            self.error("pages", '„pages“ in [completion] muss "all" oder "none" sein.')
        if type(completion["quiz"]) is not bool:
            self.error("quiz", "„quiz“ in [completion] muss true oder false sein.")
        resources = completion["resources"]
        if not isinstance(resources, list) or not all(
                isinstance(item, str) and RESOURCE.match(item) for item in resources):
            self.error("resources", '„resources“ in [completion] ist eine Liste wie '
                       '["seminar:mobilitaet-2025-03", "wiki:buergerbus-gruenden"].')
        threshold = quiz["pass_threshold"]
        if type(threshold) not in (int, float) or not 0 < threshold <= 1:
            self.error(
                "pass_threshold", "„pass_threshold“ muss eine Zahl über 0 und höchstens 1 sein."
            )
        if type(quiz["max_attempts"]) is not int or quiz["max_attempts"] < 0:
            self.error(
                "max_attempts", "„max_attempts“ muss eine ganze Zahl ab 0 sein (0 = unbegrenzt)."
            )
        if type(quiz["shuffle"]) is not bool:
            self.error("shuffle", "„shuffle“ muss true oder false sein.")


def parse_manifest(file: str, text: str) -> tuple[dict | None, list[LoadError]]:
    """Parse and check ``module.toml``; returns the manifest (None on errors) and problems."""
    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        return None, [
            LoadError(
                file, int(line[1]) if line else 0, f"Die Datei ist kein gültiges TOML: {error}"
            )
        ]
    checker = ManifestChecker(file, text)
    manifest = checker.check(data)
    if checker.errors:
        return None, checker.errors
    manifest["certificate_hours"] = float(manifest["certificate_hours"])
    manifest["quiz"]["pass_threshold"] = float(manifest["quiz"]["pass_threshold"])
    return manifest, []
