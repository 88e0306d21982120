"""A visitor switches the interface to English with the header button and back to German."""

from pathlib import Path

import pytest

from lms.resources.loader import sync_content

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def content(app):
    report = sync_content(ROOT / "content")
    assert not report.errors


def test_visitor_reads_the_wiki_in_english_and_switches_back(page, content, assert_accessible):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", level=1, name="Shaping demographic change locally").wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert_accessible(page)

    menu = page.get_by_role("navigation", name="Main navigation")
    menu.get_by_role("link", name="Wiki").click()
    page.get_by_role("heading", level=1, name="Demography Wiki").wait_for()
    page.get_by_label("Type").select_option("praxisbeispiel")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**art=praxisbeispiel**")
    assert page.locator(".badge--kind").first.inner_text() == "Case study"
    assert_accessible(page)

    page.get_by_role("button", name="Deutsch").click()
    page.get_by_role("heading", level=1, name="Demografie-Wiki").wait_for()
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.get_by_role("navigation", name="Hauptnavigation").is_visible()
