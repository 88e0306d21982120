"""Charts as SVG: every figure that matters is written, the newest period labelled."""

from lms.reports.charts import Chart, Point, columns

MONTHS = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.",
          "Nov.", "Dez."]


def _months(last: Point) -> Chart:
    points = [Point(f"{month} 2026", 0) for month in MONTHS[:-1]] + [last]
    return Chart("chart-neu", "Neue Lernende je Monat", "Monat", "Registrierungen", points)


def test_a_small_group_reads_less_than_five_in_a_crowded_month_chart():
    svg = columns(_months(Point("Dez. 2026", 0, "< 5")))

    assert "&lt; 5" in svg  # the only figure of the chart, not left out


def test_the_newest_month_is_labelled_and_the_year_shown_once():
    svg = columns(_months(Point("Dez. 2026", 3)))

    assert ">Dez.<" in svg and svg.count(">2026<") == 1
