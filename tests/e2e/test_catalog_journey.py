"""A learner browses the catalogue, filters and searches, and builds "Mein Lernplan"."""

import pytest
from sqlalchemy import select

from lms.catalog import services
from lms.catalog.models import Module
from lms.core.models import utcnow
from lms.extensions import db
from lms.packages.importing import sync_modules
from lms.progress.models import ModuleProgress, Status
from tests.e2e.steps import log_in


@pytest.fixture
def shipped(app):
    """The modules and the course that ship in ``modules/``."""
    report = sync_modules(app.config["MODULES_PATH"])
    assert report.created, report.summary()
    return report


def test_visitor_pages_are_accessible(page, shipped, assert_accessible):
    page.goto("/")
    page.get_by_role("heading", name="Kurs: Demografischen Wandel vor Ort gestalten").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Katalog", exact=True).click()
    page.get_by_role("heading", name="Katalog: Module und Kurse").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Mobilität im ländlichen und städtischen Raum").click()
    page.get_by_role("heading", name="Was für den Abschluss nötig ist").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Demografischen Wandel vor Ort gestalten").first.click()
    page.get_by_text("Für den Kursnachweis schließen Sie").wait_for()
    assert_accessible(page)


def test_learner_filters_searches_and_plans_two_modules(
    page, shipped, make_user, assert_accessible
):
    user = make_user(name="Erika Beispiel")
    log_in(page, user)

    page.get_by_role("link", name="Mein Lernplan").first.click()
    page.get_by_text("Ihr Lernplan ist noch leer.").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Zum Katalog").click()
    page.get_by_label("Thema").select_option(label="Mobilität")
    page.get_by_role("button", name="Filtern").click()
    page.get_by_text("1 Modul gefunden").wait_for()
    assert "thema=mobilitaet" in page.url
    assert_accessible(page)
    page.get_by_role(
        "button", name="Auf meinen Lernplan: Mobilität im ländlichen und städtischen Raum"
    ).click()
    page.get_by_text("steht jetzt auf Ihrem Lernplan").wait_for()
    page.get_by_role(
        "button", name="Vom Lernplan nehmen: Mobilität im ländlichen und städtischen Raum"
    ).wait_for()
    # catalog.js toggled the button in place: no reload to the card, focus stays, count updated
    assert "#modul-" not in page.url
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Vom Lernplan nehmen: Mobilität im ländlichen und städtischen Raum"
    page.get_by_role("link", name="Mein Lernplan (1 Modul)").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Filter zurücksetzen").click()
    page.get_by_role("searchbox", name="Suche", exact=True).fill("Quartier")
    page.get_by_role("button", name="Filtern").click()
    page.get_by_role("link", name="Wohnen und Quartiersentwicklung").wait_for()
    page.get_by_role("button", name="Auf meinen Lernplan: Wohnen und Quartiersentwicklung").click()
    page.get_by_text("steht jetzt auf Ihrem Lernplan").wait_for()

    page.get_by_role("searchbox", name="Suche", exact=True).fill("Raumfahrt")
    page.get_by_role("button", name="Filtern").click()
    page.get_by_text("Keine Module passen zu Ihren Filtern.").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Mein Lernplan").first.click()
    page.get_by_role("heading", name="Mobilität im ländlichen und städtischen Raum").wait_for()
    page.get_by_role("heading", name="Wohnen und Quartiersentwicklung").wait_for()
    page.get_by_text("2 Module auf Ihrem Plan, 0 davon abgeschlossen.").wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Vom Lernplan nehmen: Wohnen und Quartiersentwicklung").click()
    page.get_by_text("Ihr Lernstand bleibt erhalten.").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Rückgängig machen").click()
    page.get_by_text("2 Module auf Ihrem Plan").wait_for()

    page.goto("/")
    page.get_by_text("Auf Ihrem Lernplan stehen 2 Module").wait_for()
    assert_accessible(page)


def test_learner_sees_module_and_course_with_progress(
    page, shipped, make_user, assert_accessible, app
):
    user = make_user()
    module = db.session.scalar(select(Module).where(Module.slug == "grundlagen-demografie"))
    services.add_to_plan(user.id, module)
    now = utcnow()
    db.session.add(
        ModuleProgress(
            user_id=user.id,
            module_id=module.id,
            module_version_id=module.current_version_id,
            registration="3f0c2b1e-0000-4000-8000-000000000001",
            status=Status.IN_PROGRESS,
            pages_seen=[1, 2],
            last_page=2,
            started_at=now,
            last_activity_at=now,
        )
    )
    db.session.commit()
    log_in(page, user)
    page.get_by_text("Weiterlernen, wo Sie aufgehört haben").wait_for()
    page.get_by_role("link", name="Grundlagen und Daten des demografischen Wandels").first.click()
    page.get_by_text("Ihr Stand:").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Demografischen Wandel vor Ort gestalten").last.click()
    page.get_by_role("heading", name="Was für den Nachweis noch fehlt").wait_for()
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/module?thema=daten-strategie")
    page.get_by_text("2 Module gefunden").wait_for()
    assert_accessible(page)


def test_plan_buttons_work_without_javascript(browser, server_url, app, shipped, make_user):
    user = make_user()
    app.config["WTF_CSRF_ENABLED"] = True
    context = browser.new_context(locale="de-DE", base_url=server_url, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, user)
        page.goto("/module?thema=mobilitaet")
        page.get_by_role("button", name="Auf meinen Lernplan: Mobilität im ländlichen").click()
        page.get_by_text("steht jetzt auf Ihrem Lernplan").wait_for()
        assert page.url.endswith("/module?thema=mobilitaet#modul-mobilitaet")
        page.get_by_role("button", name="Vom Lernplan nehmen: Mobilität im ländlichen").click()
        page.get_by_text("ist nicht mehr auf Ihrem Lernplan").wait_for()
    finally:
        context.close()
        app.config["WTF_CSRF_ENABLED"] = False
