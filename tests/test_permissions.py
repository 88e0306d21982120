"""Who may open which page: the whole site as a table of (URL x role).

Every GET endpoint of the app must appear in ``TABLE``; a new page without a row fails
``test_every_page_is_in_the_table``. Each role's test opens every URL and reports all
mismatches at once.
"""

import uuid
from datetime import UTC, datetime

import pytest
from flask import current_app
from sqlalchemy import select

from lms import signals
from lms.catalog.models import Course, Module
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.packages.services import import_upload
from lms.player.models import NotebookEntry
from lms.seminars.models import Seminar
from lms.wiki.models import WikiPage, WikiRevision
from lms.xapi import services as lrs
from tests.certificates.builders import complete
from tests.conftest import PASSWORD
from tests.packages.builders import cmi5_zip

ROLES = ("anonymous", "learner", "author", "coordinator", "admin")

OK, LOGIN, DENIED, LRS_AUTH = "ok", "login", "denied", "basic-auth"

PUBLIC = dict.fromkeys(ROLES, OK)
SIGNED_IN = {"anonymous": LOGIN, "learner": OK, "author": OK, "coordinator": OK, "admin": OK}
AUTHORS = {"anonymous": LOGIN, "learner": DENIED, "author": OK, "coordinator": DENIED, "admin": OK}
COORDINATORS = {"anonymous": LOGIN, "learner": DENIED, "author": DENIED, "coordinator": OK,
                "admin": OK}
ADMINS = {"anonymous": LOGIN, "learner": DENIED, "author": DENIED, "coordinator": DENIED,
          "admin": OK}
LEARNER_OWNS = {"anonymous": LOGIN, "learner": OK, "author": DENIED, "coordinator": DENIED,
                "admin": DENIED}
LEARNER_OR_ADMIN = {"anonymous": LOGIN, "learner": OK, "author": DENIED, "coordinator": DENIED,
                    "admin": OK}
LRS = dict.fromkeys(ROLES, LRS_AUTH)  # a browser session never opens the LRS

TABLE = {
    # endpoint: (URL with {placeholders}, expected outcome per role)
    "home.index": ("/", PUBLIC),
    "home.accessibility": ("/barrierefreiheit", PUBLIC),
    "home.privacy": ("/datenschutz", PUBLIC),
    "home.health": ("/healthz", PUBLIC),
    "accounts.login": ("/anmelden", PUBLIC),
    "accounts.register": ("/registrieren", PUBLIC),
    "accounts.resend_confirmation": ("/konto/bestaetigung-senden", PUBLIC),
    "accounts.forgot_password": ("/passwort-vergessen", PUBLIC),
    "accounts.confirm_email": ("/konto/bestaetigen/ungueltig", PUBLIC),
    "accounts.reset_password": ("/passwort-zuruecksetzen/ungueltig", PUBLIC),
    "accounts.profile": ("/konto", SIGNED_IN),
    "accounts.change_password": ("/konto/passwort", SIGNED_IN),
    "admin.dashboard": ("/admin/", ADMINS),
    "admin.users": ("/admin/nutzer", ADMINS),
    "admin.edit_user": ("/admin/nutzer/{learner_id}", ADMINS),
    "admin.toggle_user": ("/admin/nutzer/{learner_id}/aktiv", ADMINS),
    "admin.organisations": ("/admin/organisationen", ADMINS),
    "admin.edit_organisation": ("/admin/organisationen/{organisation_id}", ADMINS),
    "admin.mails": ("/admin/mails", ADMINS),
    "catalog.show_catalog": ("/module", PUBLIC),
    "catalog.show_module": ("/module/mobilitaet", PUBLIC),
    "catalog.list_courses": ("/kurse", PUBLIC),
    "catalog.show_course": ("/kurse/demografie-vor-ort", PUBLIC),
    "catalog.view_plan": ("/lernplan", SIGNED_IN),
    "packages.manage_modules": ("/autorenbereich/module", AUTHORS),
    "packages.download_example": ("/autorenbereich/module/beispiel.zip", AUTHORS),
    "packages.show_version": ("/autorenbereich/module/mobilitaet/version/{version_id}", AUTHORS),
    "player.show_package": ("/lernen/{package_slug}/einheiten", SIGNED_IN),
    "player.unit_returned": ("/lernen/{package_slug}/zurueck", PUBLIC),
    "player.preview_page": ("/vorschau/{version_id}/seite/1", AUTHORS),
    "player.preview_returned": ("/vorschau/{package_version_id}/zurueck", PUBLIC),
    "player.launch_module": ("/lernen/mobilitaet", SIGNED_IN),
    "player.show_page": ("/lernen/mobilitaet/seite/1", SIGNED_IN),
    "player.show_quiz": ("/lernen/mobilitaet/test", SIGNED_IN),
    "player.show_attempt": ("/lernen/mobilitaet/test/1", LEARNER_OWNS),
    "player.show_completion": ("/lernen/mobilitaet/abschluss", SIGNED_IN),
    "player.show_notebook": ("/notizbuch", SIGNED_IN),
    "player.edit_note": ("/notizbuch/{note_id}", LEARNER_OWNS),
    "player.export_notebook": ("/notizbuch/export.md", SIGNED_IN),
    "wiki.list_pages": ("/wiki/", PUBLIC),
    "wiki.show_page": ("/wiki/buergerbus-gruenden", PUBLIC),
    "wiki.list_revisions": ("/wiki/buergerbus-gruenden/versionen", PUBLIC),
    "wiki.show_revision": ("/wiki/buergerbus-gruenden/versionen/{revision_id}", PUBLIC),
    "wiki.create_page": ("/wiki/neu", AUTHORS),
    "wiki.edit_page": ("/wiki/buergerbus-gruenden/bearbeiten", AUTHORS),
    "wiki.delete_page": ("/wiki/buergerbus-gruenden/loeschen", AUTHORS),
    "wiki.list_deleted_pages": ("/wiki/geloescht", AUTHORS),
    "seminars.list_seminars": ("/seminare/", PUBLIC),
    "seminars.show_seminar": ("/seminare/mobilitaet-2025-03", PUBLIC),
    "seminars.play_recording": ("/seminare/mobilitaet-2025-03/aufzeichnung", PUBLIC),
    "seminars.create_seminar": ("/seminare/neu", AUTHORS),
    "seminars.edit_seminar": ("/seminare/mobilitaet-2025-03/bearbeiten", AUTHORS),
    "seminars.delete_seminar": ("/seminare/mobilitaet-2025-03/loeschen", AUTHORS),
    "certificates.verify_form": ("/nachweis", PUBLIC),
    "certificates.verify_code": ("/nachweis/{code}", PUBLIC),
    "certificates.list_mine": ("/nachweise", SIGNED_IN),
    "certificates.download_certificate": ("/nachweise/{certificate_id}/pdf", LEARNER_OR_ADMIN),
    "certificates.list_organisation": ("/koordination/nachweise", COORDINATORS),
    "certificates.admin_list": ("/admin/nachweise", ADMINS),
    "reports.overview": ("/koordination/fortschritt", COORDINATORS),
    "reports.export_csv": ("/koordination/fortschritt.csv", COORDINATORS),
    # The coordinator belongs to another organisation than the learner: 404 for them.
    "reports.show_learner": ("/koordination/fortschritt/lernende/{learner_id}", ADMINS),
    "certificates.admin_show": ("/admin/nachweise/{certificate_id}", ADMINS),
    "certificates.admin_revoke": ("/admin/nachweise/{certificate_id}/widerrufen", ADMINS),
    "certificates.admin_reissue": ("/admin/nachweise/{certificate_id}/neu-ausstellen", ADMINS),
    "xapi.list_clients": ("/xapi/verwaltung/zugaenge", ADMINS),
    "xapi.toggle_client": ("/xapi/verwaltung/zugaenge/{client_id}/aktiv", ADMINS),
    "xapi.about": ("/xapi/about", PUBLIC),
    "xapi.statements": ("/xapi/statements", LRS),
    "xapi.activities": ("/xapi/activities?activityId=http://example.org/a", LRS),
    "xapi.agents": ('/xapi/agents?agent={{"mbox":"mailto:a@example.org"}}', LRS),
    "xapi.state": ("/xapi/activities/state", LRS),
    "xapi.activity_profile": ("/xapi/activities/profile", LRS),
    "xapi.agent_profile": ("/xapi/agents/profile", LRS),
}
NOT_PAGES = {"static"}


def test_every_page_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}

    assert endpoints - NOT_PAGES - TABLE.keys() == set()
    assert TABLE.keys() - endpoints == set()


@pytest.fixture
def site(app, make_user, make_organisation):
    """Shipped modules and content, one user per role, and one object of each kind."""
    for seeder in ("Module", "Wiki und Seminare"):
        current_app.extensions["lms_seeders"][seeder]()
    home, other = make_organisation(), make_organisation()
    users = {
        "learner": make_user(organisation=home),
        "author": make_user(roles=["author"], organisation=home),
        "coordinator": make_user(roles=["coordinator"], organisation=other),
        "admin": make_user(roles=["admin"]),
    }
    learner = users["learner"]
    mobility = db.session.scalar(select(Module).where(Module.slug == "mobilitaet"))
    note = NotebookEntry(user_id=learner.id, module_id=mobility.id, element_id="transfer",
                         prompt="Frage", text="Meine Antwort")
    db.session.add(note)
    course = db.session.scalar(select(Course))
    for entry in course.entries:
        progress = complete(learner, entry.module, datetime(2026, 11, 20, tzinfo=UTC))
        progress.registration = str(uuid.uuid4())
    signals.course_completed.send(None, user_id=learner.id, course_id=course.id,
                                  completed_at=datetime(2026, 11, 24, tzinfo=UTC))
    db.session.commit()
    certificate = db.session.scalar(select(Certificate))
    client, _secret = lrs.create_client("Prüfung")
    page = db.session.scalar(select(WikiPage).where(WikiPage.slug == "buergerbus-gruenden"))
    revision = db.session.scalar(select(WikiRevision).where(WikiRevision.page_id == page.id))
    seminar = db.session.scalar(select(Seminar).where(Seminar.slug == "mobilitaet-2025-03"))
    seminar.recording_url = "https://netzwerk.zukunftsraum-demografie.de/"
    db.session.commit()
    package = import_upload(cmi5_zip(), "kurs.zip", publish=True)
    learner_client = app.test_client()
    learner_client.post("/anmelden", data={"email": learner.email, "password": PASSWORD})
    assert learner_client.post("/lernen/mobilitaet/test").status_code == 302
    ids = {
        "learner_id": learner.id, "organisation_id": home.id, "note_id": note.id,
        "certificate_id": certificate.id, "code": certificate.code, "client_id": client.id,
        "revision_id": revision.id, "version_id": mobility.current_version_id,
        "package_slug": package.slug, "package_version_id": package.version_id,
    }
    return users, ids


def _outcome(response) -> str:
    if response.status_code == 302 and "/anmelden" in response.headers["Location"]:
        return LOGIN
    if response.status_code in (403, 404):
        return DENIED
    if response.status_code == 401:
        return LRS_AUTH
    if response.status_code < 400:
        return OK
    return f"HTTP {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_role_sees_exactly_what_the_table_allows(app, site, role):
    users, ids = site
    client = app.test_client()
    if role != "anonymous":
        response = client.post("/anmelden", data={"email": users[role].email, "password": PASSWORD})
        assert response.status_code == 302

    mismatches = []
    for endpoint, (url, expected) in TABLE.items():
        headers = {"X-Experience-API-Version": "1.0.3"} if url.startswith("/xapi/") else {}
        outcome = _outcome(client.get(url.format(**ids), headers=headers))
        if outcome != expected[role]:
            mismatches.append(f"{endpoint} {url}: {outcome}, erwartet {expected[role]}")

    assert not mismatches, "\n".join(mismatches)
