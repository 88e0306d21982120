"""xAPI statements for reading and watching resources, with the module or course that led there."""

import json
import logging
import re

from tincan import (
    Activity,
    ActivityDefinition,
    Agent,
    AgentAccount,
    Context,
    ContextActivities,
    LanguageMap,
    Statement,
    Verb,
)

from lms.accounts.models import User
from lms.core.models import utcnow
from lms.core.vocabulary import VERB_NAMES, course_iri, learner_account, module_iri
from lms.extensions import db
from lms.resources import catalog as services
from lms.xapi import services as xapi

log = logging.getLogger(__name__)

CAME_FROM = re.compile(r"^(modul|kurs):([a-z0-9][a-z0-9-]{0,99})$")


def referrer_iri(came_from: str | None, base_url: str) -> str | None:
    """The module or course IRI named by ``?von=modul:<slug>``/``kurs:<slug>``, if it exists."""
    match = CAME_FROM.match(came_from or "")
    if not match:
        return None
    kind, slug = match[1], match[2]
    if kind == "modul" and services.module_exists(slug):
        return module_iri(base_url, slug)
    if kind == "kurs" and services.course_exists(slug):
        return course_iri(base_url, slug)
    return None


def build_statement(user: User, *, verb: str, object_iri: str, activity_type: str, title: str,
                    base_url: str, parent_iri: str | None = None) -> dict:
    """One statement as a dict: ``user`` did ``verb`` to the activity, maybe within a module."""
    account = learner_account(base_url, user.xapi_name)["account"]
    context = Context(language="de-DE", platform="Lernraum")
    if parent_iri:
        context.context_activities = ContextActivities(parent=[Activity(id=parent_iri)])
    statement = Statement(
        actor=Agent(account=AgentAccount(home_page=account["homePage"], name=account["name"])),
        verb=Verb(id=verb, display=LanguageMap({"de-DE": VERB_NAMES[verb]})),
        object=Activity(id=object_iri, definition=ActivityDefinition(
            name=LanguageMap({"de-DE": title}), type=activity_type)),
        context=context,
        timestamp=utcnow(),
    )
    return json.loads(statement.to_json())


def record_view(user: User, **statement_fields) -> bool:
    """Store the statement in the LRS; on failure log it and carry on (never break the page)."""
    try:
        xapi.record_statements([build_statement(user, **statement_fields)])
    except Exception:
        db.session.rollback()
        log.exception("xAPI-Statement für %s konnte nicht gespeichert werden",
                      statement_fields.get("object_iri"))
        return False
    return True
