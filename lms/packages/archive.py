"""Reading a module's files from a folder or a zip, treating every archive as hostile."""

import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MAX_FILES = 500
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100
"""Limits for one module: file count, bytes per file, bytes in total, compression ratio."""


@dataclass
class SourceFiles:
    """The files of one module as ``{posix path: bytes}``, or the reason they could not be read."""

    name: str
    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)


def _safe_member_path(name: str) -> PurePosixPath | None:
    """The member's path if it stays inside the archive, else None."""
    if "\\" in name or name.startswith("/") or "\x00" in name:
        return None
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in ("..", "") for part in path.parts):
        return None
    if path.parts and ":" in path.parts[0]:
        return None
    return path


def _strip_common_folder(files: dict[str, bytes]) -> dict[str, bytes]:
    """Accept zips of the folder itself (``mobilitaet/module.toml``) as well as of its contents."""
    if "module.toml" in files:
        return files
    tops = {name.split("/", 1)[0] for name in files}
    if len(tops) == 1 and all("/" in name for name in files):
        return {name.split("/", 1)[1]: data for name, data in files.items()}
    return files


def read_zip(path_or_file, name: str | None = None) -> SourceFiles:
    """Read a zip within the limits; path traversal, symlinks and bombs are refused."""
    source = SourceFiles(name=name or str(getattr(path_or_file, "name", path_or_file)))
    try:
        archive = zipfile.ZipFile(path_or_file)
    except (zipfile.BadZipFile, OSError):
        source.problems.append(("", "Die Datei ist kein gültiges ZIP-Archiv."))
        return source
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_FILES:
            source.problems.append(("", f"Das Archiv enthält mehr als {MAX_FILES} Dateien."))
            return source
        total = 0
        for info in members:
            path = _safe_member_path(info.filename)
            if path is None:
                source.problems.append(
                    (info.filename, "Unzulässiger Pfad im Archiv (absolut oder mit „..“).")
                )
                return source
            if stat.S_ISLNK(info.external_attr >> 16):
                source.problems.append((info.filename, "Symbolische Links sind nicht erlaubt."))
                return source
            if info.file_size > MAX_FILE_BYTES:
                source.problems.append((info.filename, "Die Datei ist zu groß (höchstens 5 MB)."))
                return source
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                source.problems.append(
                    (info.filename, "Die Datei ist ungewöhnlich stark komprimiert (ZIP-Bombe?).")
                )
                return source
            with archive.open(info) as stream:
                data = stream.read(MAX_FILE_BYTES + 1)
            total += len(data)
            if len(data) > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
                source.problems.append((info.filename, "Das Archiv ist entpackt zu groß."))
                return source
            source.files[str(path)] = data
    source.files = _strip_common_folder(source.files)
    return source


def read_folder(folder: Path) -> SourceFiles:
    """Read a module folder within the same limits; symlinks are refused."""
    source = SourceFiles(name=folder.name)
    total = 0
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in PurePosixPath(relative).parts):
            continue
        if path.is_symlink():
            source.problems.append((relative, "Symbolische Links sind nicht erlaubt."))
            return source
        if not path.is_file():
            continue
        if len(source.files) >= MAX_FILES:
            source.problems.append(("", f"Das Modul enthält mehr als {MAX_FILES} Dateien."))
            return source
        size = path.stat().st_size
        total += size
        if size > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
            source.problems.append((relative, "Die Datei ist zu groß (höchstens 5 MB)."))
            return source
        source.files[relative] = path.read_bytes()
    return source
