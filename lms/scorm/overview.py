"""The module page of a SCORM package for one learner: the table of contents with what they
reached, which entries they may choose, and where "Starten"/"Fortsetzen" leads."""

from lms.catalog.models import ModuleVersion
from lms.progress.rules import unit_satisfied
from lms.scorm import attempts
from lms.scorm.navigation import Overview, navigation, start_key


def overview(user_id: int, version: ModuleVersion, registration: str | None) -> Overview:
    """Contents and start of ``version`` for a learner (``registration`` None: not begun)."""
    content = version.content or {}
    structure, units = content.get("structure", {}), content.get("units", [])
    reached = attempts.reached(user_id, version.id, registration) if registration else {}
    suspended = attempts.suspended_unit(user_id, version.id, registration) \
        if registration else None
    nav = navigation(structure, units, reached, None)
    finished = suspended is None and bool(units) and all(
        unit_satisfied(unit["move_on"], **reached.get(unit["key"], {})) for unit in units)
    return Overview(nav=nav, start=start_key(structure, units, reached, suspended),
                    resumable=bool(reached), finished=finished)
