"""The topics of the network: shared vocabulary of modules, wiki pages and seminars."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """One field of action in demographic change."""

    slug: str
    title: str
    summary: str


TOPICS = (
    Topic("mobilitaet", "Mobilität", "Bus, Bahn, Rufbus und Bürgerbus: mobil bleiben in Stadt und Land."),
    Topic("wohnen", "Wohnen", "Barrierearm wohnen, Quartiere entwickeln, Leerstand nutzen."),
    Topic("pflege-gesundheit", "Pflege & Gesundheit", "Versorgung vor Ort, Pflegenetzwerke, Prävention."),
    Topic("bildung-jugend", "Bildung & Jugend", "Kitas, Schulen und Perspektiven für junge Menschen."),
    Topic("ehrenamt-engagement", "Ehrenamt & Engagement", "Freiwillige gewinnen, begleiten und halten."),
    Topic("buergerbeteiligung", "Bürgerbeteiligung", "Menschen an Entscheidungen beteiligen, die sie betreffen."),
    Topic("daten-strategie", "Daten & Strategie", "Demografische Daten lesen, Ziele setzen, Wirkung messen."),
)

TOPIC_BY_SLUG = {topic.slug: topic for topic in TOPICS}


def topic_title(slug: str) -> str:
    """The German title of a topic slug (the slug itself if unknown)."""
    topic = TOPIC_BY_SLUG.get(slug)
    return topic.title if topic else slug
