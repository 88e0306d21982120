"""Markdown of wiki pages and seminars: headings fit the page, internal links resolve."""

import re
from pathlib import Path

import pytest

from lms.resources.markup import align_headings, drop_title_heading, render_content
from lms.seminars.loader import parse_seminar
from lms.wiki.loader import parse_page

ROOT = Path(__file__).resolve().parents[2]


def _levels(html) -> list[int]:
    return [int(level) for level in re.findall(r"<h(\d)", str(html))]


def test_headings_are_shifted_so_the_highest_is_the_top_level():
    assert align_headings("### A\n\n#### B", 2) == "## A\n\n### B"
    assert align_headings("# A\n\n## B", 3) == "### A\n\n#### B"


def test_hashes_in_code_blocks_are_not_headings():
    text = "### A\n\n```\n# Kommentar\n```"
    assert align_headings(text, 2) == "## A\n\n```\n# Kommentar\n```"


def test_leading_title_heading_is_dropped_only_when_it_is_the_title():
    assert drop_title_heading("# Bürgerbus\n\n## Start", "Bürgerbus") == "## Start"
    assert drop_title_heading("# Etwas anderes\n\nText", "Bürgerbus").startswith("# Etwas")


def test_internal_links_resolve(app, make_page, make_seminar, make_module, make_user):
    make_page("x", user=make_user(roles=["author"]))
    make_seminar("y")
    make_module("z")
    with app.test_request_context():
        html = str(render_content("[a](wiki:x) [b](seminar:y) [c](modul:z)"))
    assert 'href="/wiki/x"' in html and 'href="/seminare/y"' in html
    assert 'href="/module/z"' in html and "link-missing" not in html


def test_links_to_missing_targets_are_marked(app):
    with app.test_request_context():
        html = str(render_content("[a](wiki:x) [b](seminar:y) [c](modul:z)"))
    assert 'href="/wiki/neu?slug=x" class="link-missing"' in html
    assert 'href="/seminare/y" class="link-missing"' in html
    assert 'href="/module/z" class="link-missing"' in html


def test_a_came_from_module_is_kept_on_links_to_resources(app, make_seminar):
    make_seminar("y")
    with app.test_request_context():
        html = str(render_content("[b](seminar:y)", came_from="modul:mobilitaet"))
    assert 'href="/seminare/y?von=modul:mobilitaet"' in html


@pytest.mark.parametrize("path", sorted((ROOT / "content" / "wiki").glob("*.md")),
                         ids=lambda path: path.stem)
def test_shipped_wiki_page_headings_start_at_h2_without_gaps(app, path):
    fields = parse_page(path)
    with app.test_request_context():
        levels = _levels(render_content(drop_title_heading(fields["body"], fields["title"])))
    assert levels and levels[0] == 2
    assert all(b <= a + 1 for a, b in zip([1, *levels], levels, strict=False))


@pytest.mark.parametrize("path", sorted((ROOT / "content" / "seminars").glob("*.toml")),
                         ids=lambda path: path.stem)
def test_shipped_seminar_report_headings_fit_under_h2(app, path):
    with app.test_request_context():
        levels = _levels(render_content(parse_seminar(path)["description"], top=3))
    assert all(b <= a + 1 for a, b in zip([2, *levels], levels, strict=False))
