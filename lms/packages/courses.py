"""Course files (``modules/courses/<kennung>.toml``): required and elective modules."""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from lms.core.toml import load_toml
from lms.packages.manifest import SLUG, VERSION, ManifestChecker
from lms.packages.problems import LoadError

KEYS = (
    "id",
    "version",
    "title",
    "summary",
    "required",
    "electives",
    "electives_needed",
    "certificate_template",
)


@dataclass
class CourseResult:
    """A parsed course definition or its problems."""

    source: str
    course: dict | None = None
    errors: list[LoadError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.course is not None and not self.errors


def parse_course(name: str, text: str) -> CourseResult:
    """Parse and check one course file."""
    result = CourseResult(source=name)
    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError as error:
        result.errors.append(LoadError(name, 0, f"Die Datei ist kein gültiges TOML: {error}"))
        return result
    checker = ManifestChecker(name, text)
    for key in ("id", "version", "title", "required"):
        if key not in data:
            checker.errors.append(LoadError(name, 0, f"Pflichtangabe „{key}“ fehlt."))
    for key in data:
        if key not in KEYS:
            checker.error(key, f"Unbekannte Angabe „{key}“ (Tippfehler?).")
    course = {
        "summary": "",
        "electives": [],
        "electives_needed": 0,
        "certificate_template": "kurs",
        **data,
    }
    if "id" in data:
        checker.text(data, "id", SLUG, "nur Kleinbuchstaben, Ziffern und Bindestrich.")
    if "version" in data:
        checker.text(data, "version", VERSION, 'Zahlen mit Punkten, z. B. "1.0.0".')
    if "title" in data:
        checker.text(data, "title")
    checker.text_list(course, "required", pattern=SLUG)
    checker.text_list(course, "electives", pattern=SLUG)
    needed = course["electives_needed"]
    electives = course["electives"] if isinstance(course["electives"], list) else []
    required = course.get("required") if isinstance(course.get("required"), list) else []
    if type(needed) is not int or not 0 <= needed <= len(electives):
        checker.error(
            "electives_needed",
            "„electives_needed“ muss eine ganze Zahl zwischen 0 und der Zahl der Wahlmodule sein.",
        )
    if set(required) & set(electives):
        checker.error("electives", "Ein Modul ist zugleich Pflicht- und Wahlmodul.")
    if len(set(required)) != len(required) or len(set(electives)) != len(electives):
        checker.error("required", "Ein Modul steht mehrfach in der Liste.")
    if not required and not electives and "required" in data:
        checker.error("required", "Der Kurs enthält kein Modul.")
    result.errors = checker.errors
    if not result.errors:
        result.course = course
    return result


def load_courses(folder: Path) -> list[CourseResult]:
    """Every ``*.toml`` course in ``folder`` (none if the folder is missing)."""
    if not folder.is_dir():
        return []
    results = []
    for path in sorted(folder.glob("*.toml")):
        name = f"courses/{path.name}"
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            results.append(
                CourseResult(
                    name, errors=[LoadError(name, 0, "Die Datei ist nicht in UTF-8 gespeichert.")]
                )
            )
            continue
        results.append(parse_course(name, text))
    return results
