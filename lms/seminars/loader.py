"""Load shipped seminars (``content/seminars/*.toml``)."""

import re
import tomllib
from datetime import date, time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from lms.core.toml import load_toml
from lms.extensions import db
from lms.resources.content import (
    ContentError,
    ContentReport,
    check_common,
    is_web_url,
    key_line,
    sync_files,
    toml_error_line,
)
from lms.seminars import services
from lms.seminars.models import Seminar

CHAPTER_TIME = re.compile(r"^(\d{1,2}:)?\d{1,2}:\d{2}$")
SEMINAR_FIELDS = {
    "slug", "title", "held_on", "duration_minutes", "speakers", "topics", "summary",
    "recording_url", "slides_url", "version", "takeaways", "description", "chapters",
    "transcript", "video", "captions", "slides", "related_wiki", "related_modules",
    "start_time", "format", "online_url", "location", "capacity",
}
MEDIA_SUFFIXES = {"video": (".webm", ".mp4"), "captions": (".vtt",), "slides": (".pdf",)}
FORMATS = ("online", "praesenz", "hybrid")
TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
SEMINAR_REQUIRED = ("slug", "title", "held_on", "duration_minutes", "speakers", "topics",
                    "summary", "version")


def _string_list(data: dict, key: str, text: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ContentError(f"„{key}“ muss eine Liste von Texten sein.", key_line(text, key))
    return [item.strip() for item in value if item.strip()]


def _url(data: dict, key: str, text: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (value and not is_web_url(value)):
        raise ContentError(f"„{key}“ muss leer sein oder mit https:// oder http:// beginnen.",
                           key_line(text, key))
    return value.strip()


def _chapters(data: dict, text: str) -> list[dict[str, str]]:
    chapters = data.get("chapters", [])
    if not isinstance(chapters, list):
        raise ContentError("„chapters“ muss als [[chapters]] angegeben werden.",
                           key_line(text, "chapters"))
    result = []
    for chapter in chapters:
        if not isinstance(chapter, dict) or not chapter.get("title") or not isinstance(
            chapter.get("at"), str
        ) or not CHAPTER_TIME.match(chapter["at"]):
            line = key_line(text, "at") if not chapter.get("title") else 0
            raise ContentError(
                f"Kapitel {chapter!r} braucht at = \"MM:SS\" oder \"HH:MM:SS\" und einen title.",
                line,
            )
        result.append({"at": chapter["at"], "title": str(chapter["title"])})
    return result


def _media(data: dict, key: str, path: Path, text: str, value=None) -> str:
    """A media file next to the seminar (``media/…``), as a path below the content folder."""
    value = data.get(key, "") if value is None else value
    if not value:
        return ""
    folder = path.parent.resolve()
    target = (folder / str(value)).resolve()
    if not isinstance(value, str) or folder not in target.parents or not target.is_file():
        raise ContentError(f"„{key}“: Die Datei {value} gibt es neben {path.name} nicht.",
                           key_line(text, key))
    if target.suffix.lower() not in MEDIA_SUFFIXES[key]:
        raise ContentError(f"„{key}“ muss auf {' oder '.join(MEDIA_SUFFIXES[key])} enden.",
                           key_line(text, key))
    return f"{folder.name}/{target.relative_to(folder).as_posix()}"


def _captions(data: dict, path: Path, text: str) -> list[dict[str, str]]:
    captions = data.get("captions", [])
    if not isinstance(captions, list):
        raise ContentError("„captions“ muss als [[captions]] angegeben werden.",
                           key_line(text, "captions"))
    result = []
    for entry in captions:
        if not isinstance(entry, dict) or not re.fullmatch(r"[a-z]{2}", str(entry.get("lang"))):
            raise ContentError("Untertitel brauchen lang = \"de\" (zwei Buchstaben) und file.",
                               key_line(text, "lang"))
        file = _media(data, "captions", path, text, value=entry.get("file") or "-")
        head = (path.parent.parent / file).read_bytes()[:10].decode("utf-8", "replace")
        if not head.lstrip("\ufeff").startswith("WEBVTT"):
            raise ContentError(f"{entry['file']} ist keine WebVTT-Datei (erste Zeile WEBVTT).",
                               key_line(text, "file"))
        result.append({"lang": entry["lang"], "label": str(entry.get("label") or entry["lang"]),
                       "file": file})
    return result


def _schedule(data: dict, text: str) -> dict[str, Any]:
    start = data.get("start_time", "")
    if hasattr(start, "hour"):
        start = f"{start.hour:02d}:{start.minute:02d}"
    if start and not (isinstance(start, str) and TIME.match(start)):
        raise ContentError("„start_time“ muss eine Uhrzeit wie \"18:00\" sein.",
                           key_line(text, "start_time"))
    kind = data.get("format", "online")
    if kind not in FORMATS:
        raise ContentError(f"„format“ muss {', '.join(FORMATS)} sein.", key_line(text, "format"))
    capacity = data.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or isinstance(capacity, bool)
                                 or not 0 < capacity <= 10_000):
        raise ContentError("„capacity“ muss eine ganze Zahl zwischen 1 und 10000 sein.",
                           key_line(text, "capacity"))
    location = data.get("location", "")
    if not isinstance(location, str):
        raise ContentError("„location“ muss ein Text sein.", key_line(text, "location"))
    hour, minute = (int(part) for part in start.split(":")) if start else (None, None)
    return {"start_time": time(hour, minute) if start else None, "event_format": kind,
            "online_url": _url(data, "online_url", text), "location": location.strip(),
            "capacity": capacity}


def parse_seminar(path: Path) -> dict[str, Any]:
    """Read and validate one seminar file into model fields; raises ContentError."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ContentError(f"Die Datei ist nicht in UTF-8 gespeichert ({error.reason}).") from error
    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"TOML-Syntaxfehler: {error}", toml_error_line(error, text)) from error
    check_common(data, path.stem, SEMINAR_REQUIRED, text)
    if not isinstance(data["held_on"], date) or hasattr(data["held_on"], "hour"):
        raise ContentError("„held_on“ muss ein Datum ohne Anführungszeichen sein, "
                           "z. B. 2025-03-12.",
                           key_line(text, "held_on"))
    minutes = data["duration_minutes"]
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 < minutes <= 1440:
        raise ContentError("„duration_minutes“ muss eine ganze Zahl zwischen 1 und 1440 sein.",
                           key_line(text, "duration_minutes"))
    for key in ("description", "transcript"):
        if not isinstance(data.get(key, ""), str):
            raise ContentError(f"„{key}“ muss ein Text sein.", key_line(text, key))
    description = data.get("description", "")
    return {
        "slug": data["slug"],
        "title": data["title"].strip(),
        "held_on": data["held_on"],
        "duration_minutes": minutes,
        "speakers": _string_list(data, "speakers", text),
        "topics": list(dict.fromkeys(data["topics"])),
        "summary": data["summary"].strip(),
        "description": description.strip(),
        "takeaways": _string_list(data, "takeaways", text),
        "chapters": _chapters(data, text),
        "recording_url": _url(data, "recording_url", text),
        "slides_url": _url(data, "slides_url", text),
        "transcript": data.get("transcript", "").strip(),
        "video_file": _media(data, "video", path, text),
        "captions": _captions(data, path, text),
        "slides_file": _media(data, "slides", path, text),
        "related_wiki": _string_list(data, "related_wiki", text),
        "related_modules": _string_list(data, "related_modules", text),
        **_schedule(data, text),
        "version": data["version"],
        "unknown_keys": sorted(set(data) - SEMINAR_FIELDS),
    }


def _store(fields: dict[str, Any], report: ContentReport) -> None:
    seminar = db.session.scalar(select(Seminar).where(Seminar.slug == fields["slug"]))
    if seminar is None:
        db.session.add(services.apply_shipped(Seminar(), fields))
        report.add("created", fields["slug"])
    elif seminar.source == services.EDITED:
        if seminar.version == fields["version"]:
            report.add("kept_edited", fields["slug"])
        else:
            services.keep_snapshot(seminar, note="Im Browser bearbeitete Fassung vor dem Ersetzen "
                                   f"durch die ausgelieferte Version {fields['version']}")
            services.apply_shipped(seminar, fields)
            report.add("replaced_edited", fields["slug"])
    elif services.differs(seminar, fields):
        services.apply_shipped(seminar, fields)
        report.add("updated", fields["slug"])
    else:
        report.add("unchanged", fields["slug"])


def sync_seminars(directory: Path) -> ContentReport:
    """Load every ``*.toml`` in ``directory``; broken files are reported and skipped."""
    report = sync_files(directory, "*.toml", parse_seminar, _store)
    db.session.flush()
    return report
