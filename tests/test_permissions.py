"""Who may do what: the whole site as a table of (URL x method x role).

Every route of the app, with every method it takes, must be covered: GET by ``TABLE``,
the other methods by ``WRITES`` (a form's POST defaults to the expectation of its GET).
A new route without an entry fails ``test_every_route_is_in_the_table``. Each role's test
requests every URL with every method and reports all mismatches at once.

Roles (tests/site.py): anonymous, learner, author, coordinator of the learner's
organisation (A), coordinator of another organisation (B), admin. An expectation for
``coordinator`` holds for both coordinators unless ``coordinator_a``/``coordinator_b`` say
otherwise.
"""

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from tests.site import ROLES, build_site, logged_in_client

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
NOBODYS = {"anonymous": LOGIN, "learner": DENIED, "author": DENIED, "coordinator": DENIED,
           "admin": DENIED}  # another person's export: not found even for admins
NOT_FOUND = dict.fromkeys(ROLES, DENIED)  # an invitation link that does not exist

TABLE = {
    # endpoint: (URL with {placeholders}, expected outcome per role), or a list of them
    # when the endpoint has several routes
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
    "accounts.change_email": ("/konto/email", SIGNED_IN),
    "accounts.confirm_email_change": ("/konto/email/bestaetigen/ungueltig", PUBLIC),
    "accounts.list_membership_requests": ("/koordination/anfragen", COORDINATORS),
    "audit.list_entries": ("/admin/protokoll/", ADMINS),
    "admin.dashboard": ("/admin/", ADMINS),
    "admin.users": ("/admin/nutzer", ADMINS),
    "admin.edit_user": ("/admin/nutzer/{learner_id}", ADMINS),
    "admin.toggle_user": ("/admin/nutzer/{learner_id}/aktiv", ADMINS),
    "admin.organisations": ("/admin/organisationen", ADMINS),
    "admin.edit_organisation": [("/admin/organisationen/{organisation_id}", ADMINS),
                                ("/admin/organisationen/neu", ADMINS)],
    "admin.mails": ("/admin/mails", ADMINS),
    "jobs.admin_list": ("/admin/auftraege", ADMINS),
    "forwarding.admin_list": ("/admin/weiterleitung", ADMINS),
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
    "wiki.show_image": ("/wiki/buergerbus-gruenden/bild/bild.png", PUBLIC),
    "wiki.compare_revisions": ("/wiki/buergerbus-gruenden/vergleich?von={revision_id}"
                               "&bis={revision_id}", PUBLIC),
    "wiki.recent_changes": ("/wiki/aenderungen", PUBLIC),
    "wiki.recent_changes_feed": ("/wiki/aenderungen.atom", PUBLIC),
    "wiki.propose_change": ("/wiki/buergerbus-gruenden/vorschlagen", SIGNED_IN),
    "wiki.list_proposals": ("/wiki/vorschlaege", AUTHORS),
    "wiki.review_proposal": ("/wiki/vorschlaege/{proposal_id}", AUTHORS),
    "search.search_page": ("/suche/?q=Bürgerbusse", PUBLIC),
    "seminars.list_seminars": ("/seminare/", PUBLIC),
    "seminars.show_seminar": ("/seminare/mobilitaet-2025-03", PUBLIC),
    "seminars.play_recording": ("/seminare/mobilitaet-2025-03/aufzeichnung", PUBLIC),
    "seminars.create_seminar": ("/seminare/neu", AUTHORS),
    "seminars.edit_seminar": ("/seminare/mobilitaet-2025-03/bearbeiten", AUTHORS),
    "seminars.delete_seminar": ("/seminare/mobilitaet-2025-03/loeschen", AUTHORS),
    "seminars.show_video": ("/seminare/pflege-2025-05/video", PUBLIC),
    "seminars.show_captions": ("/seminare/pflege-2025-05/untertitel/de.vtt", PUBLIC),
    "seminars.show_slides": ("/seminare/pflege-2025-05/folien.pdf", PUBLIC),
    "seminars.manage_media": ("/seminare/pflege-2025-05/medien", AUTHORS),
    "seminars.download_ics": ("/seminare/mobilitaet-2027-03/termin.ics", PUBLIC),
    "seminars.list_registrants": ("/seminare/mobilitaet-2027-03/teilnehmende", {
        "anonymous": LOGIN, "learner": DENIED, "author": OK, "coordinator": OK, "admin": OK}),
    "seminars.export_registrants": ("/seminare/mobilitaet-2027-03/teilnehmende.csv", AUTHORS),
    "certificates.verify_form": ("/nachweis", PUBLIC),
    "certificates.verify_code": ("/nachweis/{code}", PUBLIC),
    "certificates.list_mine": ("/nachweise", SIGNED_IN),
    "certificates.download_certificate": ("/nachweise/{certificate_id}/pdf",
                                          {**LEARNER_OR_ADMIN, "coordinator_a": OK}),
    "certificates.list_organisation": ("/koordination/nachweise", COORDINATORS),
    "certificates.admin_list": ("/admin/nachweise", ADMINS),
    "reports.overview": ("/koordination/fortschritt", COORDINATORS),
    "reports.export_csv": ("/koordination/fortschritt.csv", COORDINATORS),
    # Coordinator B belongs to another organisation than the learner: 404 for them.
    "reports.show_learner": ("/koordination/fortschritt/lernende/{learner_id}",
                             {**ADMINS, "coordinator_a": OK}),
    "reports.show_matrix": ("/koordination/matrix", COORDINATORS),
    "reports.list_funnels": ("/koordination/module", COORDINATORS),
    "reports.show_funnel": ("/koordination/module/{module_id}", COORDINATORS),
    "reports.export_table": ("/koordination/export/lernmatrix.xlsx", COORDINATORS),
    "reports.show_export": ("/koordination/exporte/999", NOBODYS),
    "reports.export_state": ("/koordination/exporte/999/stand", NOBODYS),
    "reports.download_export": ("/koordination/exporte/999/datei", NOBODYS),
    "assignments.list_assignments": ("/koordination/zuweisungen", COORDINATORS),
    "accounts.invite_people": ("/koordination/einladungen", COORDINATORS),
    "accounts.accept_invitation": ("/einladung/ungueltig", NOT_FOUND),
    "monitoring.show_monitoring": ("/netzwerk/monitoring", ADMINS),  # and the network office
    "privacy.show_own_data": ("/konto/daten", SIGNED_IN),
    "privacy.download_own_data": ("/konto/daten.json", SIGNED_IN),
    "privacy.delete_own_account": ("/konto/loeschen", SIGNED_IN),
    "privacy.admin_show_data": ("/admin/nutzer/{learner_id}/daten", ADMINS),
    "privacy.admin_download_data": ("/admin/nutzer/{learner_id}/daten.json", ADMINS),
    "privacy.admin_delete_account": ("/admin/nutzer/{learner_id}/loeschen", ADMINS),
    "privacy.admin_accesses": ("/admin/datenzugriffe", ADMINS),
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
AUTOMATIC_METHODS = {"HEAD", "OPTIONS"}

WRITES = {
    # (endpoint, method): (URL, expected outcome per role); data sent is an empty form
    ("accounts.logout", "POST"): ("/abmelden", PUBLIC),
    ("accounts.set_language", "POST"): ("/sprache", PUBLIC),
    ("accounts.log_out_everywhere", "POST"): ("/konto/ueberall-abmelden", SIGNED_IN),
    ("accounts.request_membership", "POST"): ("/konto/organisation", SIGNED_IN),
    ("accounts.withdraw_membership_request", "POST"): ("/konto/organisation/zurueckziehen",
                                                        SIGNED_IN),
    ("accounts.leave_organisation", "POST"): ("/konto/organisation/verlassen", SIGNED_IN),
    # The applicant asks to join the learner's organisation (A): its coordinator decides.
    ("accounts.reject_membership", "POST"): (
        "/koordination/anfragen/{membership_request_id}/ablehnen",
        {**COORDINATORS, "coordinator_b": DENIED}),
    ("accounts.approve_membership", "POST"): (
        "/koordination/anfragen/{membership_request_id}/bestaetigen",
        {**COORDINATORS, "coordinator_b": DENIED}),
    ("catalog.add_to_plan", "POST"): ("/lernplan/mobilitaet", SIGNED_IN),
    ("catalog.remove_from_plan", "POST"): ("/lernplan/mobilitaet/entfernen", SIGNED_IN),
    ("catalog.add_course_to_plan", "POST"): ("/kurse/demografie-vor-ort/lernplan", SIGNED_IN),
    ("player.answer_element", "POST"): (
        "/lernen/mobilitaet/seite/2/antwort/rufbus-bestellung", SIGNED_IN),
    # Before start_quiz: only the learner has an attempt 1 then.
    ("player.submit_attempt", "POST"): ("/lernen/mobilitaet/test/1", LEARNER_OWNS),
    ("player.start_quiz", "POST"): ("/lernen/mobilitaet/test", SIGNED_IN),
    ("certificates.admin_render", "POST"): (
        "/admin/nachweise/{certificate_id}/pdf-erstellen", ADMINS),
    # Nothing is deleted in the site, so there is nothing to restore: 404 for everyone who
    # gets past the author check.
    ("wiki.restore_page", "POST"): ("/wiki/buergerbus-gruenden/wiederherstellen",
                                    {**AUTHORS, "author": DENIED, "admin": DENIED}),
    # No failed job, no forwarding target, no assignment in the site: past the admin or
    # coordinator check there is nothing to act on (404; an admin has no organisation whose
    # assignments to withdraw: 400).
    ("jobs.retry", "POST"): ("/admin/auftraege/999/wiederholen", {**ADMINS, "admin": DENIED}),
    ("forwarding.admin_action", "POST"): ("/admin/weiterleitung/999/pausieren",
                                          {**ADMINS, "admin": DENIED}),
    ("assignments.withdraw_assignment", "POST"): (
        "/koordination/zuweisungen/999/zuruecknehmen",
        {**COORDINATORS, "coordinator": DENIED}),
    ("packages.publish_version", "POST"): (
        "/autorenbereich/module/{package_slug}/version/{package_version_id}/veroeffentlichen",
        AUTHORS),
    ("packages.discard_version", "POST"): (
        "/autorenbereich/module/{package_slug}/version/{package_version_id}/verwerfen", AUTHORS),
    ("player.launch_unit", "POST"): ("/lernen/{package_slug}/einheit/1", SIGNED_IN),
    ("player.preview_unit", "POST"): ("/vorschau/{package_version_id}/einheit/1", AUTHORS),
    ("player.waive_unit", "POST"): ("/lernen/{package_slug}/erlassen", AUTHORS),
    # After the launches: sent empty, it takes the package out of the catalogue.
    ("packages.set_visibility", "POST"): ("/autorenbereich/module/{package_slug}/sichtbarkeit",
                                          AUTHORS),
    ("seminars.register", "POST"): ("/seminare/mobilitaet-2025-03/anmelden", SIGNED_IN),
    ("seminars.cancel", "POST"): ("/seminare/mobilitaet-2025-03/abmelden", SIGNED_IN),
    ("seminars.mark_attendance", "POST"): ("/seminare/mobilitaet-2025-03/teilnahme", AUTHORS),
    ("seminars.remove_media", "POST"): ("/seminare/mobilitaet-2025-03/medien/entfernen",
                                        AUTHORS),
    ("seminars.record_video_event", "POST"): ("/seminare/mobilitaet-2025-03/video/ereignis",
                                              SIGNED_IN),
    # Opened by content on the content origin with a launch token, never by a session.
    ("scorm.start_session", "POST"): ("/scorm/laufzeit/start", PUBLIC),
    ("scorm.commit_session", "POST"): ("/scorm/laufzeit/commit", PUBLIC),
    ("xapi.cmi5_fetch", "POST"): ("/xapi/cmi5/fetch/ungueltig", PUBLIC),
    **{(endpoint, method): (url, LRS)
       for endpoint, url in (("xapi.statements", "/xapi/statements"),
                             ("xapi.state", "/xapi/activities/state"),
                             ("xapi.activity_profile", "/xapi/activities/profile"),
                             ("xapi.agent_profile", "/xapi/agents/profile"))
       for method in ("PUT", "POST", "DELETE") if (endpoint, method) != ("xapi.statements",
                                                                         "DELETE")},
}
LAST = ("wiki.delete_page", "seminars.delete_seminar", "accounts.leave_organisation",
        "accounts.log_out_everywhere", "accounts.logout")
"""Requests that take something away the other requests need: sent last, in this order."""


def _entries(value) -> list[tuple[str, dict]]:
    return value if isinstance(value, list) else [value]


def _requests() -> list[tuple[str, str, str, dict]]:
    """Every (endpoint, method, URL, expected) to send: GETs first, then the rest."""
    gets = [(endpoint, "GET", url, expected)
            for endpoint, value in TABLE.items() for url, expected in _entries(value)]
    writes = [(endpoint, method, url, expected)
              for (endpoint, method), (url, expected) in WRITES.items()]
    return gets + sorted(writes, key=lambda r: LAST.index(r[0]) + 1 if r[0] in LAST else 0)


def _covered(app) -> set[tuple[str, str]]:
    """The (rule, method) pairs the requests reach; a form's POST when its GET is listed."""
    adapter = app.url_map.bind("lernraum.test")
    covered = set()
    for _endpoint, method, url, _expected in _requests():
        rule, _args = adapter.match(url.split("?")[0].format_map(_AnyId()), method,
                                    return_rule=True)
        covered.add((rule.rule, method))
        if method == "GET" and "POST" in rule.methods:
            covered.add((rule.rule, "POST"))
    return covered


class _AnyId(dict):
    def __missing__(self, key):
        return "1"


def test_every_route_is_in_the_table(app):
    routes = {(rule.rule, method) for rule in app.url_map.iter_rules()
              if rule.endpoint not in NOT_PAGES
              for method in rule.methods - AUTOMATIC_METHODS}

    assert routes - _covered(app) == set()


def test_every_entry_names_its_route(app):
    adapter = app.url_map.bind("lernraum.test")
    wrong = []
    for endpoint, method, url, _expected in _requests():
        try:
            found, _args = adapter.match(url.split("?")[0].format_map(_AnyId()), method)
        except (NotFound, MethodNotAllowed):
            found = None
        if found != endpoint:
            wrong.append(f"{endpoint} {method} {url}: {found}")

    assert not wrong


def _outcome(response, method: str, url: str) -> str:
    location = response.headers.get("Location", "")
    if response.status_code == 302 and "/anmelden" in location and "next=" in location:
        return LOGIN  # sent to log in first (not: back to the login page after logging out)
    if response.status_code in (403, 404):
        return DENIED
    if response.status_code == 401 and url.startswith("/xapi/"):
        return LRS_AUTH
    # A form sent empty may be refused (400, 401 for a failed login, 422): the guard let it in.
    if response.status_code < (500 if method != "GET" else 400):
        return OK
    return f"HTTP {response.status_code}"


def expected_for(expected: dict, role: str) -> str:
    """The outcome ``expected`` names for ``role`` (``coordinator`` covers A and B)."""
    return expected.get(role) or expected[role.rsplit("_", 1)[0]]


@pytest.mark.parametrize("role", ROLES)
def test_role_can_do_exactly_what_the_table_allows(app, make_user, make_organisation, role):
    site = build_site(app, make_user, make_organisation)
    client = logged_in_client(app, role, site)

    mismatches = []
    for endpoint, method, url, expected in _requests():
        headers = {"X-Experience-API-Version": "1.0.3"} if url.startswith("/xapi/") else {}
        response = client.open(url.format(**site.ids), method=method, headers=headers)
        outcome = _outcome(response, method, url)
        response.close()  # files (videos, images) are streamed: close them
        if outcome != expected_for(expected, role):
            mismatches.append(f"{endpoint} {method} {url}: {outcome}, "
                              f"erwartet {expected_for(expected, role)}")

    assert not mismatches, "\n".join(mismatches)
