"""xAPI statements about a learner in a native module, built with the ``tincan`` library."""

import copy
import itertools
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tincan import (
    Activity,
    ActivityDefinition,
    Agent,
    AgentAccount,
    Context,
    ContextActivities,
    Extensions,
    InteractionComponent,
    InteractionComponentList,
    LanguageMap,
    Result,
    Score,
    Statement,
    Verb,
)

from lms.core.models import utcnow
from lms.core.vocabulary import (
    VERB_NAMES,
    ActivityType,
    activity_iri,
    course_iri,
    interaction_iri,
    module_iri,
    page_iri,
    quiz_iri,
)
from lms.core.vocabulary import (
    Verb as Verbs,
)
from lms.player.scoring import Outcome, item_ids, match_targets

LANGUAGE = "de-DE"
XAPI_VERSION = "1.0.3"
MAX_PATTERNS = 12
MAX_SERIALISED = 4096
_SERIALISED: dict[tuple, dict] = {}
"""Serialised contexts and interaction definitions, keyed by what determines them."""


@dataclass(frozen=True)
class Track:
    """Who learns what, in which registration: everything a statement's frame needs."""

    base_url: str
    actor_name: str
    module_slug: str
    module_title: str
    version: str
    registration: str
    course_slug: str | None = None


def _text(value: str, limit: int = 250) -> LanguageMap:
    plain = re.sub(r"[*_`#>\[\]]|\u2983\d+\u2984", "", value)
    plain = " ".join(plain.split())
    return LanguageMap({LANGUAGE: plain[:limit] or "–"})


def _serialised(key: tuple, build: Callable[[], Any]) -> dict:
    """A tincan object as an xAPI 1.0.3 dict, built once per key (tincan serialising is slow)."""
    found = _SERIALISED.get(key)
    if found is None:
        if len(_SERIALISED) >= MAX_SERIALISED:
            _SERIALISED.clear()
        found = _SERIALISED[key] = build().as_version(XAPI_VERSION)
    return copy.deepcopy(found)


def _context(track: Track, extensions: dict | None = None, *, parent: bool = True) -> dict:
    """The statement context: registration, revision, module as parent, course as grouping."""

    def build() -> Context:
        activities = ContextActivities()
        if parent:
            activities.parent = [Activity(id=module_iri(track.base_url, track.module_slug))]
        if track.course_slug:
            activities.grouping = [Activity(id=course_iri(track.base_url, track.course_slug))]
        return Context(
            registration=track.registration,
            revision=track.version,
            platform="Lernraum",
            language=LANGUAGE,
            context_activities=activities,
            extensions=Extensions(extensions) if extensions else None,
        )

    return _serialised(("context", track, tuple(sorted((extensions or {}).items())), parent), build)


def _statement(
    track: Track,
    verb: str,
    activity: Activity,
    *,
    result: Result | None = None,
    context: dict | None = None,
    definition: dict | None = None,
) -> dict:
    statement = Statement(
        id=str(uuid.uuid4()),
        actor=Agent(account=AgentAccount(home_page=track.base_url, name=track.actor_name)),
        verb=Verb(id=verb, display=LanguageMap({LANGUAGE: VERB_NAMES[verb]})),
        object=activity,
        result=result,
        timestamp=utcnow(),
    )
    data = statement.as_version(XAPI_VERSION)
    data["context"] = context or _context(track)
    if definition:
        data["object"]["definition"] = definition
    return data


def _module_activity(track: Track) -> Activity:
    return Activity(
        id=module_iri(track.base_url, track.module_slug),
        definition=ActivityDefinition(type=ActivityType.MODULE, name=_text(track.module_title)),
    )


def _module_context(track: Track) -> dict:
    return _context(track, parent=False)


def launched(track: Track) -> list[dict]:
    """``launched`` and ``initialized``: a learner opens a module in a new session."""
    return [
        _statement(track, verb, _module_activity(track), context=_module_context(track))
        for verb in (Verbs.LAUNCHED, Verbs.INITIALIZED)
    ]


def experienced(track: Track, position: int, title: str) -> dict:
    """``experienced`` a page of the module."""
    activity = Activity(
        id=page_iri(track.base_url, track.module_slug, position),
        definition=ActivityDefinition(type=ActivityType.LESSON, name=_text(title)),
    )
    return _statement(track, Verbs.EXPERIENCED, activity)


def _components(pairs: list[tuple[str, str]]) -> InteractionComponentList:
    return InteractionComponentList(
        [InteractionComponent(id=key, description=_text(text)) for key, text in pairs]
    )


def interaction_definition(element: dict) -> ActivityDefinition:
    """The cmi.interaction definition of an element: type, choices, correct responses."""
    kind = element["kind"]
    definition = ActivityDefinition(
        type=ActivityType.INTERACTION,
        name=_text(element["prompt"], 120),
        description=_text(element["prompt"], 1000),
    )
    if kind in ("single-choice", "multiple-choice"):
        definition.interaction_type = "choice"
        definition.choices = _components([(o["id"], o["text"]) for o in element["options"]])
        definition.correct_responses_pattern = [
            "[,]".join(o["id"] for o in element["options"] if o["correct"])
        ]
    elif kind == "true-false":
        definition.interaction_type = "true-false"
        definition.correct_responses_pattern = ["true" if element["answer"] else "false"]
    elif kind == "fill-in":
        definition.interaction_type = "fill-in"
        combos = itertools.islice(itertools.product(*element["gaps"]), MAX_PATTERNS)
        definition.correct_responses_pattern = [
            "{case_matters=false}" + "[,]".join(c) for c in combos
        ]
    elif kind == "ordering":
        definition.interaction_type = "sequencing"
        definition.choices = _components(
            list(zip(item_ids(element), element["items"], strict=True))
        )
        definition.correct_responses_pattern = ["[,]".join(item_ids(element))]
    elif kind == "matching":
        targets = match_targets(element)
        definition.interaction_type = "matching"
        definition.source = _components(
            [(f"l{n}", p["left"]) for n, p in enumerate(element["pairs"], 1)]
        )
        definition.target = _components([(f"r{n}", t) for n, t in enumerate(targets, 1)])
        definition.correct_responses_pattern = [
            "[,]".join(
                f"l{n}[.]r{targets.index(p['right']) + 1}"
                for n, p in enumerate(element["pairs"], 1)
            )
        ]
    else:
        definition.interaction_type = "other"
    return definition


def response_text(element: dict, answer: dict) -> str | None:
    """The xAPI ``result.response`` of an answer; free texts stay private and are left out."""
    kind = element["kind"]
    if kind == "single-choice":
        return answer["choice"]
    if kind == "multiple-choice":
        return "[,]".join(answer["choices"])
    if kind == "true-false":
        return "true" if answer["value"] else "false"
    if kind == "fill-in":
        return "[,]".join(gap.replace("[,]", ",") for gap in answer["gaps"])
    if kind == "ordering":
        return "[,]".join(answer["order"])
    if kind == "matching":
        return "[,]".join(f"{left}[.]{right}" for left, right in answer["matches"].items())
    if kind == "self-check":
        return answer.get("rating")
    return None


def answered(
    track: Track, element: dict, answer: dict, outcome: Outcome | None, attempt: int | None = None
) -> dict:
    """``answered`` an interaction, with its definition, response and (if scorable) result."""
    activity = Activity(id=interaction_iri(track.base_url, track.module_slug, element["id"]))
    definition = _serialised(
        ("definition", track.module_slug, track.version, element["id"]),
        lambda: interaction_definition(element),
    )
    result = Result(completion=True, response=response_text(element, answer))
    if outcome is not None:
        result.success = outcome.correct
        result.score = Score(
            scaled=1.0 if outcome.correct else 0.0, raw=int(outcome.correct), min=0, max=1
        )
    extensions = (
        {activity_iri(track.base_url, "extensions", "attempt"): attempt} if attempt else None
    )
    return _statement(
        track,
        Verbs.ANSWERED,
        activity,
        result=result,
        context=_context(track, extensions),
        definition=definition,
    )


def quiz_result(track: Track, *, passed: bool, points: int, max_points: int, attempt: int) -> dict:
    """``passed`` or ``failed`` the final test, with the scaled score."""
    activity = Activity(
        id=quiz_iri(track.base_url, track.module_slug),
        definition=ActivityDefinition(
            type=ActivityType.ASSESSMENT, name=_text(f"Abschlusstest: {track.module_title}")
        ),
    )
    scaled = round(points / max_points, 4) if max_points else 0.0
    result = Result(
        success=passed,
        completion=True,
        score=Score(scaled=scaled, raw=points, min=0, max=max_points),
    )
    extensions = {activity_iri(track.base_url, "extensions", "attempt"): attempt}
    return _statement(
        track,
        Verbs.PASSED if passed else Verbs.FAILED,
        activity,
        result=result,
        context=_context(track, extensions),
    )


def completed(track: Track, best_score: float | None) -> dict:
    """``completed`` the module: its completion rule is met."""
    result = Result(completion=True)
    if best_score is not None:
        result.success = True
        result.score = Score(scaled=best_score)
    return _statement(
        track,
        Verbs.COMPLETED,
        _module_activity(track),
        result=result,
        context=_module_context(track),
    )
