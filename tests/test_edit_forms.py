"""A form never drops data silently: every edit form, opened and saved unchanged, changes
nothing stored.

Every page with a form (an endpoint taking GET and POST) must be classified here, as an
edit form with the URL and role that open it, or as another kind of form with the reason;
a new form page without an entry fails ``test_every_form_page_is_classified``.
"""

import json

import pytest
from sqlalchemy import select

from lms.extensions import db
from tests.browser_form import post_forms
from tests.site import build_site, logged_in_client

EDIT_FORMS = {
    # endpoint: [(URL with {placeholders}, role that opens it), ...]
    "accounts.profile": [("/konto", "learner"), ("/konto", "coordinator_a"),
                         ("/konto", "admin")],
    "admin.edit_user": [("/admin/nutzer/{learner_id}", "admin"),
                        ("/admin/nutzer/{coordinator_a_id}", "admin"),
                        ("/admin/nutzer/{author_id}", "admin"),
                        ("/admin/nutzer/{admin_id}", "admin")],
    "admin.edit_organisation": [("/admin/organisationen/{organisation_id}", "admin")],
    "player.edit_note": [("/notizbuch/{note_id}", "learner")],
    "wiki.edit_page": [("/wiki/buergerbus-gruenden/bearbeiten", "author")],  # see REFUSED
    "seminars.edit_seminar": [("/seminare/mobilitaet-2025-03/bearbeiten", "author")],
}

OTHER_FORMS = {
    # endpoint: why saving it unchanged is meant to change something (or nothing is shown)
    "accounts.login": "logs in",
    "accounts.register": "creates an account",
    "accounts.resend_confirmation": "sends a mail",
    "accounts.forgot_password": "sends a mail",
    "accounts.reset_password": "sets a new password the person types",
    "accounts.change_password": "sets a new password the person types",
    "accounts.change_email": "mails a link to the new address the person types",
    "admin.toggle_user": "confirms a deactivation",
    "admin.edit_organisation/neu": "creates an organisation",
    "certificates.admin_reissue": "confirms a re-issue",
    "certificates.admin_revoke": "confirms a revocation",
    "packages.manage_modules": "uploads a package",
    "seminars.create_seminar": "creates a seminar",
    "seminars.delete_seminar": "confirms a deletion",
    "wiki.create_page": "creates a page",
    "wiki.delete_page": "confirms a deletion",
    "accounts.accept_invitation": "creates the invited person's account",
    "accounts.invite_people": "sends invitations",
    "assignments.list_assignments": "assigns a module or course",
    "forwarding.admin_list": "adds a forwarding target",
    "privacy.admin_delete_account": "confirms a deletion",
    "privacy.delete_own_account": "confirms a deletion",
    "seminars.manage_media": "uploads a file",
    "wiki.propose_change": "proposes a change",
    "wiki.review_proposal": "accepts or rejects a proposal",
    "xapi.list_clients": "creates an LRS client",
    "xapi.toggle_client": "confirms a lock",
    "xapi.statements": "the LRS, not a form page",
    "xapi.state": "the LRS, not a form page",
    "xapi.activity_profile": "the LRS, not a form page",
    "xapi.agent_profile": "the LRS, not a form page",
}
"""Endpoints with several rules are named ``endpoint/<first path segment that differs>``."""

REFUSED = {
    # endpoint: why the unchanged form is answered with a message instead of being saved
    "wiki.edit_page": "a change note is required",
}

IGNORED_COLUMNS = {
    ("login_session", "last_seen_at"): "when the browser was last seen, not what the form holds",
}


def _form_pages(app) -> set[str]:
    """Every (endpoint, rule) that answers GET and POST, named as in the tables above."""
    rules_by_endpoint = {}
    for rule in app.url_map.iter_rules():
        if {"GET", "POST"} <= rule.methods:
            rules_by_endpoint.setdefault(rule.endpoint, []).append(rule.rule)
    names = set()
    for endpoint, rules in rules_by_endpoint.items():
        if len(rules) == 1:
            names.add(endpoint)
            continue
        for rule in rules:
            last = rule.rstrip("/").rsplit("/", 1)[-1]
            names.add(endpoint if last.startswith("<") else f"{endpoint}/{last}")
    return names


def test_every_form_page_is_classified(app):
    pages = _form_pages(app)

    assert pages - EDIT_FORMS.keys() - OTHER_FORMS.keys() == set()
    assert (EDIT_FORMS.keys() | OTHER_FORMS.keys()) - pages == set()


def snapshot() -> dict[str, dict[tuple, dict]]:
    """Every row of every table by primary key (bookkeeping columns left out)."""
    db.session.expire_all()
    tables = {}
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if (table.name, c.name) not in IGNORED_COLUMNS]
        keys = list(table.primary_key.columns)
        rows = db.session.execute(select(*columns)).mappings().all()
        tables[table.name] = {tuple(row[c.name] for c in keys): {
            name: _frozen(value) for name, value in row.items()} for row in rows}
    db.session.rollback()
    return tables


def _frozen(value):
    """JSON columns compare by their text."""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def _difference(before: dict, after: dict) -> list[str]:
    """What changed, one line per row: added, removed, or the changed columns."""
    changes = []
    for name, rows in before.items():
        for key in rows.keys() | after[name].keys():
            old, new = rows.get(key), after[name].get(key)
            if old is None or new is None:
                changes.append(f"{name} {key}: {'neu' if old is None else 'gelöscht'}")
            elif old != new:
                changed = {column: (old[column], new[column])
                           for column in old if old[column] != new[column]}
                changes.append(f"{name} {key}: {changed}")
    return changes


CASES = [(endpoint, url, role) for endpoint, cases in EDIT_FORMS.items() for url, role in cases]


@pytest.mark.parametrize(("endpoint", "url", "role"), CASES,
                         ids=[f"{e}:{u}:{r}" for e, u, r in CASES])
def test_saving_an_edit_form_unchanged_changes_nothing(app, make_user, make_organisation,
                                                       endpoint, url, role):
    site = build_site(app, make_user, make_organisation)
    ids = {**site.ids, **{f"{name}_id": user.id for name, user in site.users.items()}}
    client = logged_in_client(app, role, site)
    url = url.format(**ids)
    page = client.get(url)
    assert page.status_code == 200
    found = post_forms(page.get_data(as_text=True), url)
    # a form without a file first; an edit form with an optional file is saved without one
    forms = [form for form in found if not form.has_file] or found
    assert forms, f"{url} zeigt kein Formular"
    before = snapshot()

    response = client.post(url, data=forms[0].data())

    assert response.status_code in (200, 302), response.get_data(as_text=True)[:2000]
    refused = "error-summary" in response.get_data(as_text=True)
    assert refused == (endpoint in REFUSED)
    assert _difference(before, snapshot()) == []
