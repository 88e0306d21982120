"""Files of resources (videos, captions, slides, images): stored uploads and shipped files.

A stored value is ``upload/<kind>/<slug>/<name>`` for a file uploaded in the browser (below
``MEDIA_STORAGE``) or ``<folder>/media/<name>`` for a file shipped under ``content/``. Both
are served with ``send_file(conditional=True)``, which answers range requests, so a video
can be sought without loading it whole.
"""

import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, send_file
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

UPLOAD = "upload/"
SAFE_NAME = re.compile(r"[^a-z0-9.-]+")


@dataclass(frozen=True)
class MediaKind:
    """What may be uploaded in one role: file endings, how the file must begin, its type."""

    suffixes: tuple[str, ...]
    mimetype: str
    label: str


MEDIA_KINDS = {
    "video": MediaKind((".webm", ".mp4"), "", "WebM oder MP4"),
    "captions": MediaKind((".vtt",), "text/vtt", "WebVTT (.vtt)"),
    "slides": MediaKind((".pdf",), "application/pdf", "PDF"),
    "image": MediaKind((".png", ".jpg", ".jpeg", ".webp"), "", "PNG, JPEG oder WebP"),
}
MIMETYPES = {".webm": "video/webm", ".mp4": "video/mp4", ".vtt": "text/vtt; charset=utf-8",
             ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg",
             ".jpeg": "image/jpeg", ".webp": "image/webp"}


class MediaError(ValueError):
    """An upload that cannot be stored; the message is German and says why."""


def _looks_like(suffix: str, head: bytes) -> bool:
    """The first bytes match the file ending (no HTML or script under a media name)."""
    if suffix == ".webm":
        return head.startswith(b"\x1a\x45\xdf\xa3")
    if suffix == ".mp4":
        return head[4:8] == b"ftyp"
    if suffix == ".pdf":
        return head.startswith(b"%PDF-")
    if suffix == ".vtt":
        return head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT")
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return False


def store_upload(upload: FileStorage | None, *, role: str, kind: str, slug: str) -> str:
    """Check and store an uploaded file; returns its stored value. Raises MediaError."""
    media = MEDIA_KINDS[role]
    if upload is None or not upload.filename:
        raise MediaError(_("Bitte wählen Sie eine Datei aus."))
    suffix = Path(upload.filename).suffix.lower()
    head = upload.stream.read(16)
    upload.stream.seek(0)
    if suffix not in media.suffixes or not _looks_like(suffix, head):
        raise MediaError(_("Diese Datei ist kein %(label)s. Bitte laden Sie eine Datei dieses "
                           "Formats hoch.", label=media.label))
    stem = SAFE_NAME.sub("-", Path(upload.filename).stem.lower()).strip("-.")[:60] or role
    name = f"{stem}-{secrets.token_hex(4)}{suffix}"
    relative = f"{UPLOAD}{kind}/{slug}/{name}"
    target = Path(current_app.config["MEDIA_STORAGE"]) / kind / slug / name
    target.parent.mkdir(parents=True, exist_ok=True)
    upload.save(target)
    return relative


def media_path(value: str) -> Path | None:
    """The file behind a stored value, if it exists and lies where such files belong."""
    if not value:
        return None
    if value.startswith(UPLOAD):
        root = Path(current_app.config["MEDIA_STORAGE"]).resolve()
        path = (root / value.removeprefix(UPLOAD)).resolve()
    else:
        root = Path(current_app.config["CONTENT_PATH"]).resolve()
        path = (root / value).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path


def send_media(value: str, *, download_name: str | None = None):
    """Serve a stored file with range requests; 404 if it is gone."""
    path = media_path(value)
    if path is None:
        abort(404)
    response = send_file(path, mimetype=MIMETYPES.get(path.suffix.lower(), "application/"
                                                      "octet-stream"),
                         conditional=True, download_name=download_name, max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def read_text(value: str, limit: int = 2_000_000) -> str:
    """The text of a stored caption file (empty if missing)."""
    path = media_path(value)
    return path.read_bytes()[:limit].decode("utf-8", "replace") if path else ""
