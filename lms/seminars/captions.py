"""WebVTT captions: checked on upload, read into cues for the transcript beside the player.

Cue text is shown as plain text (tags such as ``<v Sprecherin>`` or ``<b>`` are dropped and
everything is escaped by the template), so a caption file cannot inject markup.
"""

import re
from dataclasses import dataclass

TIMING = re.compile(r"^((?:\d{1,2}:)?\d{1,2}:\d{2}\.\d{3})\s+-->\s+((?:\d{1,2}:)?\d{1,2}:\d{2}"
                    r"\.\d{3})")
TAG = re.compile(r"<[^>]{0,200}>")
MAX_BYTES = 2_000_000


class CaptionError(ValueError):
    """A caption file that is not usable WebVTT; the message says why (German)."""


@dataclass(frozen=True)
class Cue:
    """One caption: from ``start`` to ``end`` seconds, its plain text."""

    start: float
    end: float
    text: str


def seconds(stamp: str) -> float:
    """``01:02:03.500`` or ``02:03.500`` as seconds."""
    parts = [float(part) for part in stamp.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0.0)
    hours, minutes, secs = parts
    return hours * 3600 + minutes * 60 + secs


def parse_vtt(text: str) -> list[Cue]:
    """The cues of a WebVTT file; raises CaptionError if it is not WebVTT or has none."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("WEBVTT"):
        raise CaptionError("Eine WebVTT-Datei beginnt mit der Zeile „WEBVTT“.")
    cues = []
    for block in re.split(r"\n{2,}", text):
        lines = block.strip("\n").split("\n")
        index = next((n for n, line in enumerate(lines) if TIMING.match(line)), None)
        if index is None:
            continue
        timing = TIMING.match(lines[index])
        start, end = seconds(timing[1]), seconds(timing[2])
        if end < start:
            raise CaptionError(f"Eine Untertitelzeile endet vor ihrem Beginn ({lines[index]}).")
        words = " ".join(TAG.sub("", line) for line in lines[index + 1:]).strip()
        words = words.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        if words:
            cues.append(Cue(start, end, words))
    if not cues:
        raise CaptionError("Die Datei enthält keine Untertitel mit Zeitangaben.")
    return cues


def check_vtt(data: bytes) -> None:
    """Raise CaptionError unless ``data`` is UTF-8 WebVTT with cues, within the size limit."""
    if len(data) > MAX_BYTES:
        raise CaptionError("Die Untertiteldatei ist zu groß (höchstens 2 MB).")
    try:
        parse_vtt(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise CaptionError("Die Untertiteldatei muss in UTF-8 gespeichert sein.") from error


def chapter_seconds(at: str) -> int:
    """A chapter mark ``HH:MM`` (hours and minutes) or ``HH:MM:SS`` as seconds."""
    parts = [int(part) for part in at.split(":")]
    if len(parts) == 2:
        return parts[0] * 3600 + parts[1] * 60
    return parts[0] * 3600 + parts[1] * 60 + parts[2]
