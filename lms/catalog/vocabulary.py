"""Target groups, levels, formats and duration ranges of the catalogue, with German labels."""

from dataclasses import dataclass

TARGET_GROUPS = {
    "verwaltung": "Kommunalverwaltung",
    "politik": "Rat und Kreistag",
    "ehrenamt": "Ehrenamt und Initiativen",
    "fachkraefte": "Fachkräfte in Sozialem, Pflege, Bildung",
}

LEVELS = {
    "einstieg": "Einstieg",
    "vertiefung": "Vertiefung",
    "expertise": "Expertise",
}

FORMATS = {
    "native": "Lernraum-Modul",
    "xapi": "xAPI-Paket",
    "cmi5": "cmi5-Paket",
}


@dataclass(frozen=True)
class DurationRange:
    """A filter bucket of estimated minutes; ``None`` leaves that side open."""

    slug: str
    label: str
    low: int | None
    high: int | None


DURATIONS = (
    DurationRange("bis-45", "bis 45 Min.", None, 45),
    DurationRange("45-60", "45–60 Min.", 46, 60),
    DurationRange("ueber-60", "über 60 Min.", 61, None),
)

DURATION_BY_SLUG = {duration.slug: duration for duration in DURATIONS}


def target_group_label(slug: str) -> str:
    """The German label of a target group slug (the slug itself if unknown)."""
    return TARGET_GROUPS.get(slug, slug)


def level_label(slug: str) -> str:
    """The German label of a level slug (the slug itself if unknown)."""
    return LEVELS.get(slug, slug)


def format_label(slug: str) -> str:
    """The German label of a module format (the slug itself if unknown)."""
    return FORMATS.get(slug, slug)
