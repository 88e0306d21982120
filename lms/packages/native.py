"""Native modules: a folder or zip with ``module.toml``, ``pages/*.md`` and ``quiz.md``.

``load_module`` is the one entry point for the sync command and, later, for uploads: it
returns either a complete module or the list of problems, never half a module.
"""

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lms.packages.archive import SourceFiles, read_folder, read_zip
from lms.packages.elements import SCORABLE_KINDS, split_blocks
from lms.packages.manifest import parse_manifest
from lms.packages.problems import LoadError

FORMAT_VERSION = 1
PAGE_FILE = re.compile(r"^pages/[^/]+\.md$")
TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$")


@dataclass
class LoadResult:
    """A loaded module (``manifest``, ``content``, ``content_hash``) or its problems."""

    source: str
    manifest: dict | None = None
    content: dict | None = None
    content_hash: str = ""
    errors: list[LoadError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.manifest is not None

    @property
    def slug(self) -> str | None:
        return self.manifest["id"] if self.manifest else None


def _decode(name: str, data: bytes, errors: list[LoadError]) -> str | None:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        errors.append(LoadError(name, 0, "Die Datei ist nicht in UTF-8 gespeichert."))
        return None


def _parse_page(name: str, text: str, position: int, errors: list[LoadError]) -> dict | None:
    """A page: its title (first ``# …`` line) and its segments."""
    lines = text.splitlines()
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    title = TITLE.match(lines[first]) if first is not None else None
    if title is None:
        errors.append(
            LoadError(
                name, (first or 0) + 1, "Die Seite muss mit einer Überschrift „# Titel“ beginnen."
            )
        )
        return None
    body = "\n" * (first + 1) + "\n".join(lines[first + 1 :])
    segments, problems = split_blocks(name, body)
    errors.extend(problems)
    return {"position": position, "file": name, "title": title[1], "segments": segments}


def _parse_quiz(name: str, text: str, errors: list[LoadError]) -> dict:
    """The final test: only scorable elements, nothing between them."""
    segments, problems = split_blocks(name, text)
    errors.extend(problems)
    questions = []
    for segment in segments:
        if segment["type"] == "markdown":
            errors.append(
                LoadError(
                    name,
                    segment["line"],
                    "Im Abschlusstest steht nur eine Folge "
                    "von Elementen „::: art #kennung“ … „:::“, kein Text dazwischen.",
                )
            )
            continue
        element = segment["element"]
        if element["kind"] not in SCORABLE_KINDS:
            errors.append(
                LoadError(
                    name,
                    element["line"],
                    f"„{element['kind']}“ ist im Abschlusstest "
                    "nicht möglich: nur bewertbare Fragen.",
                )
            )
        questions.append(element)
    if not questions and not problems:
        errors.append(LoadError(name, 0, "Der Abschlusstest enthält keine Frage."))
    return {"file": name, "questions": questions}


def _check_unique_ids(pages: list[dict], quiz: dict | None, errors: list[LoadError]) -> None:
    seen: dict[str, str] = {}
    located = [
        (page["file"], segment["element"])
        for page in pages
        for segment in page["segments"]
        if segment["type"] == "element"
    ]
    located += [(quiz["file"], element) for element in quiz["questions"]] if quiz else []
    for file, element in located:
        if element["id"] in seen:
            errors.append(
                LoadError(
                    file,
                    element["line"],
                    f"Die Kennung „#{element['id']}“ kommt schon in {seen[element['id']]} vor.",
                )
            )
        seen.setdefault(element["id"], file)


def content_hash(manifest: dict, content: dict) -> str:
    """A fingerprint of everything learners see; equal hashes mean nothing changed."""
    canonical = json.dumps(
        {"manifest": manifest, "content": content},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse_files(source: SourceFiles) -> LoadResult:
    """Build a module from its files; any problem means no module."""
    result = LoadResult(source=source.name)
    result.errors.extend(LoadError(name, 0, message) for name, message in source.problems)
    if source.problems:
        return result
    files, errors = source.files, result.errors
    if "module.toml" not in files:
        errors.append(LoadError("module.toml", 0, "Die Datei module.toml fehlt."))
        return result
    manifest_text = _decode("module.toml", files["module.toml"], errors)
    manifest, problems = parse_manifest("module.toml", manifest_text or "")
    errors.extend(problems)
    page_names = sorted(name for name in files if PAGE_FILE.match(name))
    if not page_names:
        errors.append(LoadError("pages/", 0, "Das Modul hat keine Seiten (pages/*.md)."))
    pages = []
    for position, name in enumerate(page_names, start=1):
        text = _decode(name, files[name], errors)
        page = _parse_page(name, text, position, errors) if text is not None else None
        if page:
            pages.append(page)
    quiz = None
    if "quiz.md" in files:
        text = _decode("quiz.md", files["quiz.md"], errors)
        quiz = _parse_quiz("quiz.md", text, errors) if text is not None else None
    elif manifest and manifest["completion"]["quiz"]:
        errors.append(
            LoadError(
                "module.toml", 0, "[completion] verlangt quiz = true, aber die Datei quiz.md fehlt."
            )
        )
    _check_unique_ids(pages, quiz, errors)
    if errors or manifest is None:
        return result
    result.manifest = manifest
    result.content = {"format": FORMAT_VERSION, "pages": pages, "quiz": quiz}
    result.content_hash = content_hash(manifest, result.content)
    return result


def load_module(source: str | Path) -> LoadResult:
    """Load a native module from a folder or a ``.zip`` file; the one loader entry point."""
    path = Path(source)
    if path.is_dir():
        return parse_files(read_folder(path))
    if path.is_file() and zipfile.is_zipfile(path):
        return parse_files(read_zip(path, name=path.name))
    return LoadResult(
        source=path.name,
        errors=[LoadError(path.name, 0, "Weder ein Modulordner noch eine ZIP-Datei.")],
    )
