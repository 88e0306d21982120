"""Which kind an upload is: the manifests at the zip root, in the documented precedence."""

from dataclasses import dataclass, field

from lms.packages.kinds import KNOWN_MANIFESTS, PACKAGE_KINDS, PackageKind
from lms.packages.problems import LoadError
from lms.packages.xmlread import ManifestError, parse_xml, split_tag


@dataclass
class Detected:
    """The kind to use (or the problem), the folder the package sits in, every manifest seen."""

    kind: PackageKind | None = None
    prefix: str = ""
    manifests: list[str] = field(default_factory=list)
    problem: LoadError | None = None

    @property
    def ignored(self) -> list[str]:
        """Manifests found but not used because another one takes precedence."""
        used = self.kind.manifest if self.kind else None
        return [name for name in self.manifests if name != used]


def _case_problem(roots: set[str]) -> LoadError | None:
    """``CMI5.XML`` next to or instead of ``cmi5.xml``: say what the name must be."""
    for manifest in KNOWN_MANIFESTS:
        variants = sorted(name for name in roots if name.lower() == manifest)
        if len(variants) > 1:
            return LoadError(variants[1], 0, f"Das Archiv enthält „{manifest}“ mehrfach in "
                                             "verschiedener Schreibweise; eindeutig muss es sein.")
        if variants and variants[0] != manifest:
            return LoadError(variants[0], 0, f"Die Datei muss genau „{manifest}“ heißen "
                                             "(Kleinschreibung).")
    return None


def detect(names: list[str]) -> Detected:
    """The kind of a zip with these member names (see docs/packages.md, "Vorrang")."""
    roots = {name for name in names if "/" not in name}
    detected = Detected()
    detected.problem = _case_problem(roots)
    if detected.problem:
        return detected
    detected.manifests = [m for m in KNOWN_MANIFESTS if m in roots]
    if not detected.manifests:
        tops = {name.split("/", 1)[0] for name in names}
        if len(tops) == 1 and all("/" in name for name in names):
            detected.prefix = tops.pop() + "/"
            inner = {name[len(detected.prefix):] for name in names}
            detected.manifests = [m for m in KNOWN_MANIFESTS if m in inner]
    kinds = [kind for kind in PACKAGE_KINDS.values() if kind.manifest in detected.manifests]
    if not kinds:
        detected.problem = _unknown(detected.manifests)
        return detected
    detected.kind = kinds[0]
    if detected.prefix and not detected.kind.nested_folder:
        detected.problem = LoadError(
            detected.prefix + detected.kind.manifest, 0,
            f"{detected.kind.manifest} muss auf oberster Ebene des Archivs liegen, nicht im "
            f"Ordner „{detected.prefix.rstrip('/')}“ (so verlangt es die Spezifikation). Bitte "
            "packen Sie den Inhalt des Ordners, nicht den Ordner selbst.")
    return detected


def _unknown(manifests: list[str]) -> LoadError:
    if manifests:
        names = ", ".join(KNOWN_MANIFESTS[m] for m in manifests)
        return LoadError(manifests[0], 0, f"Pakete dieser Art ({names}) kann Lernraum noch "
                                          "nicht übernehmen.")
    return LoadError("", 0, "Das Archiv ist kein bekanntes Lernpaket: Auf oberster Ebene fehlt "
                            "module.toml (Lernraum-Modul), cmi5.xml (cmi5), tincan.xml "
                            "(xAPI) oder imsmanifest.xml (SCORM).")


def detect_standalone(data: bytes) -> Detected:
    """A manifest uploaded without a zip: only a cmi5 course structure can be one."""
    detected = Detected()
    try:
        root = parse_xml(data)
    except ManifestError as error:
        detected.problem = LoadError("", 0, str(error))
        return detected
    tag = split_tag(root.tag)[1]
    for kind in PACKAGE_KINDS.values():
        if kind.accepts_standalone and tag == "courseStructure":
            detected.kind = kind
            detected.manifests = [kind.manifest]
            return detected
    detected.problem = LoadError("", 0, "Eine einzelne XML-Datei kann nur eine cmi5-Kursstruktur "
                                        "(<courseStructure>) sein; andere Pakete bitte als "
                                        "ZIP-Datei hochladen.")
    return detected
