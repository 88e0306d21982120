"""What the page of one seminar shows: the player's media, transcript, related resources."""

from dataclasses import dataclass, field

from flask import current_app, url_for
from markupsafe import Markup

from lms.resources import catalog, registry
from lms.resources.markup import render_content
from lms.resources.media import read_text
from lms.seminars.captions import CaptionError, Cue, chapter_seconds, parse_vtt
from lms.seminars.models import Seminar


@dataclass(frozen=True)
class Track:
    """A caption track for the ``<track>`` element."""

    lang: str
    label: str
    url: str


@dataclass
class Player:
    """Everything the HTML5 player needs; ``video_url`` empty when there is no video."""

    video_url: str = ""
    video_type: str = ""
    tracks: list[Track] = field(default_factory=list)
    chapters: list[tuple[int, str, str]] = field(default_factory=list)  # seconds, mark, title
    event_url: str = ""
    slides_url: str = ""


def player(seminar: Seminar, came_from: str) -> Player:
    """The media of ``seminar`` as the template and the player script use them."""
    result = Player(chapters=[(chapter_seconds(c["at"]), c["at"], c["title"])
                              for c in seminar.chapters or []])
    if seminar.slides_file:
        result.slides_url = url_for("seminars.show_slides", slug=seminar.slug)
    if not seminar.video_file:
        return result
    result.video_url = url_for("seminars.show_video", slug=seminar.slug)
    result.video_type = "video/mp4" if seminar.video_file.endswith(".mp4") else "video/webm"
    result.tracks = [Track(c["lang"], c["label"], url_for("seminars.show_captions",
                                                          slug=seminar.slug, lang=c["lang"]))
                     for c in seminar.captions or []]
    if "seminars.record_video_event" in current_app.view_functions:
        result.event_url = url_for("seminars.record_video_event", slug=seminar.slug,
                                   von=came_from or None)
    return result


@dataclass(frozen=True)
class Transcript:
    """Either timed cues (from the German captions) or a written transcript or minutes."""

    cues: list[Cue]
    text: Markup | None


def transcript(seminar: Seminar) -> Transcript:
    """Cues of the first caption track if there is a video, and the written transcript."""
    cues: list[Cue] = []
    if seminar.video_file and seminar.captions:
        preferred = sorted(seminar.captions, key=lambda c: c["lang"] != "de")[0]
        try:
            cues = parse_vtt(read_text(preferred["file"]))
        except CaptionError:
            cues = []
    text = render_content(seminar.transcript, top=3) if seminar.transcript else None
    return Transcript(cues, text)


def related_modules(seminar: Seminar, came_from: str) -> list[catalog.ModuleLink]:
    """Modules that list the seminar, and those the seminar names, without doubles."""
    found = {link.slug: link for link in catalog.modules_pointing_to("seminars", seminar.slug)}
    named = catalog.module_titles(seminar.related_modules or [])
    for slug in seminar.related_modules or []:
        if slug in named and slug not in found:
            found[slug] = catalog.ModuleLink(slug, named[slug])
    return sorted(found.values(), key=lambda link: link.title)


def related_wiki(seminar: Seminar, came_from: str) -> list[tuple[str, str]]:
    """``(title, url)`` of the wiki pages the seminar names, in its order."""
    titles = registry.titles("wiki", seminar.related_wiki or [])
    kind = registry.kind("wiki")
    if kind is None:
        return []
    return [(titles[slug], url_for(kind.endpoint, slug=slug)) for slug in
            seminar.related_wiki or [] if slug in titles]
