"""A whole small site for the tests that walk every page: shipped content, one user per role
and one object of each kind, with the ids the URL tables fill in."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from lms import signals
from lms.accounts.membership import request_membership
from lms.accounts.models import User
from lms.catalog.models import Course, Module
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.packages.services import import_upload
from lms.player.models import NotebookEntry
from lms.seminars.models import Seminar
from lms.wiki import proposals
from lms.wiki.models import WikiPage, WikiRevision
from lms.xapi import services as lrs
from tests.certificates.builders import complete
from tests.conftest import PASSWORD
from tests.packages.builders import cmi5_zip

ROLES = ("anonymous", "learner", "author", "coordinator_a", "coordinator_b", "admin")
"""Coordinator A belongs to the learner's organisation, coordinator B to another one."""


@dataclass
class Site:
    """The users by role and the ids of the objects the URLs point to."""

    users: dict[str, User]
    ids: dict[str, object]


def build_site(app, make_user, make_organisation) -> Site:
    """Seed shipped modules, wiki and seminars, and one user per role with some history."""
    for seeder in ("Module", "Wiki und Seminare"):
        current_app.extensions["lms_seeders"][seeder]()
    home, other = make_organisation(), make_organisation()
    users = {
        "learner": make_user(organisation=home),
        "author": make_user(roles=["author"], organisation=home),
        "coordinator_a": make_user(roles=["coordinator"], organisation=home),
        "coordinator_b": make_user(roles=["coordinator"], organisation=other),
        "admin": make_user(roles=["admin"]),
    }
    learner = users["learner"]
    applicant = make_user(name="Anna Anfrage")
    membership_request = request_membership(applicant, home.id, notify=False)
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
    image = Path(app.config["MEDIA_STORAGE"]) / "wiki" / "buergerbus-gruenden" / "bild.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    page.image_file, page.image_alt = "upload/wiki/buergerbus-gruenden/bild.png", "Ein Bus"
    proposal = proposals.propose(page, user_id=learner.id, title=page.title,
                                 summary=page.summary, body="Neu.", note="Vorschlag",
                                 base_revision_id=None)
    db.session.commit()
    package = import_upload(cmi5_zip(), "kurs.zip", publish=True)
    learner_client = app.test_client()
    learner_client.post("/anmelden", data={"email": learner.email, "password": PASSWORD})
    assert learner_client.post("/lernen/mobilitaet/test").status_code == 302
    ids = {
        "learner_id": learner.id, "organisation_id": home.id, "note_id": note.id,
        "certificate_id": certificate.id, "code": certificate.code, "client_id": client.id,
        "revision_id": revision.id, "membership_request_id": membership_request.id,
        "applicant_id": applicant.id, "module_id": mobility.id,
        "proposal_id": proposal.id,
        "version_id": mobility.current_version_id, "package_slug": package.slug,
        "package_version_id": package.version_id,
    }
    return Site(users, ids)


def logged_in_client(app, role: str, site: Site):
    """A test client logged in as ``role`` through the login form (anonymous: not at all)."""
    client = app.test_client()
    if role != "anonymous":
        response = client.post("/anmelden",
                               data={"email": site.users[role].email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
    return client
