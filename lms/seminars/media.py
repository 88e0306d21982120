"""Uploading and replacing the files of a seminar: video, captions per language, slides."""

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from lms.core.models import utcnow
from lms.extensions import db
from lms.resources.media import MediaError, media_path, store_upload
from lms.seminars import services
from lms.seminars.captions import CaptionError, check_vtt
from lms.seminars.models import EDITED, Seminar


def _check_captions(seminar: Seminar, value: str) -> None:
    path = media_path(value)
    try:
        check_vtt(path.read_bytes() if path else b"")
    except CaptionError as error:
        path.unlink(missing_ok=True)
        raise MediaError(str(error)) from error


def upload(seminar: Seminar, *, role: str, file: FileStorage | None, user_id: int,
           lang: str = "de", label: str = "") -> str:
    """Store ``file`` as the seminar's video, slides or captions in ``lang``; replaces the old
    one (kept in a revision). Raises MediaError and changes nothing on bad input."""
    if role not in ("video", "captions", "slides"):
        raise MediaError(_("Bitte wählen Sie, was Sie hochladen."))
    lang = (lang or "de").strip().lower()
    if role == "captions" and not (len(lang) == 2 and lang.isalpha()):
        raise MediaError(_("Die Sprache besteht aus zwei Buchstaben, z. B. de."))
    value = store_upload(file, role=role, kind="seminare", slug=seminar.slug)
    if role == "captions":
        _check_captions(seminar, value)
    services.keep_snapshot(seminar, note=f"Vor dem Hochladen ({role})", user_id=user_id)
    if role == "video":
        seminar.video_file = value
    elif role == "slides":
        seminar.slides_file = value
    else:
        others = [c for c in seminar.captions or [] if c["lang"] != lang]
        seminar.captions = [*others, {"lang": lang, "label": label or lang, "file": value}]
    _touch(seminar, user_id)
    return value


def remove(seminar: Seminar, *, target: str, user_id: int) -> None:
    """Detach the video, the slides or the captions ``captions:<lang>`` (files stay on disk)."""
    services.keep_snapshot(seminar, note=f"Vor dem Entfernen ({target})", user_id=user_id)
    if target == "video":
        seminar.video_file = ""
    elif target == "slides":
        seminar.slides_file = ""
    elif target.startswith("captions:"):
        lang = target.partition(":")[2]
        seminar.captions = [c for c in seminar.captions or [] if c["lang"] != lang]
    else:
        raise MediaError(_("Unbekannte Datei."))
    _touch(seminar, user_id)


def _touch(seminar: Seminar, user_id: int) -> None:
    seminar.source = EDITED
    seminar.updated_at = utcnow()
    seminar.updated_by_id = user_id
    services.index_seminar(seminar)
    db.session.flush()
