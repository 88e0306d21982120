"""Target groups, levels, formats and duration ranges of the catalogue, with German labels."""

from dataclasses import dataclass

from lms.core.i18n import N_

TARGET_GROUPS = {
    "verwaltung": N_("Kommunalverwaltung"),
    "politik": N_("Rat und Kreistag"),
    "ehrenamt": N_("Ehrenamt und Initiativen"),
    "fachkraefte": N_("Fachkräfte in Sozialem, Pflege, Bildung"),
}

LEVELS = {
    "einstieg": N_("Einstieg"),
    "vertiefung": N_("Vertiefung"),
    "expertise": N_("Expertise"),
}

FORMATS = {
    "native": N_("Lernraum-Modul"),
    "xapi": N_("xAPI-Paket"),
    "cmi5": N_("cmi5-Paket"),
    "scorm": N_("SCORM-Paket"),
}


@dataclass(frozen=True)
class DurationRange:
    """A filter bucket of estimated minutes; ``None`` leaves that side open."""

    slug: str
    label: str
    low: int | None
    high: int | None


DURATIONS = (
    DurationRange("bis-45", N_("bis 45 Min."), None, 45),
    DurationRange("45-60", N_("45–60 Min."), 46, 60),
    DurationRange("ueber-60", N_("über 60 Min."), 61, None),
)

DURATION_BY_SLUG = {duration.slug: duration for duration in DURATIONS}


PROGRESS_STATUS_LABELS = (
    N_("nicht begonnen"),
    N_("in Bearbeitung"),
    N_("abgeschlossen"),
    N_("bestanden"),
    N_("nicht bestanden"),
)
"""The status labels of ``lms.progress`` (shown in catalogue badges), marked for extraction here."""


def target_group_label(slug: str) -> str:
    """The German label of a target group slug (the slug itself if unknown)."""
    return TARGET_GROUPS.get(slug, slug)


def level_label(slug: str) -> str:
    """The German label of a level slug (the slug itself if unknown)."""
    return LEVELS.get(slug, slug)


def format_label(slug: str) -> str:
    """The German label of a module format (the slug itself if unknown)."""
    return FORMATS.get(slug, slug)
