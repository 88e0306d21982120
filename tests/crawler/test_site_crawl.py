"""The whole site as every role sees it (see ``conftest.crawl``): every page reached by a link
or by a GET form answers without a server error, no link the app rendered is broken, every
HTML page has a language and one h1, and GET leaves the database as it was, apart from the
records of what was viewed. Each test lists every finding of its kind at once."""

from lms.core.vocabulary import Verb
from tests.crawler.crawler import BROKEN_LINK, H1, NO_LANG, SERVER_ERROR, UNFINISHED
from tests.crawler.snapshot import changed_columns

VIEW_RECORDS = {
    "xapi_statement": "what was opened: module launched and initialized, page experienced, "
                      "wiki page read",
    "xapi_statement_term": "the look-up terms stored with each of those statements",
    "xapi_activity": "definitions of the activities those statements name for the first time",
    "module_progress": "the modules opened, projected from the statements: started, pages "
                       "seen, time, last activity",
    "course_progress": "the courses those modules count towards: started, last activity",
    "report_activity_day": "learning days counted from those statements (active learners)",
    "report_activity_week": "learning weeks counted from those statements",
    "report_last_activity": "each learner's latest learning day",
    "monitoring_statement_day": "statements per day for the network's monitoring",
    "monitoring_resource_day": "uses of wiki pages and seminars per day for the monitoring",
    "privacy_data_access": "who opened or exported whose personal data (the access log a "
                           "learner reads on their data page)",
}
"""The tables a crawl may change, and what it records there."""

VIEW_VERBS = {Verb.LAUNCHED, Verb.INITIALIZED, Verb.EXPERIENCED, Verb.READ, Verb.PLAYED}
VIEWING_COLUMNS = {
    "module_progress": {"pages_seen", "last_page", "last_activity_at", "time_spent_seconds",
                        "resources_done"},  # a wiki page the module points to, read
    "report_activity_day": {"statements"},
    "report_activity_week": {"statements"},
    "monitoring_statement_day": {"statements"},
    "monitoring_resource_day": {"uses"},
    "course_progress": {"last_activity_at"},
}
"""Columns that viewing may update in rows that existed before the crawl."""

NOT_LINKED = {
    "accounts.confirm_email": "the link with a token in the confirmation mail",
    "accounts.reset_password": "the link with a token in the password mail",
    "accounts.confirm_email_change": "the link with a token in the mail to a new address",
    "accounts.resend_confirmation": "offered after a login attempt with an unconfirmed account",
    "accounts.accept_invitation": "the link with a token in the invitation mail",
    "reports.show_export": "a background export, started by a POST for a large table",
    "reports.export_state": "the progress of a background export, asked for by its page",
    "reports.download_export": "the file of a finished background export",
    "seminars.play_recording": "a seminar's external recording link; shipped seminars have "
                               "their own video files",
    "wiki.review_proposal": "linked from the proposals list once someone proposes a change",
    "wiki.show_image": "the image of a practice example, once an author uploads one",
    "catalog.list_courses": "the old address of the course list, kept for bookmarks",
    "home.health": "the health check of the load balancer",
    "player.unit_returned": "the cmi5 returnURL, opened by a unit when it ends",
    "player.preview_returned": "the cmi5 returnURL of an author's test launch",
    "xapi.about": "the LRS API, for machines with LRS credentials",
    "xapi.activities": "the LRS API",
    "xapi.activity_profile": "the LRS API",
    "xapi.agent_profile": "the LRS API",
    "xapi.agents": "the LRS API",
    "xapi.state": "the LRS API",
    "xapi.statements": "the LRS API",
}
"""GET endpoints that no page links to, by design; every other one must be reached."""


def _listed(findings) -> str:
    return "\n".join(str(finding) for finding in findings)


def _of_kind(crawl, kind: str) -> list:
    return [finding for finding in crawl.crawler.findings if finding.kind == kind]


def test_no_page_link_or_filter_answers_with_a_server_error(crawl):
    found = _of_kind(crawl, SERVER_ERROR)

    assert not found, f"{len(found)} Serverfehler:\n{_listed(found)}"


def test_no_link_the_app_rendered_is_broken(crawl):
    found = _of_kind(crawl, BROKEN_LINK)

    assert not found, f"{len(found)} kaputte Links:\n{_listed(found)}"


def test_every_html_page_has_a_language_and_exactly_one_h1(crawl):
    found = _of_kind(crawl, NO_LANG) + _of_kind(crawl, H1)

    assert not found, f"{len(found)} Seiten ohne lang oder mit falscher h1-Zahl:\n{_listed(found)}"


def test_the_crawl_reaches_its_end_within_its_bound(crawl):
    assert not _of_kind(crawl, UNFINISHED), _listed(_of_kind(crawl, UNFINISHED))


def test_every_page_of_the_app_is_reached_by_some_role(crawl, app):
    pages = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}

    assert pages - crawl.endpoints - NOT_LINKED.keys() - {"static"} == set()
    assert NOT_LINKED.keys() & crawl.endpoints == set()  # linked after all: drop from the list


def _unexpected_view_records(name: str, change) -> list[str]:
    problems = [f"{name}: entfernt {row}" for row in change.removed]
    for before, after in change.changed:
        extra = changed_columns(before, after) - VIEWING_COLUMNS.get(name, set())
        if extra:
            problems.append(f"{name}: {sorted(extra)} geändert in {after}")
    for row in change.added:
        if name == "xapi_statement" and row["verb_id"] not in VIEW_VERBS:
            problems.append(f"{name}: Verb {row['verb_id']} in {row['statement_id']}")
        if name.endswith("_progress") and (row["status"] != "in_progress"
                                           or row["completed_at"] is not None):
            problems.append(f"{name}: neu mit Status {row['status']}: {row}")
    return problems


def test_get_changes_nothing_but_the_records_of_what_was_viewed(crawl):
    problems = []
    for name, change in crawl.changes.items():
        if name in VIEW_RECORDS:
            problems += _unexpected_view_records(name, change)
        else:
            problems.append(f"{name}: {len(change.added)} neu, {len(change.removed)} entfernt, "
                            f"{len(change.changed)} geändert, z. B. "
                            f"{(change.added + change.removed + change.changed)[:1]}")
    problems += sorted({str(w) for w in crawl.writes if w.table not in VIEW_RECORDS})

    assert problems == [], "\n".join(problems)
    assert crawl.changes.keys() == VIEW_RECORDS.keys()  # each named table did get its records
