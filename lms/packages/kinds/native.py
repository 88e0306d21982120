"""Native Lernraum modules (``module.toml``, ``pages/*.md``, ``quiz.md``) as a package kind.

They are played page by page by lms.player itself, so there is nothing to launch and no files
to serve; the upload stores the parsed module only.
"""

from lms.core.i18n import N_
from lms.packages.archive import SourceFiles, module_limits
from lms.packages.kinds.base import PackageKind, PackageSource, ParsedPackage
from lms.packages.native import parse_files
from lms.packages.problems import LoadError


class NativeKind(PackageKind):
    """``module.toml``: Lernraum's own module format (docs/module-format.md)."""

    name = "native"
    label = N_("Lernraum-Modul (module.toml)")
    manifest = "module.toml"
    priority = 10

    def parse(self, source: PackageSource) -> ParsedPackage:
        parsed = ParsedPackage(kind=self.name, manifest_file=self.manifest)
        problem = _beyond_module_limits(source)
        if problem:
            parsed.errors.append(problem)
            return parsed
        files = SourceFiles(name=source.filename,
                            files={name: source.read(name) for name in sorted(source.names)})
        result = parse_files(files)
        parsed.native = result
        parsed.errors = list(result.errors)
        if result.ok:
            parsed.publisher_id = result.slug
            parsed.titles = {"de": result.manifest["title"]}
            parsed.descriptions = {"de": result.manifest["summary"]}
        return parsed


def _beyond_module_limits(source: PackageSource) -> LoadError | None:
    """Native modules are small: the module limits apply, not the package limits."""
    limits = module_limits()
    names = source.names
    if len(names) > limits.files:
        return LoadError("", 0, f"Das Modul enthält mehr als {limits.files} Dateien.")
    total = 0
    for name in sorted(names):
        size = source.archive.size(source.member(name))
        total += size
        if size > limits.file_bytes or total > limits.total_bytes:
            return LoadError(name, 0, "Die Datei ist zu groß (höchstens 5 MB je Datei und "
                                      "50 MB für das Modul).")
    return None
