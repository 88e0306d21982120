"""The main menu on a phone folds behind its button; on a wide screen it is always open."""

from tests.e2e.steps import log_in


def test_on_a_phone_the_menu_opens_and_closes_with_its_button(page, make_user,
                                                               assert_accessible):
    log_in(page, make_user(roles=["admin"]))
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/")
    button = page.get_by_role("button", name="Menü")
    menu = page.locator("#hauptmenue")

    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    assert page.get_by_role("heading", level=1).is_visible()

    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Administration").click()
    assert page.url.endswith("/admin/")
    assert_accessible(page)


def test_on_a_wide_screen_the_menu_is_open_and_the_button_hidden(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")

    assert not page.get_by_role("button", name="Menü").is_visible()
    assert page.locator("#hauptmenue").get_by_role("link", name="Katalog").is_visible()
