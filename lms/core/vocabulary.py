"""xAPI vocabulary of Lernraum: verb IRIs, activity types, and the IRIs of our activities.

Activity IRIs live under the platform's base URL (``<base>/xapi/activities/...``); learners
appear as an ``account`` (homePage = base URL, name = ``User.xapi_name``), never by e-mail.
"""

ADL = "http://adlnet.gov/expapi/verbs/"


class Verb:
    """Verb IRIs with their German display names."""

    LAUNCHED = ADL + "launched"
    INITIALIZED = ADL + "initialized"
    EXPERIENCED = ADL + "experienced"
    ANSWERED = ADL + "answered"
    ATTEMPTED = ADL + "attempted"
    PASSED = ADL + "passed"
    FAILED = ADL + "failed"
    COMPLETED = ADL + "completed"
    TERMINATED = ADL + "terminated"
    SUSPENDED = ADL + "suspended"
    RESUMED = ADL + "resumed"
    VOIDED = ADL + "voided"
    PLAYED = "https://w3id.org/xapi/video/verbs/played"
    PAUSED = "https://w3id.org/xapi/video/verbs/paused"
    SEEKED = "https://w3id.org/xapi/video/verbs/seeked"
    ATTENDED = ADL + "attended"
    READ = "http://activitystrea.ms/schema/1.0/read"


VERB_NAMES = {
    Verb.LAUNCHED: "gestartet",
    Verb.INITIALIZED: "begonnen",
    Verb.EXPERIENCED: "angesehen",
    Verb.ANSWERED: "beantwortet",
    Verb.ATTEMPTED: "versucht",
    Verb.PASSED: "bestanden",
    Verb.FAILED: "nicht bestanden",
    Verb.COMPLETED: "abgeschlossen",
    Verb.TERMINATED: "beendet",
    Verb.SUSPENDED: "unterbrochen",
    Verb.RESUMED: "fortgesetzt",
    Verb.VOIDED: "für ungültig erklärt",
    Verb.PLAYED: "abgespielt",
    Verb.PAUSED: "angehalten",
    Verb.SEEKED: "gesprungen",
    Verb.ATTENDED: "teilgenommen",
    Verb.READ: "gelesen",
}


class ActivityType:
    """Activity type IRIs."""

    COURSE = "http://adlnet.gov/expapi/activities/course"
    MODULE = "http://adlnet.gov/expapi/activities/module"
    LESSON = "http://adlnet.gov/expapi/activities/lesson"
    INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
    ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
    ARTICLE = "http://activitystrea.ms/schema/1.0/article"
    MEETING = "http://adlnet.gov/expapi/activities/meeting"
    VIDEO = "https://w3id.org/xapi/video/activity-type/video"


def activity_iri(base_url: str, *parts: str | int) -> str:
    """``<base>/xapi/activities/<part>/<part>...``, e.g. ``activity_iri(b, "module", slug)``."""
    return "/".join([base_url.rstrip("/"), "xapi", "activities", *map(str, parts)])


def module_iri(base_url: str, slug: str) -> str:
    return activity_iri(base_url, "module", slug)


def page_iri(base_url: str, module_slug: str, position: int) -> str:
    return activity_iri(base_url, "module", module_slug, "page", position)


def interaction_iri(base_url: str, module_slug: str, element_id: str) -> str:
    return activity_iri(base_url, "module", module_slug, "interaction", element_id)


def quiz_iri(base_url: str, module_slug: str) -> str:
    return activity_iri(base_url, "module", module_slug, "quiz")


def course_iri(base_url: str, slug: str) -> str:
    return activity_iri(base_url, "course", slug)


def wiki_iri(base_url: str, slug: str) -> str:
    return activity_iri(base_url, "wiki", slug)


def seminar_iri(base_url: str, slug: str) -> str:
    return activity_iri(base_url, "seminar", slug)


def recording_iri(base_url: str, slug: str) -> str:
    """The recording of a seminar (a video in the sense of the xAPI video profile)."""
    return activity_iri(base_url, "seminar", slug, "recording")


def learner_account(base_url: str, xapi_name: str) -> dict:
    """The actor of a learner: an account, never an e-mail address."""
    return {"objectType": "Agent", "account": {"homePage": base_url, "name": xapi_name}}
