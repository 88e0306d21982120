"""Package files on disk: one folder per module version under ``PACKAGE_STORAGE``.

Folders are named ``<slug>-<random>``, written completely under a temporary name and then
renamed, so a folder that exists is always whole. The content origin serves them as they are.
"""

import re
import secrets
import shutil
from pathlib import Path, PurePosixPath

from flask import current_app

from lms.packages.archive import Archive

STORAGE_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}-[A-Za-z0-9_]{12}$")


def storage_root(root: str | Path | None = None) -> Path:
    """The folder all package folders live in."""
    return Path(root or current_app.config["PACKAGE_STORAGE"])


def new_storage_key(slug: str) -> str:
    """A fresh folder name: readable slug plus 72 random bits (the URLs are not guessable)."""
    return f"{slug[:80]}-{secrets.token_urlsafe(9).replace('-', 'x')}"


def store_files(archive: Archive, names: dict[str, str], key: str) -> Path:
    """Extract ``names`` (path in package -> member in zip) into the folder ``key``."""
    root = storage_root()
    root.mkdir(parents=True, exist_ok=True)
    incoming = root / f".incoming-{key}"
    archive.extract(incoming, names)
    target = root / key
    incoming.rename(target)
    return target


def remove_files(key: str | None) -> None:
    """Delete a package folder (nothing if it is gone or ``key`` is empty)."""
    if key and STORAGE_KEY.match(key):
        shutil.rmtree(storage_root() / key, ignore_errors=True)


def file_path(root: Path, key: str, path: str) -> Path | None:
    """The file ``path`` of package ``key``, or None if it is not a stored file."""
    if not STORAGE_KEY.match(key) or not path:
        return None
    parts = PurePosixPath(path).parts
    if ".." in parts or "\\" in path or "\x00" in path:
        return None
    candidate = root.joinpath(key, *parts)
    try:
        candidate.resolve().relative_to((root / key).resolve())
    except (ValueError, OSError):
        return None
    return candidate if candidate.is_file() else None
