"""Launching units of package modules (xAPI, cmi5): which version and registration a
learner launches, and the author's test launch of a draft. The kind decides the protocol."""

import uuid
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.models import User
from lms.catalog.models import Module, ModuleVersion
from lms.core.vocabulary import learner_account
from lms.extensions import db
from lms.packages.content_origin import files_url
from lms.packages.kinds import PACKAGE_KINDS, LaunchRequest, LaunchResult, PackageKind
from lms.packages.kinds.base import LAUNCH_MODES, LaunchRefused
from lms.packages.kinds.cmi5 import waive
from lms.packages.kinds.cmi5.satisfaction import Iris
from lms.packages.kinds.cmi5.statements import WAIVE_REASONS
from lms.packages.publishing import package_of
from lms.progress.models import ModuleProgress
from lms.progress.rules import DONE, unit_satisfied
from lms.progress.services import progress_of
from lms.xapi.models import LaunchCredential

PREVIEW_NAMESPACE = uuid.UUID("8f0c2f46-1f7e-4a55-9a3e-3c6f2b1d7a10")


LaunchError = LaunchRefused
"""A unit cannot be launched; the message is for the learner (German). Kinds raise it too."""


@dataclass
class UnitState:
    """What a learner reached in one unit, for the module page."""

    unit: dict
    reached: dict = field(default_factory=dict)

    @property
    def satisfied(self) -> bool:
        return unit_satisfied(self.unit["move_on"], **self.reached)

    @property
    def status(self) -> str:
        """``waived``, ``passed``, ``completed``, ``failed``, ``satisfied`` or ``open``."""
        for name in ("waived", "passed", "completed", "failed"):
            if self.reached.get(name):
                return name
        return "satisfied" if self.satisfied else "open"


@dataclass
class PackagePlace:
    """A learner and a package module: the version they launch and their progress row."""

    module: Module
    version: ModuleVersion
    progress: ModuleProgress | None

    @property
    def kind(self) -> PackageKind:
        return PACKAGE_KINDS[self.module.kind]

    @property
    def units(self) -> list[UnitState]:
        reached = (self.progress.units or {}) if self.progress else {}
        return [UnitState(unit, reached.get(unit["key"], {}))
                for unit in self.version.content.get("units", [])]

    def unit(self, key: str) -> dict | None:
        return next((u for u in self.version.content.get("units", []) if u["key"] == key), None)


def package_module(slug: str) -> Module | None:
    """A published package module (not native) with a current version."""
    module = db.session.scalar(select(Module).where(
        Module.slug == slug, Module.published.is_(True), Module.kind != "native"))
    return module if module and module.current_version_id else None


def place_of(user: User, module: Module) -> PackagePlace:
    """The version the learner is pinned to (or the current one) and their progress row."""
    row = progress_of(user.id, module.id)
    version = db.session.get(ModuleVersion, row.module_version_id) if row else None
    return PackagePlace(module, version or module.current_version, row)


def _files_url(version: ModuleVersion) -> str:
    package = package_of(version)
    key = package.storage_key if package else None
    base = current_app.config.get("CONTENT_BASE_URL")
    if key and not base:
        raise LaunchError(_("Die Adresse für Lerninhalte (LMS_CONTENT_BASE_URL) ist nicht "
                            "eingerichtet; bitte wenden Sie sich an die Administration."))
    return files_url(base, key)


def _mode(kind: PackageKind, unit: dict, requested: str | None, satisfied: bool) -> str:
    """cmi5 launch modes: Normal, Browse (look around, no judgement), Review (revisit, no
    judgement). The module page offers Browse before and Review after a unit is satisfied;
    the LRS refuses judgement in both, so either is safe whenever a learner asks."""
    if kind.name != "cmi5" or not requested or requested == "Normal":
        return "Normal"
    if requested not in LAUNCH_MODES:
        raise LaunchError(_("Unbekannte Startart."))
    return requested


def launch_unit(user: User, module: Module, key: str, *, mode: str | None, return_url: str,
                languages: tuple[str, ...], navigation: str = "") -> LaunchResult:
    """Launch one unit for a learner and commit: a first launch (or a Normal launch after
    finishing, when a newer version exists) starts a new registration on the current
    version; otherwise the learner keeps their registration and version."""
    place = place_of(user, module)
    row, version = place.progress, place.version
    fresh = row is None or (row.status in DONE and version.id != module.current_version_id
                            and (mode or "Normal") == "Normal")
    if fresh:
        version = module.current_version
    unit = next((u for u in version.content.get("units", []) if u["key"] == key), None)
    if unit is None:
        raise LaunchError(_("Diese Lerneinheit gibt es in Ihrer Version des Moduls nicht."))
    reached = {} if fresh or row is None else (row.units or {}).get(key, {})
    request = _request(user, module, version, unit, languages, return_url,
                       registration=str(uuid.uuid4()) if fresh else row.registration,
                       mode=_mode(place.kind, unit, mode, unit_satisfied(unit["move_on"],
                                                                          **reached)))
    request.first_launch = fresh
    request.navigation = navigation
    result = place.kind.launch(request)
    db.session.commit()
    return result


def preview_launch(author: User, version: ModuleVersion, key: str, *, mode: str | None,
                   return_url: str, languages: tuple[str, ...],
                   navigation: str = "") -> LaunchResult:
    """An author's test launch of any version as themselves; it never counts as progress
    (its activity ids live under ``…/preview/<version id>``). One registration per author
    and version, so bookmarks and several sessions can be tried too."""
    kind = PACKAGE_KINDS[version.module.kind]
    unit = next((u for u in version.content.get("units", []) if u["key"] == key), None)
    if unit is None:
        raise LaunchError(_("Diese Lerneinheit gibt es in der Version nicht."))
    registration = str(uuid.uuid5(PREVIEW_NAMESPACE, f"{author.id}/{version.id}"))
    request = _request(author, version.module, version, unit, languages, return_url,
                       registration=registration, mode=_mode(kind, unit, mode, True),
                       preview=True)
    request.first_launch = db.session.scalar(
        select(LaunchCredential.id).where(LaunchCredential.registration == registration)
        .limit(1)) is None
    request.navigation = navigation
    result = kind.launch(request)
    db.session.commit()
    return result


def _request(user: User, module: Module, version: ModuleVersion, unit: dict,
             languages: tuple[str, ...], return_url: str, *, registration: str, mode: str,
             preview: bool = False) -> LaunchRequest:
    base_url = current_app.config["BASE_URL"]
    content = version.content
    return LaunchRequest(
        base_url=base_url, files_url=_files_url(version), module_slug=module.slug,
        version_id=version.id, version_label=version.version, unit=unit,
        units=content.get("units", []), structure=content.get("structure", {}),
        course_titles=(version.manifest.get("package") or {}).get("titles", {}),
        user_id=user.id, agent=learner_account(base_url, user.xapi_name),
        registration=registration, return_url=return_url, launch_mode=mode, preview=preview,
        languages=languages)


def waive_unit(user: User, module: Module, key: str, reason: str) -> bool:
    """cmi5 9.3.7: record that a learner's AU requirements were met by other means (an author
    or admin decides); satisfied blocks and course follow. False if already waived."""
    if module.kind != "cmi5":
        raise LaunchError(_("Nur Einheiten von cmi5-Kursen können erlassen werden."))
    if reason not in WAIVE_REASONS:
        raise LaunchError(_("Unbekannter Grund."))
    place = place_of(user, module)
    unit = place.unit(key)
    if unit is None:
        raise LaunchError(_("Diese Lerneinheit gibt es in der Version nicht."))
    fresh = place.progress is None
    registration = str(uuid.uuid4()) if fresh else place.progress.registration
    version = place.version
    iris = Iris(current_app.config["BASE_URL"], module.slug, version.id, False, version.version)
    agent = learner_account(current_app.config["BASE_URL"], user.xapi_name)
    done = waive(agent, registration, unit, version.content["structure"],
                 version.content["units"], iris, reason)
    db.session.commit()
    return done
