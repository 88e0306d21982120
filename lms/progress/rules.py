"""Completion rules: when a module version or a course counts as done, and what is missing."""

from lms.catalog.models import Course, ModuleVersion
from lms.progress.models import Status

DONE = (Status.COMPLETED, Status.PASSED)


MOVE_ON_RULES = {
    "NotApplicable": lambda completed, passed: True,
    "Completed": lambda completed, passed: completed,
    "Passed": lambda completed, passed: passed,
    "CompletedAndPassed": lambda completed, passed: completed and passed,
    "CompletedOrPassed": lambda completed, passed: completed or passed,
}
"""cmi5 moveOn (section 13.1.4): when a unit counts as satisfied."""


def unit_satisfied(move_on: str, completed: bool = False, passed: bool = False,
                   waived: bool = False, **_ignored) -> bool:
    """Whether a package unit is satisfied: its moveOn rule is met, or it was waived."""
    return waived or MOVE_ON_RULES.get(move_on, MOVE_ON_RULES["CompletedOrPassed"])(
        completed, passed)


def is_package(version: ModuleVersion) -> bool:
    """Whether the version is an uploaded package (units) rather than a native module (pages)."""
    return "units" in (version.content or {})


def satisfied_positions(version: ModuleVersion, units: dict) -> list[int]:
    """Positions of the package units that are satisfied, given the learner's unit states."""
    return [unit["position"] for unit in (version.content or {}).get("units", [])
            if unit_satisfied(unit["move_on"], **(units or {}).get(unit["key"], {}))]


def page_positions(version: ModuleVersion) -> list[int]:
    """Positions of the version's pages (1-based); for packages, of its units."""
    content = version.content or {}
    items = content.get("units", []) if is_package(version) else content.get("pages", [])
    return [item["position"] for item in items]


def quiz_required(version: ModuleVersion) -> bool:
    """Whether the version's completion rule asks for a passed final test."""
    if is_package(version):
        return False
    completion = (version.manifest or {}).get("completion", {})
    return bool(completion.get("quiz")) and bool((version.content or {}).get("quiz"))


def missing_pages(version: ModuleVersion, pages_seen: list[int]) -> list[int]:
    """Pages (for packages: units) the rule still asks for."""
    if (version.manifest or {}).get("completion", {}).get("pages", "all") != "all":
        return []
    seen = set(pages_seen or [])
    return [position for position in page_positions(version) if position not in seen]


def required_resources(version: ModuleVersion) -> list[str]:
    """Resources the rule asks for: ``seminar:<slug>`` watched, ``wiki:<slug>`` read."""
    return list((version.manifest or {}).get("completion", {}).get("resources") or [])


def missing_resources(version: ModuleVersion, resources_done) -> list[str]:
    """Required resources not yet done (from within the module)."""
    done = set(resources_done or [])
    return [resource for resource in required_resources(version) if resource not in done]


def module_rule_met(version: ModuleVersion, pages_seen: list[int], quiz_passed: bool,
                    resources_done=()) -> bool:
    """All required pages seen, required resources done and, if required, the test passed."""
    return (not missing_pages(version, pages_seen) and not missing_resources(
        version, resources_done) and (quiz_passed or not quiz_required(version)))


def module_missing(version: ModuleVersion, pages_seen: list[int], quiz_passed: bool,
                   resources_done=()) -> list[str]:
    """What is still missing for completion, as German sentences."""
    missing = []
    pages = missing_pages(version, pages_seen)
    if pages and is_package(version):
        titles = {unit["position"]: unit for unit in version.content["units"]}
        for position in pages:
            missing.append(f"„{unit_title(titles[position])}“ abschließen")
    elif pages:
        numbers = ", ".join(str(p) for p in pages)
        missing.append(
            f"Seite {numbers} ansehen" if len(pages) == 1 else f"Seiten {numbers} ansehen"
        )
    for resource in missing_resources(version, resources_done):
        kind, _, slug = resource.partition(":")
        missing.append(f"Aufzeichnung des Seminars {slug} bis zum Ende ansehen"
                       if kind == "seminar" else f"Wiki-Seite {slug} lesen")
    if quiz_required(version) and not quiz_passed:
        missing.append("Abschlusstest bestehen")
    return missing


def unit_title(unit: dict, languages: tuple[str, ...] = ("de",)) -> str:
    """A unit's title in the first language it has of ``languages`` (German, English …)."""
    from_texts = unit.get("titles") or {}
    for wanted in [*languages, "de", "en", ""]:
        for tag, text in from_texts.items():
            if tag.lower().split("-")[0] == wanted and text:
                return text
    return next(iter(from_texts.values()), "") or unit.get("key", "")


def course_rule_met(course: Course, done_module_ids: set[int]) -> bool:
    """All required modules done and at least ``electives_needed`` electives."""
    required = [e.module_id for e in course.entries if e.required]
    electives = [e.module_id for e in course.entries if not e.required]
    electives_done = sum(module_id in done_module_ids for module_id in electives)
    return all(m in done_module_ids for m in required) and electives_done >= course.electives_needed
