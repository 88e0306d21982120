"""In the browser: asking to join an organisation, the coordinator confirming it, the audit
log, logging out everywhere; every page passes axe-core."""

import re

import pytest

from tests.e2e.steps import log_in


@pytest.fixture
def another_tab(browser, server_url):
    """A second browser (its own cookies), for a second person."""
    context = browser.new_context(locale="de-DE", base_url=server_url,
                                  viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_joining_an_organisation_is_confirmed_by_its_coordinator(
    page, another_tab, make_user, make_organisation, assert_accessible
):
    town = make_organisation(name="Stadt Musterhausen")
    make_organisation(name="Gemeinde Anderswo")
    person = make_user(name="Paula Pendel")
    coordinator = make_user(name="Nora Nord", roles=["coordinator"], organisation=town)

    log_in(page, person)
    page.goto("/konto")
    page.get_by_label("Organisation").select_option(label="Stadt Musterhausen")
    page.get_by_role("button", name="Beitritt beantragen").click()
    page.get_by_text("Ihre Anfrage an Stadt Musterhausen ist gestellt").wait_for()
    assert page.get_by_text("wartet seit").is_visible()
    assert_accessible(page)

    log_in(another_tab, coordinator)
    another_tab.get_by_role("link", name="Anfragen").click()
    assert another_tab.get_by_role("cell", name="Paula Pendel", exact=True).is_visible()
    assert_accessible(another_tab)
    another_tab.get_by_role("button", name=re.compile(r"^Bestätigen\s*: Paula Pendel$")).click()
    another_tab.get_by_text("Paula Pendel gehört jetzt zu Stadt Musterhausen.").wait_for()
    assert_accessible(another_tab)

    page.reload()
    assert page.get_by_text("Sie gehören zu Stadt Musterhausen.").is_visible()


def test_admins_read_and_filter_the_audit_log(page, make_user, assert_accessible):
    person = make_user(name="Dora Deaktiv")
    log_in(page, make_user(roles=["admin"], name="Ada Admin"))
    page.goto(f"/admin/nutzer/{person.id}/aktiv")
    page.get_by_role("button", name="Ja, deaktivieren").click()

    page.goto("/admin/protokoll/")
    assert page.get_by_role("cell", name="Konto deaktiviert").is_visible()
    assert_accessible(page)
    page.get_by_label("Was").select_option(label="Rollen geändert")
    page.get_by_role("button", name="Filtern").click()
    page.get_by_text("Keine Einträge passen zu diesem Filter.").wait_for()
    assert_accessible(page)


def test_logging_out_everywhere_ends_the_other_browser_too(page, another_tab, make_user,
                                                           assert_accessible):
    person = make_user(name="Ulla Überall")
    log_in(page, person)
    log_in(another_tab, person)
    page.goto("/konto")
    assert page.get_by_text("(dieses Gerät)").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Überall abmelden").click()
    page.get_by_text("Sie sind jetzt auf allen Geräten abgemeldet.").wait_for()

    another_tab.goto("/konto")
    assert "/anmelden" in another_tab.url
