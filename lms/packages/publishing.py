"""Storing an uploaded package as a module version: draft first, then publish or unpublish.

A new upload becomes a *draft* version that only authors see (preview and test launch);
publishing makes it the module's current version in the catalogue. Learners already in the
module keep their registration and their pinned version. A new draft replaces an older draft.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from lms.accounts.models import User
from lms.audit.services import record as audit
from lms.catalog.models import Module, ModuleVersion
from lms.core.models import utcnow
from lms.extensions import db
from lms.packages import storage
from lms.packages.kinds import PackageKind, PackageSource, ParsedPackage
from lms.packages.manifest import version_key
from lms.packages.models import Package
from lms.packages.native import content_hash
from lms.packages.problems import LoadError
from lms.packages.xmlread import pick_text

CATALOG_DEFAULTS = {"topics": [], "target_groups": [], "level": "einstieg", "minutes": 30,
                    "certificate_hours": 0.0, "certificate": False, "wiki": [], "seminars": [],
                    "prerequisites": [], "authors": []}
"""Catalogue facts a package does not carry; authors set them in the preview, and a new
version keeps what the previous one had."""
CARRIED_OVER = tuple(CATALOG_DEFAULTS) + ("summary",)
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


class Refused(Exception):
    """The upload cannot become a version (e.g. an older native version); nothing is kept."""

    def __init__(self, error: LoadError):
        super().__init__(error.message)
        self.error = error


@dataclass
class Stored:
    """What storing did: ``outcome`` is created, updated (new draft) or unchanged."""

    module: Module
    version: ModuleVersion
    outcome: str


def slugify(title: str) -> str:
    """A catalogue id from a title: ``Bürgerbus gründen`` -> ``buergerbus-gruenden``."""
    text = unicodedata.normalize("NFKD", title.lower().translate(UMLAUTS))
    text = text.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")
    return slug or "paket"


def _free_slug(title: str) -> str:
    base = slugify(title)
    taken = set(db.session.scalars(select(Module.slug).where(Module.slug.like(f"{base}%"))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def draft_of(module: Module) -> ModuleVersion | None:
    """The module's unpublished version, if it has one."""
    return next((v for v in reversed(module.versions) if v.published_at is None), None)


def package_of(version: ModuleVersion) -> Package | None:
    """The uploaded package behind a version (None for modules synced from files)."""
    return db.session.scalar(select(Package).where(Package.module_version_id == version.id))


def _module_for(kind: PackageKind, parsed: ParsedPackage) -> Module | None:
    """The module an upload is a new version of: same kind and same package id."""
    if kind.name == "native":
        return db.session.scalar(select(Module).where(Module.slug == parsed.publisher_id))
    return db.session.scalar(
        select(Module).join(ModuleVersion, ModuleVersion.module_id == Module.id)
        .join(Package, Package.module_version_id == ModuleVersion.id)
        .where(Package.kind == kind.name, Package.publisher_id == parsed.publisher_id)
        .order_by(Package.id.desc()).limit(1))


def _language(titles: dict[str, str]) -> str:
    tags = [tag.lower() for tag in titles]
    if any(tag.startswith("de") for tag in tags) or not any(t.startswith("en") for t in tags):
        return "de"
    return "en"


def _package_manifest(parsed: ParsedPackage, slug: str, version: str,
                      previous: dict | None) -> dict:
    """The catalogue manifest of a package version (the keys native manifests have)."""
    manifest = {**CATALOG_DEFAULTS, "id": slug, "version": version,
                "title": pick_text(parsed.titles)[:200] or slug,
                "summary": pick_text(parsed.descriptions)[:2000],
                "language": _language(parsed.titles),
                "objectives": [pick_text(o["titles"]) for o in parsed.objectives][:50],
                "package": {"kind": parsed.kind, "manifest": parsed.manifest_file,
                            "publisher_id": parsed.publisher_id, "titles": parsed.titles,
                            "descriptions": parsed.descriptions}}
    for key in CARRIED_OVER:
        if previous and key in previous and (key != "summary" or not manifest["summary"]):
            manifest[key] = previous[key]
    return manifest


def _version_row(module: Module, kind: PackageKind, parsed: ParsedPackage, label: str,
                 fingerprint: str) -> ModuleVersion:
    if kind.name == "native":
        result = parsed.native
        manifest, content, digest = result.manifest, result.content, result.content_hash
    else:
        previous = module.current_version.manifest if module.current_version else None
        manifest = _package_manifest(parsed, module.slug, label, previous)
        content = {"format": 1, "kind": kind.name, "units": parsed.units,
                   "structure": parsed.structure, "objectives": parsed.objectives}
        # What the package brings decides "unchanged", not the numbering or catalogue facts.
        digest = content_hash(manifest["package"], {"files": fingerprint, **content})
        if parsed.warnings:  # for the author's page of the version; not part of the hash
            content["warnings"] = list(parsed.warnings)
    return ModuleVersion(
        module_id=module.id, version=label, title=manifest["title"],
        summary=manifest["summary"], level=manifest["level"], minutes=manifest["minutes"],
        language=manifest["language"], certificate_hours=manifest["certificate_hours"],
        grants_certificate=manifest["certificate"], content_hash=digest, manifest=manifest,
        content=content)


def _next_label(module: Module, kind: PackageKind, parsed: ParsedPackage) -> str:
    """Native modules bring their version; packages are numbered 1, 2, 3 …"""
    if kind.name == "native":
        return parsed.native.manifest["version"]
    published = [v for v in module.versions if v.published_at is not None]
    return str(max((version_key(v.version)[0] for v in published), default=0) + 1)


def _check_native_version(module: Module, label: str, digest: str) -> None:
    current = module.current_version
    for version in module.versions:
        if version.published_at is not None and version.version == label \
                and version.content_hash != digest:
            raise Refused(LoadError("module.toml", 0, f"Der Inhalt hat sich geändert, aber die "
                                    f"Version {label} gibt es schon: Bitte „version“ erhöhen."))
    if current is not None and version_key(label) < version_key(current.version):
        raise Refused(LoadError("module.toml", 0, f"Die Version {label} ist älter als die "
                                f"veröffentlichte Version {current.version}."))


def _unchanged(module: Module, digest: str) -> ModuleVersion | None:
    draft = draft_of(module)
    for candidate in (draft, module.current_version):
        if candidate is not None and candidate.content_hash == digest:
            return candidate
    return None


def _uploader(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id is not None else None


def store_upload(kind: PackageKind, parsed: ParsedPackage, source: PackageSource, *,
                 uploaded_by: int | None, publish: bool = False) -> Stored:
    """Store a parsed upload as the module's draft (or publish it at once); commits.

    Files are written before the transaction commits and removed again if it does not.
    """
    module = _module_for(kind, parsed)
    created = module is None
    if created:
        title = pick_text(parsed.titles) or parsed.publisher_id
        slug = parsed.publisher_id if kind.name == "native" else _free_slug(title)
        module = Module(slug=slug, kind=kind.name, published=False)
        db.session.add(module)
        db.session.flush()
    elif module.kind != kind.name:
        raise Refused(LoadError(parsed.manifest_file, 0, f"Das Modul „{module.slug}“ ist ein "
                                f"anderes Format ({module.kind}); ein Paket kann sein Format "
                                "nicht wechseln."))
    label = _next_label(module, kind, parsed)
    row = _version_row(module, kind, parsed, label, source.fingerprint())
    if kind.name == "native":
        _check_native_version(module, label, row.content_hash)
    same = None if created else _unchanged(module, row.content_hash)
    if same is not None:
        if publish and same.published_at is None:
            publish_version(same, commit=False, actor=_uploader(uploaded_by))
        db.session.commit()
        return Stored(module, same, "unchanged")
    old_draft = draft_of(module)
    old_key = _discard(old_draft) if old_draft is not None else None
    db.session.add(row)
    db.session.flush()
    key = _store_files(kind, parsed, source, module.slug)
    try:
        db.session.add(Package(
            module_version_id=row.id, kind=kind.name, manifest_file=parsed.manifest_file,
            publisher_id=parsed.publisher_id[:600], storage_key=key,
            file_count=len(source.names), total_bytes=_total_bytes(source),
            uploaded_by_id=uploaded_by))
        if publish:
            publish_version(row, commit=False, actor=_uploader(uploaded_by))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        storage.remove_files(key)
        raise
    storage.remove_files(old_key)
    return Stored(module, row, "created" if created else "updated")


def _store_files(kind: PackageKind, parsed: ParsedPackage, source: PackageSource,
                 slug: str) -> str | None:
    """Unpack the package's files for the content origin (native modules have none)."""
    if kind.name == "native" or source.archive is None:
        return None
    key = storage.new_storage_key(slug)
    storage.store_files(source.archive, {name: source.member(name) for name in source.names},
                        key)
    return key


def _total_bytes(source: PackageSource) -> int:
    if source.archive is None:
        return len(source.standalone or b"")
    return sum(source.archive.size(source.member(name)) for name in source.names)


def _discard(version: ModuleVersion) -> str | None:
    """Delete a draft version; returns its storage key so the files go after the commit."""
    package = package_of(version)
    key = package.storage_key if package else None
    if package is not None:
        db.session.delete(package)
    version.module.versions.remove(version)
    db.session.delete(version)
    db.session.flush()
    return key


def discard_draft(version: ModuleVersion) -> None:
    """Throw a draft away (its files too); commits."""
    module = version.module
    key = _discard(version)
    if not module.versions:
        db.session.delete(module)
    db.session.commit()
    storage.remove_files(key)


def publish_version(version: ModuleVersion, *, commit: bool = True, actor: Any = None) -> None:
    """Make a draft the module's current version and show the module in the catalogue; the
    audit log keeps who did it (``actor``, None for the command line)."""
    version.published_at = version.published_at or utcnow()
    version.module.current_version = version
    version.module.published = True
    audit("module.published", actor=actor, target_type="module", target_id=version.module.id,
          target_label=version.title, details={"version": version.version})
    if commit:
        db.session.commit()


def set_published(module: Module, published: bool, *, actor: Any = None) -> None:
    """Take a module out of the catalogue (learners in it keep their progress) or back in."""
    module.published = published and module.current_version_id is not None
    audit("module.published" if module.published else "module.withdrawn", actor=actor,
          target_type="module", target_id=module.id, target_label=module.current_version.title,
          details={"version": module.current_version.version})
    db.session.commit()
