"""A generated network whose learning is recorded through the real LRS write path, so the
report figures can be checked against direct counts over the stored statements."""

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask import current_app

from lms.accounts.models import Organisation, User
from lms.catalog.models import Course, CourseModule, Module, ModuleVersion
from lms.core.vocabulary import Verb, activity_iri, learner_account, module_iri
from lms.extensions import db
from lms.xapi.services import record_statements

NOW = datetime.now(UTC).replace(microsecond=0)
PAGES = 3
QUESTIONS = ("frage-a", "frage-b")
TOPICS = (["mobilitaet"], ["wohnen", "mobilitaet"], ["pflege-gesundheit"])
WIKI = ("buergerbus-gruenden", "rufbus-landkreis", "sozialraumanalyse")
SEMINARS = ("mobilitaet-2025-03", "wohnen-2025-06")


def build_quiz_module(n: int, topics: list[str]) -> Module:
    """A published module with three pages and a two-question final test (70 %)."""
    module = Module(slug=f"gen-modul-{n}-{uuid.uuid4().hex[:6]}", kind="native")
    db.session.add(module)
    db.session.flush()
    pages = [{"position": p, "title": f"Seite {p} von Modul {n}", "elements": []}
             for p in range(1, PAGES + 1)]
    quiz = {"file": "quiz.md", "questions": [{"id": q, "kind": "true-false", "prompt": q,
                                              "answer": True} for q in QUESTIONS]}
    version = ModuleVersion(
        module_id=module.id, version="1.0.0", title=f"Generiertes Modul {n}",
        content_hash=uuid.uuid4().hex * 2,
        manifest={"id": module.slug, "topics": topics,
                  "completion": {"pages": "all", "quiz": True},
                  "quiz": {"pass_threshold": 0.7}},
        content={"pages": pages, "quiz": quiz})
    db.session.add(version)
    db.session.flush()
    module.current_version_id = version.id
    db.session.commit()
    return module


@dataclass
class Dataset:
    """Organisations with learners and coordinators, modules, a course, and the learning."""

    organisations: list[Organisation]
    coordinators: dict[int, User]
    learners: dict[int, list[User]]
    modules: list[Module]
    course: Course
    statements: list[dict] = field(default_factory=list)

    @property
    def everyone(self) -> list[User]:
        return [user for users in self.learners.values() for user in users]


class Learning:
    """Makes the statements of one learner, in order, with timestamps in the past."""

    def __init__(self, rnd: random.Random, base_url: str, user: User, start: datetime):
        self.rnd, self.base, self.user, self.at = rnd, base_url, user, start
        self.statements: list[dict] = []
        self.revision = "1.0.0"

    def _add(self, verb: str, iri: str, *, registration=None, result=None, parent=None,
             name: str | None = None) -> None:
        self.at += timedelta(minutes=self.rnd.randint(1, 12))
        statement = {"id": str(uuid.uuid4()),
                     "actor": learner_account(self.base, self.user.xapi_name),
                     "verb": {"id": verb, "display": {"de-DE": verb.rsplit("/", 1)[-1]}},
                     "object": {"id": iri, "objectType": "Activity"},
                     "timestamp": self.at.isoformat().replace("+00:00", "Z")}
        if name:
            statement["object"]["definition"] = {"name": {"de-DE": name}}
        context = {}
        if registration:
            context.update(registration=registration, revision=self.revision)
        if parent:
            context["contextActivities"] = {"parent": [{"id": parent}]}
        if context:
            statement["context"] = context
        if result:
            statement["result"] = result
        self.statements.append(statement)

    def module(self, module: Module, *, pages: int, answers: list[list[bool]]) -> None:
        """Open the module, see ``pages`` pages, take one test attempt per answer list (one
        answer per question of the module's final test)."""
        base = module_iri(self.base, module.slug)
        content = module.current_version.content
        questions = [q["id"] for q in (content.get("quiz") or {}).get("questions", [])]
        self.revision = module.current_version.version
        registration = str(uuid.uuid4())
        self._add(Verb.LAUNCHED, base, registration=registration)
        self._add(Verb.INITIALIZED, base, registration=registration)
        for position in range(1, pages + 1):
            self._add(Verb.EXPERIENCED, f"{base}/page/{position}", registration=registration,
                      parent=base, name=f"Seite {position}")
        passed = False
        for attempt in answers:
            if passed or not questions:  # nobody retakes a passed test
                break
            attempt = attempt[:len(questions)]
            for question, correct in zip(questions, attempt, strict=True):
                self._add(Verb.ANSWERED, f"{base}/interaction/{question}",
                          registration=registration, parent=base,
                          result={"success": correct, "response": str(correct).lower()})
            score = sum(attempt) / len(attempt)
            passed = score >= 0.7
            self._add(Verb.PASSED if passed else Verb.FAILED, f"{base}/quiz",
                      registration=registration, parent=base,
                      result={"success": passed, "score": {"scaled": score}})
        if passed and pages == len(content["pages"]):
            self._add(Verb.COMPLETED, base, registration=registration,
                      result={"completion": True})

    def wiki(self, slug: str) -> None:
        self._add(Verb.READ, activity_iri(self.base, "wiki", slug), name=slug)

    def seminar(self, slug: str) -> None:
        self._add(Verb.PLAYED, activity_iri(self.base, "seminar", slug), name=slug)


def _learn(rnd: random.Random, base: str, user: User, modules: list[Module]) -> list[dict]:
    learning = Learning(rnd, base, user, NOW - timedelta(days=rnd.randint(2, 120)))
    for module in modules:
        if rnd.random() < 0.3:
            continue
        count = len(module.current_version.content["pages"])
        pages = rnd.choice([1, 2, count, count, count])
        attempts = [] if pages < count else [
            [rnd.random() < 0.8 for _q in range(8)] for _a in range(rnd.choice([1, 1, 2]))]
        learning.module(module, pages=pages, answers=attempts)
    for _visit in range(rnd.randint(0, 3)):
        learning.wiki(rnd.choice(WIKI))
    if rnd.random() < 0.5:
        learning.seminar(rnd.choice(SEMINARS))
    learning.statements = [s for s in learning.statements
                           if s["timestamp"] < NOW.isoformat().replace("+00:00", "Z")]
    return learning.statements


def build_dataset(make_organisation, make_user, *, sizes=(7, 3, 9), seed=11) -> Dataset:
    """Three organisations with ``sizes`` learners and a coordinator each; three modules, a
    course of the first two; every learner's statements recorded through the LRS."""
    rnd = random.Random(seed)
    base = current_app.config["BASE_URL"]
    modules = [build_quiz_module(n, topics) for n, topics in enumerate(TOPICS, 1)]
    course = Course(slug=f"gen-kurs-{uuid.uuid4().hex[:6]}", version="1.0",
                    title="Generierter Kurs", electives_needed=0)
    course.entries = [CourseModule(module_id=m.id, required=True, position=i)
                      for i, m in enumerate(modules[:2])]
    db.session.add(course)
    db.session.commit()
    organisations, coordinators, learners, statements = [], {}, {}, []
    for n, size in enumerate(sizes, 1):
        organisation = make_organisation(name=f"Generierte Gemeinde {n}",
                                         state_code=("03", "09", "03")[n - 1],
                                         ags=f"{('03', '09', '03')[n - 1]}{n:06d}")
        organisations.append(organisation)
        coordinators[organisation.id] = make_user(roles=["coordinator"],
                                                  organisation=organisation)
        learners[organisation.id] = [make_user(organisation=organisation,
                                               name=f"Lernende {n}-{i:02d}")
                                     for i in range(size)]
        for user in learners[organisation.id]:
            mine = _learn(rnd, base, user, modules)
            if mine:
                record_statements(mine)
            statements.extend(mine)
    return Dataset(organisations, coordinators, learners, modules, course, statements)


