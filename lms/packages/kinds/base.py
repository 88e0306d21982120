"""The one interface every package kind implements, and what flows through it.

A kind turns an upload (:class:`PackageSource`) into a :class:`ParsedPackage`: the same
shape for every kind — titles, launchable units with their rules, the course structure —
which lms.packages.publishing stores as a module version. At run time the player asks the
kind to launch a unit (:meth:`PackageKind.launch`); the kind decides the protocol.
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from lms.core.i18n import N_
from lms.packages.archive import Archive
from lms.packages.problems import LoadError

UNIT_KEY_LENGTH = 16
MOVE_ON_VALUES = ("NotApplicable", "Passed", "Completed", "CompletedAndPassed",
                  "CompletedOrPassed")
MOVE_ON_LABELS = {
    "NotApplicable": N_("keine Bedingung (zählt sofort als erfüllt)"),
    "Passed": N_("bestanden"),
    "Completed": N_("abgeschlossen"),
    "CompletedAndPassed": N_("abgeschlossen und bestanden"),
    "CompletedOrPassed": N_("abgeschlossen oder bestanden"),
}
LAUNCH_METHODS = ("AnyWindow", "OwnWindow")
LAUNCH_MODES = ("Normal", "Browse", "Review")


def unit_key(publisher_id: str) -> str:
    """A short stable key for a unit or block, the same in every version of the package."""
    return hashlib.sha256(publisher_id.encode("utf-8")).hexdigest()[:UNIT_KEY_LENGTH]


@dataclass
class PackageSource:
    """What one upload holds: a checked zip (files relative to ``prefix``) or one XML file."""

    filename: str
    archive: Archive | None = None
    prefix: str = ""
    standalone: bytes | None = None

    @property
    def names(self) -> set[str]:
        """The package's files, relative to its root."""
        if self.archive is None:
            return set()
        return {name[len(self.prefix):] for name in self.archive.names
                if name.startswith(self.prefix)}

    def member(self, name: str) -> str:
        """The zip member behind a package path."""
        return self.prefix + name

    def read(self, name: str) -> bytes:
        """One file of the package (verified)."""
        if self.archive is None:
            raise KeyError(name)
        return self.archive.read(self.member(name))

    def fingerprint(self) -> str:
        """A hash of every file's name, size and CRC: equal for an unchanged re-upload."""
        if self.archive is None:
            return hashlib.sha256(self.standalone or b"").hexdigest()
        listing = sorted((name[len(self.prefix):], info.file_size, info.CRC)
                         for name, info in self.archive.members.items()
                         if name.startswith(self.prefix))
        return hashlib.sha256(json.dumps(listing).encode()).hexdigest()


@dataclass
class ParsedPackage:
    """A package read by its kind, or the problems that stop it (``errors``).

    ``units`` are dicts (stored as they are in ``ModuleVersion.content["units"]``) with at
    least ``key``, ``position``, ``publisher_id``, ``titles``, ``url`` and ``move_on``;
    ``structure`` is the tree of blocks and units (``{"type": "course", "children": [...]}``).
    Native modules carry their loader result in ``native`` instead.
    """

    kind: str
    manifest_file: str
    publisher_id: str = ""
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    units: list[dict] = field(default_factory=list)
    structure: dict = field(default_factory=dict)
    objectives: list[dict] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    native: Any = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, message: str, file: str | None = None, line: int = 0) -> None:
        self.errors.append(LoadError(self.manifest_file if file is None else file, line,
                                     message))


@dataclass
class LaunchRequest:
    """Everything a kind needs to launch one unit for one learner (plain values only)."""

    base_url: str
    files_url: str
    module_slug: str
    version_id: int
    version_label: str
    unit: dict
    units: list[dict]
    structure: dict
    course_titles: dict[str, str]
    user_id: int
    agent: dict
    registration: str
    return_url: str
    launch_mode: str = "Normal"
    preview: bool = False
    languages: tuple[str, ...] = ("de",)
    first_launch: bool = False
    navigation: str = ""
    """How the learner got here, for kinds with a table of contents (SCORM): ``choice``,
    ``continue``, ``previous`` or ``""`` (the unit list)."""


@dataclass
class LaunchResult:
    """Where to send the learner: ``url`` in their own window or in the player's frame."""

    url: str
    own_window: bool
    session_id: str | None = None
    navigation: Any = None
    """A table of contents with previous/next (SCORM): the player shows it around the frame."""


class LaunchRefused(Exception):
    """A kind cannot launch the unit (e.g. navigation the package does not allow); the
    message is for the learner (German)."""


class PackageKind:
    """One package format. Subclasses set the class attributes and implement ``parse``."""

    name = ""
    """Stored as ``Module.kind`` (``native``, ``xapi``, ``cmi5``)."""
    label = ""
    """German name shown to authors."""
    manifest = ""
    """The file at the package root that identifies the kind."""
    priority = 100
    """When a zip carries several manifests, the kind with the lowest priority is used."""
    accepts_standalone = False
    """Whether the manifest may be uploaded alone, without a zip (cmi5 course structures)."""
    nested_folder = True
    """Whether the package may sit in one folder inside the zip instead of at its root."""

    def parse(self, source: PackageSource) -> ParsedPackage:
        """Read and validate the package; problems go to ``ParsedPackage.errors``."""
        raise NotImplementedError

    def launch(self, request: LaunchRequest) -> LaunchResult:
        """Launch one unit: credentials, statements, state the kind's protocol needs."""
        raise NotImplementedError

    def unit_activity_id(self, base_url: str, module_slug: str, unit: dict, *,
                         preview: bool = False) -> str:
        """The activity IRI statements about ``unit`` carry."""
        return unit["publisher_id"]
