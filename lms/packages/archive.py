"""Reading uploaded zips and module folders, treating every archive as hostile.

An archive is opened only after its whole central directory and every local header passed
the checks below; members are then read or extracted one by one with their CRC and size
verified. Every refusal names the entry and says in German why, and nothing is kept.
"""

import shutil
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MAX_FILES = 500
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100
"""Limits for one native module: file count, bytes per file, bytes in total, compression ratio."""

PACKAGE_MAX_FILES = 20_000
PACKAGE_MAX_FILE_BYTES = 500 * 1024 * 1024
PACKAGE_MAX_TOTAL_BYTES = 1024 * 1024 * 1024
"""Limits for e-learning packages (xAPI, cmi5): media make them far larger than modules."""

RATIO_FROM_BYTES = 1024 * 1024
"""Members smaller than this unpack to harmless sizes whatever their ratio (SVG, JSON)."""

SUPPORTED_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
ENCRYPTED = 0x1
UTF8_NAMES = 0x800
LOCAL_HEADER = struct.Struct("<4s5H3L2H")
LOCAL_SIGNATURE = b"PK\x03\x04"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much one archive may hold."""

    files: int
    file_bytes: int
    total_bytes: int
    ratio: int


def module_limits() -> Limits:
    """The limits of a native module (read at call time, so tests can lower them)."""
    return Limits(MAX_FILES, MAX_FILE_BYTES, MAX_TOTAL_BYTES, MAX_RATIO)


def package_limits() -> Limits:
    """The limits of an xAPI or cmi5 package."""
    return Limits(PACKAGE_MAX_FILES, PACKAGE_MAX_FILE_BYTES, PACKAGE_MAX_TOTAL_BYTES, MAX_RATIO)


def megabytes(size: int) -> str:
    """A size for German messages: ``5 MB``, ``0,5 MB``."""
    value = size / (1024 * 1024)
    text = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
    return text.replace(".", ",") + " MB"


def file_size(size: int) -> str:
    """A file size for people: ``850 KB``, ``4,1 MB``."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024)) if size else 0} KB"
    return megabytes(size)


class ArchiveProblem(Exception):
    """The archive is refused: ``file`` names the entry (empty for the whole archive)."""

    def __init__(self, file: str, message: str):
        super().__init__(f"{file}: {message}" if file else message)
        self.file = file
        self.message = message


@dataclass
class SourceFiles:
    """The files of one module as ``{posix path: bytes}``, or the reason they could not be read."""

    name: str
    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)


def safe_member_path(name: str) -> PurePosixPath | None:
    """The member's path if it stays inside the archive, else None."""
    if "\\" in name or name.startswith("/") or any(ord(c) < 32 for c in name):
        return None
    if any(part in ("..", ".", "") for part in name.split("/")):
        return None
    path = PurePosixPath(name)
    if path.is_absolute():
        return None
    if path.parts and ":" in path.parts[0]:
        return None
    return path


def _utf8_name(info: zipfile.ZipInfo) -> str:
    """The entry name as UTF-8; names in a legacy code page are refused."""
    if info.flag_bits & UTF8_NAMES or info.filename.isascii():
        return info.filename
    raw = info.filename.encode("cp437")  # zipfile decoded the raw bytes as cp437
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArchiveProblem(
            raw.decode("utf-8", "replace"),
            "Der Dateiname ist nicht in UTF-8 kodiert. Bitte packen Sie das Archiv mit einem "
            "Programm, das UTF-8-Dateinamen schreibt.",
        ) from error


def _check_entry(info: zipfile.ZipInfo, name: str, limits: Limits) -> None:
    """Refuse what the central directory already gives away about one entry."""
    if safe_member_path(name.rstrip("/") if info.is_dir() else name) is None:
        raise ArchiveProblem(name, "Unzulässiger Pfad im Archiv (absolut, mit „..“ oder "
                                   "mit umgekehrtem Schrägstrich).")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise ArchiveProblem(name, "Symbolische Links sind nicht erlaubt.")
    if info.flag_bits & ENCRYPTED:
        raise ArchiveProblem(name, "Die Datei ist verschlüsselt; verschlüsselte Archive sind "
                                   "nicht möglich.")
    if info.compress_type not in SUPPORTED_METHODS:
        raise ArchiveProblem(name, f"Unbekanntes Komprimierungsverfahren (Nr. "
                                   f"{info.compress_type}); möglich sind nur „stored“ und "
                                   "„deflate“.")
    if info.is_dir():
        return
    if info.file_size > limits.file_bytes:
        raise ArchiveProblem(name, f"Die Datei ist zu groß (höchstens "
                                   f"{megabytes(limits.file_bytes)}).")
    if (info.file_size >= RATIO_FROM_BYTES
            and info.file_size > limits.ratio * max(info.compress_size, 1)):
        raise ArchiveProblem(name, "Die Datei ist ungewöhnlich stark komprimiert (ZIP-Bombe?).")


def _check_local_header(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> int:
    """Compare the entry's local header with its central directory record; returns the offset
    where the entry's data ends (to detect entries that overlap)."""
    fp = zf.fp
    fp.seek(info.header_offset)
    header = fp.read(LOCAL_HEADER.size)
    if len(header) != LOCAL_HEADER.size or header[:4] != LOCAL_SIGNATURE:
        raise ArchiveProblem(name, "Der lokale Dateikopf fehlt oder ist beschädigt.")
    (_, _, flags, method, _, _, crc, compressed, size, name_length,
     extra_length) = LOCAL_HEADER.unpack(header)
    raw_name = fp.read(name_length)
    central_name = info.orig_filename.encode("utf-8" if info.flag_bits & UTF8_NAMES else "cp437")
    mismatch = (
        raw_name != central_name
        or method != info.compress_type
        or (flags & ENCRYPTED) != (info.flag_bits & ENCRYPTED)
        or (not flags & 0x8 and crc != info.CRC)
        or (not flags & 0x8 and 0xFFFFFFFF not in (size, compressed)
            and (size, compressed) != (info.file_size, info.compress_size))
    )
    if mismatch:
        raise ArchiveProblem(name, "Der lokale Dateikopf passt nicht zum Inhaltsverzeichnis des "
                                   "Archivs (manipuliertes Archiv?).")
    return info.header_offset + LOCAL_HEADER.size + name_length + extra_length + info.compress_size


class Archive:
    """A zip whose directory passed every check; members are read on demand, verified."""

    def __init__(self, zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], name: str,
                 limits: Limits):
        self._zf, self.members, self.name, self.limits = zf, members, name, limits

    @property
    def names(self) -> list[str]:
        """Every file in the archive (no folders), as posix paths."""
        return list(self.members)

    def size(self, name: str) -> int:
        """The declared unpacked size of one member."""
        return self.members[name].file_size

    def _chunks(self, name: str):
        """The member's bytes in chunks; a bad CRC, a wrong size or broken data raise."""
        info = self.members[name]
        read = 0
        try:
            with self._zf.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    read += len(chunk)
                    if read > info.file_size:
                        break
                    yield chunk
        except zipfile.BadZipFile as error:
            message = ("Die Prüfsumme (CRC) stimmt nicht: Die Datei ist beschädigt."
                       if "CRC" in str(error) else "Die Datei ist im Archiv beschädigt.")
            raise ArchiveProblem(name, message) from error
        except (EOFError, zlib.error, OSError, ValueError) as error:
            raise ArchiveProblem(name, "Die Datei ist im Archiv beschädigt oder abgeschnitten."
                                 ) from error
        if read != info.file_size:
            raise ArchiveProblem(name, "Die Größe der Datei weicht von der Angabe im Archiv ab.")

    def read(self, name: str) -> bytes:
        """One member's bytes, verified."""
        return b"".join(self._chunks(name))

    def extract(self, target: Path, names: dict[str, str] | None = None) -> None:
        """Write members below ``target`` (which must not exist): ``names`` maps the path to
        write to the member (default: every member at its own path). On any problem the
        folder is removed again and :class:`ArchiveProblem` is raised."""
        names = names if names is not None else {name: name for name in self.members}
        target.mkdir(parents=True)
        try:
            for relative, name in names.items():
                path = target.joinpath(*PurePosixPath(relative).parts)
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("xb") as out:
                    for chunk in self._chunks(name):
                        out.write(chunk)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise

    def close(self) -> None:
        self._zf.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def _open_zip(file, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(file)
    except UnicodeDecodeError as error:
        raise ArchiveProblem("", "Ein Dateiname im Archiv ist als UTF-8 markiert, aber nicht "
                                 "gültig kodiert.") from error
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            struct.error, NotImplementedError) as error:
        raise ArchiveProblem("", "Die Datei ist kein gültiges ZIP-Archiv (leer, abgeschnitten "
                                 "oder beschädigt).") from error


def open_archive(file, name: str = "", limits: Limits | None = None) -> Archive:
    """Open and check a zip (path or seekable file); raises :class:`ArchiveProblem`."""
    limits = limits or module_limits()
    zf = _open_zip(file, name)
    try:
        members = _checked_members(zf, limits)
    except BaseException:
        zf.close()
        raise
    return Archive(zf, members, name, limits)


def _checked_members(zf: zipfile.ZipFile, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    """Every file entry by name, after checking names, flags, sizes and local headers."""
    infos = zf.infolist()
    files = [info for info in infos if not info.is_dir()]
    if not files:
        raise ArchiveProblem("", "Das Archiv ist leer.")
    if len(files) > limits.files:
        raise ArchiveProblem("", f"Das Archiv enthält mehr als {limits.files} Dateien.")
    members: dict[str, zipfile.ZipInfo] = {}
    seen: set[str] = set()
    total = 0
    spans = []
    for info in infos:
        name = _utf8_name(info)
        _check_entry(info, name, limits)
        key = name.rstrip("/")
        if key in seen:
            raise ArchiveProblem(name, "Der Name kommt im Archiv mehrfach vor. Ein Archiv mit "
                                       "doppelten Einträgen wird nicht angenommen.")
        seen.add(key)
        spans.append((info.header_offset, _check_local_header(zf, info, name), name))
        if info.is_dir():
            continue
        total += info.file_size
        if total > limits.total_bytes:
            raise ArchiveProblem(name, f"Das Archiv ist entpackt zu groß (höchstens "
                                       f"{megabytes(limits.total_bytes)}).")
        members[name] = info
    _refuse_overlaps(spans)
    _refuse_file_folder_clashes(members)
    return members


def _refuse_overlaps(spans: list[tuple[int, int, str]]) -> None:
    """Entries sharing bytes are the trick of "overlapping" zip bombs."""
    spans.sort()
    for (_, end, _), (start, _, name) in zip(spans, spans[1:], strict=False):
        if start < end:
            raise ArchiveProblem(name, "Einträge des Archivs überlappen sich (ZIP-Bombe?).")


def _refuse_file_folder_clashes(members: dict[str, zipfile.ZipInfo]) -> None:
    """``a`` and ``a/b`` cannot both be files."""
    folders = {str(parent) for name in members for parent in PurePosixPath(name).parents}
    for name in members:
        if name in folders:
            raise ArchiveProblem(name, "Der Name ist im Archiv zugleich Datei und Ordner.")


def strip_common_folder(files: dict[str, bytes], marker: str = "module.toml") -> dict[str, bytes]:
    """Accept zips of the folder itself (``mobilitaet/module.toml``) as well as of its contents."""
    if marker in files:
        return files
    tops = {name.split("/", 1)[0] for name in files}
    if len(tops) == 1 and all("/" in name for name in files):
        return {name.split("/", 1)[1]: data for name, data in files.items()}
    return files


def read_zip(path_or_file, name: str | None = None) -> SourceFiles:
    """Read a native module's zip into memory within the module limits."""
    source = SourceFiles(name=name or str(getattr(path_or_file, "name", path_or_file)))
    try:
        with open_archive(path_or_file, source.name, module_limits()) as archive:
            source.files = {member: archive.read(member) for member in archive.names}
    except ArchiveProblem as problem:
        source.problems.append((problem.file, problem.message))
        source.files = {}
        return source
    source.files = strip_common_folder(source.files)
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
