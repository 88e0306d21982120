"""Report filters read from URL arguments (plain strings), the same for a page, its export
and a background export; anything unreadable is ignored, never an error."""

from collections.abc import Mapping
from datetime import date

from lms.core.topics import TOPIC_BY_SLUG
from lms.reports import matrix, services

MAX_SEARCH = 100


def _id(value: str | None, prefix: str = "") -> int | None:
    text = (value or "").strip()
    if prefix:
        if not text.startswith(prefix):
            return None
        text = text[len(prefix):]
    return int(text) if text.isdigit() and len(text) < 12 else None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def progress_filters(args: Mapping) -> services.Filters:
    """The filters of the overview's learner table (``subject`` is ``m<id>`` or ``k<id>``)."""
    subject = args.get("subject") or ""
    status = args.get("status") or ""
    sort = args.get("sort") or ""
    return services.Filters(
        module_id=_id(subject, "m"), course_id=_id(subject, "k"),
        status=status if status in services.STATUS_FILTERS else "",
        search=(args.get("q") or "")[:MAX_SEARCH],
        sort=sort if sort in services.SORTS else services.SORTS[0])


def matrix_filters(args: Mapping) -> matrix.MatrixFilters:
    """The matrix filters: ``kurs``, ``thema``, ``modul``, ``status``, ``von``, ``bis``,
    ``q``, ``sort``."""
    topic = args.get("thema") or ""
    status = args.get("status") or ""
    sort = args.get("sort") or ""
    return matrix.MatrixFilters(
        course_id=_id(args.get("kurs")), topic=topic if topic in TOPIC_BY_SLUG else "",
        module_id=_id(args.get("modul")), status=status if status in matrix.STATUSES else "",
        since=_day(args.get("von")), until=_day(args.get("bis")),
        search=(args.get("q") or "")[:MAX_SEARCH],
        sort=sort if sort in matrix.SORTS else matrix.SORTS[0])


def organisation_id(args: Mapping) -> int | None:
    """The organisation an admin chose (coordinators' choice is ignored by ``scope_for``)."""
    return _id(args.get("organisation"))


def learner_id(args: Mapping) -> int | None:
    return _id(args.get("lernende"))


MATRIX_ARGS = ("kurs", "thema", "modul", "status", "von", "bis", "q", "sort")
PROGRESS_ARGS = ("subject", "status", "q", "sort")


def kept(args: Mapping, names: tuple[str, ...], *, admin: bool) -> dict[str, str]:
    """The arguments worth carrying into links and exports (non-empty, known names)."""
    names = names + (("organisation",) if admin else ())
    return {name: str(args[name])[:200] for name in names if args.get(name)}
