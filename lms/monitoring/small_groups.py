"""The small-group rule of network-wide views: a group of fewer than five people is never
shown on its own. Counts of people from 1 to 4 read "< 5" (and are drawn as nothing), and
organisations or Länder with fewer than five learners are shown only merged into one row."""

SMALL_GROUP = 5
HIDDEN = "< 5"


def shown(count: int) -> str:
    """How a count of people reads: itself, or "< 5" for 1 to 4."""
    return HIDDEN if 0 < count < SMALL_GROUP else str(count)


def drawn(count: int) -> int:
    """How high a chart draws a count of people: nothing for 1 to 4."""
    return 0 if 0 < count < SMALL_GROUP else count


def is_small(count: int) -> bool:
    """Whether a group of ``count`` people may not be shown on its own."""
    return count < SMALL_GROUP


def share(part: int, whole: int) -> float | None:
    """``part / whole`` when the whole group is large enough to show a rate, else None."""
    return part / whole if whole >= SMALL_GROUP else None
