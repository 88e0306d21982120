"""The site the crawler walks: the shipped modules, wiki and seminars, and one account per
role, each with what that role has on a working day (built through the app where it can be)."""

import io
import zipfile
from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from lms.accounts import services as accounts
from lms.accounts.models import User
from lms.catalog.models import Module
from lms.certificates import services as certificates
from lms.certificates.models import Certificate
from lms.core.permissions import Role
from lms.extensions import db
from lms.player.models import NotebookEntry
from lms.progress.models import ModuleProgress, Status
from lms.xapi import services as lrs
from tests.conftest import PASSWORD
from tests.crawler.learning import read_pages, take_quiz
from tests.crawler.pages import read_page
from tests.crawler.submissions import build_submission

ROLES = ("anonymous", "learner", "author", "coordinator", "admin")
CRAWLS = (*ROLES, "anonymous-en")
"""Who crawls: each role in German, and visitors once more in English (the second language)."""

PASSED = ("grundlagen-demografie", "strategie-monitoring", "mobilitaet", "wohnen-quartier",
          "pflege-gesundheit")
"""Modules the learner passed: the course's required ones and three electives (certificate)."""
FAILED, IN_PROGRESS = "bildung-jugend", "ehrenamt-engagement"

UPLOADED_MODULE = {
    "module.toml": """id = "quartiersrundgang"
version = "1.0.0"
title = "Quartiersrundgang mit Älteren"
summary = "Wie ein Rundgang zeigt, was im Quartier fehlt."
topics = ["wohnen"]
target_groups = ["verwaltung", "ehrenamt"]
level = "einstieg"
minutes = 15
language = "de"
authors = ["Armin Autor"]
objectives = ["Sie können einen Quartiersrundgang planen."]
prerequisites = []
wiki = ["quartiersmanagement-aufbauen"]
seminars = ["wohnen-2025-04"]
certificate_hours = 0.5
certificate = false

[completion]
pages = "all"
quiz = true

[quiz]
pass_threshold = 0.5
max_attempts = 3
shuffle = false
""",
    "pages/01-planen.md": """# Den Rundgang planen

Lesen Sie vorher [Quartiersmanagement aufbauen](wiki:quartiersmanagement-aufbauen), sehen Sie
das [Seminar zum Wohnen](seminar:wohnen-2025-04) und das Modul
[Wohnen im Quartier](modul:wohnen-quartier).

::: reflection #rundgang-transfer
Welchen Weg gehen Sie in Ihrem Quartier zuerst ab?
:::
""",
    "quiz.md": """::: true-false #q-rundgang
Ein Quartiersrundgang findet am besten gemeinsam mit älteren Menschen statt.

Lösung: richtig
:::
""",
}


ADDED_SECTION = """

## Erfahrungen aus Nordstadt

Siehe auch [Rufbus im Landkreis](wiki:rufbus-landkreis) und das
[Seminar zur Mobilität](seminar:mobilitaet-2025-03).
"""


@dataclass
class Site:
    """The accounts by role (anonymous has none) and a logged-in client per crawl."""

    accounts: dict[str, User]
    clients: dict[str, FlaskClient]


def _organisation(name: str, ags: str):
    return accounts.save_organisation(None, name=name, kind="gemeinde", state_code="03", ags=ags)


def _user(name: str, email: str, organisation=None, roles=()) -> User:
    user = accounts.create_user(email=email, name=name, password=PASSWORD, confirmed=True,
                                organisation_id=organisation.id if organisation else None,
                                roles={Role(role) for role in roles})
    db.session.commit()
    return user


def logged_in(app: Flask, user: User | None) -> FlaskClient:
    """A fresh client, logged in through the login form as ``user`` (anonymous for None)."""
    client = app.test_client()
    if user is not None:
        response = client.post("/anmelden", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
    return client


def _upload(client: FlaskClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in UPLOADED_MODULE.items():
            archive.writestr(name, text)
    response = client.post("/autorenbereich/module", content_type="multipart/form-data",
                           data={"package": (io.BytesIO(buffer.getvalue()), "rundgang.zip")})
    assert "neu angelegt" in response.get_data(as_text=True), response.get_data(as_text=True)


def submit_form(client: FlaskClient, url: str, values: dict) -> None:
    """Open ``url``, change ``values`` in its POST form and send it as a browser would; a
    callable value gets the field's current text and returns the new one."""
    form = next(f for f in read_page(client.get(url).get_data(as_text=True)).forms
                if f.method == "post" and any(field.name in values for field in f.fields))
    chosen = [(i, value(field.default) if callable(value) else value)
              for i, field in enumerate(form.fields)
              if (value := values.get(field.name)) is not None]
    response = client.post(form.action or url, data=MultiDict(build_submission(form, chosen).query))
    assert response.status_code == 302, response.get_data(as_text=True)


def _curate(client: FlaskClient) -> None:
    """The author adds a section to a wiki page (a second revision) and a recording link."""
    submit_form(client, "/wiki/buergerbus-gruenden/bearbeiten", {
        "body": lambda body: body + ADDED_SECTION,
        "note": "Erfahrungen ergänzt"})
    submit_form(client, "/seminare/mobilitaet-2025-03/bearbeiten",
                {"recording_url": "https://video.zukunftsraum-demografie.de/mobilitaet"})


def _learn(client: FlaskClient) -> None:
    """Five modules passed (the course, so a certificate), one failed, one half read, two on
    the plan; the transfer tasks answered on the way fill the notebook."""
    for slug in PASSED:
        read_pages(client, slug)
        take_quiz(client, slug, right=True)
    read_pages(client, FAILED)
    take_quiz(client, FAILED, right=False)
    read_pages(client, IN_PROGRESS, pages=2)
    for slug in (IN_PROGRESS, "buergerbeteiligung"):
        assert client.post(f"/lernplan/{slug}").status_code == 302


def _check_history(learner: User) -> None:
    """The learner's records are what the crawl is meant to meet (else the setup is wrong)."""
    statuses = dict(db.session.execute(
        select(Module.slug, ModuleProgress.status).join(Module)
        .where(ModuleProgress.user_id == learner.id)).all())
    assert statuses == {**dict.fromkeys(PASSED, Status.PASSED), FAILED: Status.FAILED,
                        IN_PROGRESS: Status.IN_PROGRESS}, statuses
    assert db.session.scalar(select(func.count(NotebookEntry.id))
                             .where(NotebookEntry.user_id == learner.id)) >= 3


def build_site(app: Flask) -> Site:
    """Shipped content, two organisations, one account per role and their history."""
    for seeder in ("Module", "Wiki und Seminare"):
        app.extensions["lms_seeders"][seeder]()
    north = _organisation("Stadt Nordstadt", "03241001")
    south = _organisation("Gemeinde Südheim", "03241002")
    users = {
        "learner": _user("Lena Lernende", "lena@nordstadt.de", north),
        "author": _user("Armin Autor", "armin@netzwerk.de", roles=["author"]),
        "coordinator": _user("Katrin Koordination", "katrin@nordstadt.de", north,
                             ["coordinator"]),
        "admin": _user("Ada Admin", "ada@netzwerk.de", roles=["admin"]),
    }
    _user("Jonas Jakobs", "jonas@nordstadt.de", north)
    sven = _user("Sven Südheimer", "sven@suedheim.de", south)
    author = logged_in(app, users["author"])
    _upload(author)
    _curate(author)
    _learn(logged_in(app, users["learner"]))
    _check_history(users["learner"])
    read_pages(logged_in(app, sven), "mobilitaet", pages=1)
    issued = list(db.session.scalars(select(Certificate.id)))
    assert issued, "the learner's course should have earned a certificate"
    for certificate_id in issued:
        assert certificates.render_certificate(certificate_id)  # as the background job would
    lrs.create_client("Statistikamt")
    db.session.commit()
    clients = {role: logged_in(app, users.get(role)) for role in ROLES}
    clients["anonymous-en"] = app.test_client()
    assert clients["anonymous-en"].post("/sprache", data={"locale": "en"}).status_code == 302
    return Site(users, clients)
