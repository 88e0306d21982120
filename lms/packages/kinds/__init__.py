"""The package kinds Lernraum imports: one importer per kind behind one interface.

``PACKAGE_KINDS`` maps ``Module.kind`` to its importer, in order of precedence: when a zip
carries several manifests, the first kind whose manifest is at the root is used (and the
author is told which). Adding a kind (SCORM: ``imsmanifest.xml``) is one class implementing
:class:`PackageKind` and one line below; see docs/packages.md.
"""

from lms.packages.kinds.base import (
    LaunchRequest,
    LaunchResult,
    PackageKind,
    PackageSource,
    ParsedPackage,
)
from lms.packages.kinds.cmi5 import Cmi5Kind
from lms.packages.kinds.native import NativeKind
from lms.packages.kinds.scorm import ScormKind
from lms.packages.kinds.tincan import TinCanKind

PACKAGE_KINDS: dict[str, PackageKind] = {
    kind.name: kind for kind in sorted((NativeKind(), Cmi5Kind(), TinCanKind(), ScormKind()),
                                       key=lambda kind: kind.priority)
}
"""Every kind by name, lowest priority (= wins over the others) first."""

KNOWN_MANIFESTS = {
    "module.toml": "Lernraum-Modul",
    "cmi5.xml": "cmi5",
    "tincan.xml": "xAPI (Tin Can)",
    "imsmanifest.xml": "SCORM",
}
"""Manifests an author may meet, also of kinds not (yet) imported, to explain refusals."""

__all__ = ["PACKAGE_KINDS", "KNOWN_MANIFESTS", "LaunchRequest", "LaunchResult", "PackageKind",
           "PackageSource", "ParsedPackage", "kind_of"]


def kind_of(name: str) -> PackageKind | None:
    """The importer of ``Module.kind`` ``name``."""
    return PACKAGE_KINDS.get(name)
