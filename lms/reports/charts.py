"""Charts drawn on the server as inline SVG: columns over time, bars by category.

Each chart is an image with a title and a one-sentence summary for screen readers, and the
page shows the same figures as a table next to it (``templates/reports/_charts.html``).
Colours come from CSS classes, so forced-colours (high contrast) modes repaint them; every
value is also written as text, so nothing depends on colour.
"""

from dataclasses import dataclass, field

from markupsafe import Markup, escape

WIDTH = 480
COLUMN_HEIGHT = 240
BAR_HEIGHT = 28
LABEL_WIDTH = 222  # "Ehrenamt & Engagement" (the longest topic) whole at 15 px
MAX_COLUMN_LABELS = 12
MAX_LABEL = 22
MARGIN = 28
CHAR_WIDTH = 8.5
"""About how wide one character of a label is (15 px system font), to keep labels apart."""


@dataclass(frozen=True)
class Point:
    """One value of a chart: its label, the number, and how the number reads."""

    label: str
    value: float
    text: str = ""

    @property
    def shown(self) -> str:
        return self.text or f"{self.value:g}"


@dataclass(frozen=True)
class Chart:
    """A titled series of points with the headers of its data table."""

    key: str
    title: str
    label_header: str
    value_header: str
    points: list[Point] = field(default_factory=list)
    summary: str = ""

    @property
    def empty(self) -> bool:
        return not any(point.value for point in self.points)


def _top(points: list[Point]) -> float:
    return max((point.value for point in points), default=0) or 1


def _svg(chart: Chart, height: int, body: list[str]) -> Markup:
    title, desc = f"{chart.key}-title", f"{chart.key}-desc"
    head = (f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
            f'height="{height}" role="img" aria-labelledby="{title} {desc}" '
            f'xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{title}">{escape(chart.title)}</title>'
            f'<desc id="{desc}">{escape(chart.summary)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def _label_lines(points: list[Point], index: int, step: int = 1) -> tuple[str, str]:
    """A column's label on two lines: ``Nov.`` over ``2026``; the second line only where it
    differs from the labelled column before (the year at its first month, the first label)."""
    first, _space, second = points[index].label.partition(" ")
    previous = points[index - step].label.partition(" ")[2] if index >= step else None
    return first, second if second != previous else ""


def columns(chart: Chart) -> Markup:
    """Vertical columns, one per point (periods of time), value on top, label below."""
    points, top = chart.points, _top(chart.points)
    count = max(len(points), 1)
    slot = (WIDTH - 2 * MARGIN) / count
    plot = COLUMN_HEIGHT - 70
    widest = max((len(_label_lines(points, i)[0]) for i in range(len(points))), default=1)
    step = max(1, -(-count // MAX_COLUMN_LABELS), -(-int(widest * CHAR_WIDTH + 6) // int(slot)))
    base = plot + 24
    body = [f'<line class="chart__axis" x1="{MARGIN}" x2="{WIDTH - MARGIN}" y1="{base}" '
            f'y2="{base}"/>']
    for index, point in enumerate(points):
        height = plot * point.value / top
        x = MARGIN + index * slot + slot * 0.12
        y = base - height
        body.append(f'<rect class="chart__bar" x="{x:.1f}" y="{y:.1f}" '
                    f'width="{slot * 0.76:.1f}" height="{height:.1f}"/>')
        centre = x + slot * 0.38
        # "< 5" (a small group, drawn as nothing) is always written, or the column looks empty
        if step == 1 or point.value == top or point.shown != f"{point.value:g}":
            body.append(f'<text class="chart__value" x="{centre:.1f}" y="{y - 5:.1f}" '
                        f'text-anchor="middle">{escape(point.shown)}</text>')
        if (count - 1 - index) % step == 0:  # counted from the newest column: it is labelled
            first, second = _label_lines(points, index, step)
            body.append(f'<text class="chart__label" x="{centre:.1f}" y="{base + 18}" '
                        f'text-anchor="middle">{escape(first)}</text>')
            if second:
                body.append(f'<text class="chart__label" x="{centre:.1f}" y="{base + 36}" '
                            f'text-anchor="middle">{escape(second)}</text>')
    return _svg(chart, COLUMN_HEIGHT, body)


def bars(chart: Chart) -> Markup:
    """Horizontal bars, one per point (categories), label left, value right of the bar."""
    points, top = chart.points, _top(chart.points)
    plot = WIDTH - LABEL_WIDTH - 70
    body = []
    for index, point in enumerate(points):
        y = 6 + index * BAR_HEIGHT
        width = plot * point.value / top
        label = point.label if len(point.label) <= MAX_LABEL else point.label[:MAX_LABEL - 1] + "…"
        body.append(f'<text class="chart__label" x="{LABEL_WIDTH - 8}" y="{y + 15}" '
                    f'text-anchor="end">{escape(label)}</text>')
        body.append(f'<rect class="chart__bar" x="{LABEL_WIDTH}" y="{y + 2}" '
                    f'width="{width:.1f}" height="{BAR_HEIGHT - 8}"/>')
        body.append(f'<text class="chart__value" x="{LABEL_WIDTH + width + 6:.1f}" '
                    f'y="{y + 15}">{escape(point.shown)}</text>')
    return _svg(chart, 12 + max(len(points), 1) * BAR_HEIGHT, body)
