"""The topics of the network: shared vocabulary of modules, wiki pages and seminars."""

from dataclasses import dataclass

from lms.core.i18n import N_


@dataclass(frozen=True)
class Topic:
    """One field of action in demographic change."""

    slug: str
    title: str
    summary: str


TOPICS = (
    Topic(
        "mobilitaet",
        N_("Mobilität"),
        N_("Bus, Bahn, Rufbus und Bürgerbus: mobil bleiben in Stadt und Land."),
    ),
    Topic(
        "wohnen",
        N_("Wohnen"),
        N_("Barrierearm wohnen, Quartiere entwickeln, Leerstand nutzen."),
    ),
    Topic(
        "pflege-gesundheit",
        N_("Pflege & Gesundheit"),
        N_("Versorgung vor Ort, Pflegenetzwerke, Prävention."),
    ),
    Topic(
        "bildung-jugend",
        N_("Bildung & Jugend"),
        N_("Kitas, Schulen und Perspektiven für junge Menschen."),
    ),
    Topic(
        "ehrenamt-engagement",
        N_("Ehrenamt & Engagement"),
        N_("Freiwillige gewinnen, begleiten und halten."),
    ),
    Topic(
        "buergerbeteiligung",
        N_("Bürgerbeteiligung"),
        N_("Menschen an Entscheidungen beteiligen, die sie betreffen."),
    ),
    Topic(
        "daten-strategie",
        N_("Daten & Strategie"),
        N_("Demografische Daten lesen, Ziele setzen, Wirkung messen."),
    ),
)

TOPIC_BY_SLUG = {topic.slug: topic for topic in TOPICS}


def topic_title(slug: str) -> str:
    """The German title of a topic slug (the slug itself if unknown)."""
    topic = TOPIC_BY_SLUG.get(slug)
    return topic.title if topic else slug
