"""A learner's statements as a readable German timeline ("hat das Modul „Mobilität“
abgeschlossen", "hat die Quizfrage 3 falsch beantwortet"), newest first, page by page."""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.models import User
from lms.catalog.models import Module, ModuleVersion
from lms.core.vocabulary import VERB_NAMES, Verb, learner_account
from lms.extensions import db
from lms.xapi.formats import StatementError, parse_timestamp
from lms.xapi.services import query_statements

PAGE_SIZE = 50
HIDDEN_VERBS = (Verb.INITIALIZED, Verb.VOIDED)
"""Verbs that add nothing a reader needs (``initialized`` follows every ``launched``)."""


@dataclass(frozen=True)
class Entry:
    """One line of the timeline."""

    at: datetime
    text: str
    verb: str


@dataclass(frozen=True)
class Timeline:
    """A page of entries and the token of the next (older) page."""

    entries: list[Entry]
    more: str | None


def _name(obj: dict) -> str:
    names = (obj.get("definition") or {}).get("name") or {}
    return names.get("de-DE") or names.get("de") or next(iter(names.values()), "") or ""


class Describer:
    """Turns statements into sentences; looks up module titles and quiz questions once."""

    def __init__(self, base_url: str):
        self.prefix = base_url.rstrip("/") + "/xapi/activities/"
        self.versions: dict[tuple[str, str], ModuleVersion | None] = {}

    def _version(self, slug: str, revision: str | None) -> ModuleVersion | None:
        key = (slug, revision or "")
        if key not in self.versions:
            query = select(ModuleVersion).join(Module, Module.id == ModuleVersion.module_id)
            query = query.where(Module.slug == slug)
            found = db.session.scalar(query.where(ModuleVersion.version == revision)
                                      ) if revision else None
            if found is None:
                found = db.session.scalar(query.where(
                    Module.current_version_id == ModuleVersion.id))
            self.versions[key] = found
        return self.versions[key]

    def _module_title(self, slug: str, revision: str | None, fallback: str) -> str:
        version = self._version(slug, revision)
        return version.title if version else (fallback or slug)

    def describe(self, statement: dict) -> str:
        """The sentence for one statement (without the subject: "hat … abgeschlossen")."""
        verb = (statement.get("verb") or {}).get("id", "")
        obj = statement.get("object") or {}
        iri = obj.get("id", "")
        revision = (statement.get("context") or {}).get("revision")
        if iri.startswith(self.prefix):
            parts = iri[len(self.prefix):].split("/")
            if parts[0] == "module" and len(parts) >= 2:
                return self._in_module(statement, verb, parts[1], parts[2:], revision)
            if parts[0] == "wiki" and verb == Verb.READ:
                return _("hat die Wiki-Seite „%(title)s“ gelesen", title=_name(obj) or parts[-1])
            if parts[0] == "seminar":
                return self._seminar(verb, parts, _name(obj))
        return self._generic(verb, _name(obj) or iri)

    def _seminar(self, verb: str, parts: list[str], name: str) -> str:
        """The seminar page was opened (``seminar/<slug>``), or its recording (named
        „Aufzeichnung: …“) played, paused, skipped in or watched to the end."""
        title = name or "/".join(parts[1:])
        if len(parts) == 2:
            if verb == Verb.EXPERIENCED:
                return _("hat das Online-Seminar „%(title)s“ aufgerufen", title=title)
            return self._generic(verb, title)
        if verb == Verb.COMPLETED:
            return _("hat „%(title)s“ bis zum Ende angesehen", title=title)
        return self._generic(verb, title)

    def _generic(self, verb: str, title: str) -> str:
        if verb == Verb.SEEKED:  # not "hat … gesprungen"
            return _("ist in „%(title)s“ gesprungen", title=title)
        display = VERB_NAMES.get(verb) or verb.rstrip("/").rsplit("/", 1)[-1]
        return _("hat „%(title)s“ %(verb)s", title=title, verb=_(display))

    def _in_module(self, statement: dict, verb: str, slug: str, rest: list[str],
                   revision: str | None) -> str:
        obj = statement["object"]
        result = statement.get("result") or {}
        module = self._module_title(slug, revision, _name(obj) if not rest else "")
        if not rest:
            sentences = {Verb.LAUNCHED: _("hat das Modul „%(module)s“ geöffnet", module=module),
                         Verb.COMPLETED: _("hat das Modul „%(module)s“ abgeschlossen",
                                           module=module)}
            return sentences.get(verb) or self._generic(verb, module)
        if rest[0] == "page" and verb == Verb.EXPERIENCED:
            return _("hat im Modul „%(module)s“ Seite %(number)s „%(title)s“ angesehen",
                     module=module, number=rest[-1], title=_name(obj))
        if rest[0] == "quiz" and verb in (Verb.PASSED, Verb.FAILED):
            score = (result.get("score") or {}).get("scaled")
            percent = "" if score is None else f" ({round(100 * score)} %)"
            if verb == Verb.PASSED:
                return _("hat den Abschlusstest im Modul „%(module)s“ bestanden",
                         module=module) + percent
            return _("hat den Abschlusstest im Modul „%(module)s“ nicht bestanden",
                     module=module) + percent
        if rest[0] == "interaction" and verb == Verb.ANSWERED:
            return self._answer(slug, revision, rest[-1], module, obj, result.get("success"))
        return self._generic(verb, _name(obj) or module)

    def _answer(self, slug: str, revision: str | None, element_id: str, module: str, obj: dict,
                success: bool | None) -> str:
        version = self._version(slug, revision)
        questions = ((version.content or {}).get("quiz") or {}).get("questions", []) \
            if version else []
        number = next((n for n, q in enumerate(questions, 1) if q.get("id") == element_id), None)
        if number is not None:
            if success is None:
                return _("hat die Quizfrage %(number)s im Modul „%(module)s“ beantwortet",
                         number=number, module=module)
            if success:
                return _("hat die Quizfrage %(number)s im Modul „%(module)s“ richtig "
                         "beantwortet", number=number, module=module)
            return _("hat die Quizfrage %(number)s im Modul „%(module)s“ falsch beantwortet",
                     number=number, module=module)
        task = _name(obj) or element_id
        if success is None:
            return _("hat die Aufgabe „%(task)s“ im Modul „%(module)s“ bearbeitet", task=task,
                     module=module)
        if success:
            return _("hat die Aufgabe „%(task)s“ im Modul „%(module)s“ richtig gelöst",
                     task=task, module=module)
        return _("hat die Aufgabe „%(task)s“ im Modul „%(module)s“ nicht richtig gelöst",
                 task=task, module=module)


def _concerns(statement: dict, name: str) -> bool:
    for agent in (statement.get("actor") or {}, statement.get("object") or {}):
        if ((agent.get("account") or {}).get("name")) == name:
            return True
    return False


def timeline(learner: User, more: str | None = None, limit: int = PAGE_SIZE) -> Timeline | None:
    """A page of the learner's timeline; ``None`` when ``more`` is not a continuation of this
    learner's own timeline (a forged or foreign token)."""
    base_url = current_app.config["BASE_URL"]
    try:
        if more:
            statements, next_more = query_statements(more=more)
        else:
            statements, next_more = query_statements(
                agent=learner_account(base_url, learner.xapi_name), limit=limit)
    except (StatementError, ValueError, KeyError, TypeError):
        return None
    if not all(_concerns(statement, learner.xapi_name) for statement in statements):
        return None
    describer = Describer(base_url)
    entries = []
    for statement in statements:
        verb = (statement.get("verb") or {}).get("id", "")
        if verb in HIDDEN_VERBS:
            continue
        moment = parse_timestamp(statement.get("timestamp") or statement["stored"], "timestamp",
                                 "1.0.3")
        entries.append(Entry(moment, describer.describe(statement), verb))
    return Timeline(entries, next_more)
