"""Load every registered kind from ``content/`` and check the internal links between them."""

import re
from pathlib import Path

from lms.extensions import db
from lms.resources import catalog, registry
from lms.resources.content import ContentProblem, ContentReport
from lms.resources.links import internal_links

TOML_TABLE_HEADER = re.compile(r"^\s*\[\[[\w.-]+\]\]\s*$", re.M)
"""``[[chapters]]`` in a TOML file is a table header, not a wiki link."""


def _link_targets() -> dict[str, set[str]]:
    targets = {kind.link: set(kind.titles(None)) for kind in registry.kinds()}
    targets["modul"] = catalog.module_slugs()
    return targets


def check_links(content_path: Path, report: ContentReport) -> None:
    """Warn about internal links in shipped files whose target is not loaded.

    Module links are only checked once the catalogue holds modules; links to a kind that is
    not installed are not checked.
    """
    targets = _link_targets()
    for kind in registry.kinds():
        for path in sorted((content_path / kind.folder).glob("*.*")):
            text = path.read_text(encoding="utf-8", errors="replace")
            markdown = TOML_TABLE_HEADER.sub("", text) if path.suffix == ".toml" else text
            for link in internal_links(markdown):
                known = targets.get(link.kind)
                if not known or link.slug in known:
                    continue
                line = next((number for number, line in enumerate(text.splitlines(), start=1)
                             if link.source in line), 0)
                report.warnings.append(ContentProblem(
                    str(path), line, f"Link auf {link.kind}:{link.slug} führt ins Leere."))


def sync_content(content_path: str | Path) -> ContentReport:
    """Load ``<content_path>/<folder>`` of every kind and commit; idempotent."""
    content_path = Path(content_path)
    report = ContentReport()
    if not content_path.is_dir():
        report.errors.append(ContentProblem(str(content_path), 0, "Verzeichnis nicht gefunden."))
        return report
    for kind in registry.kinds():
        report.merge(kind.sync(content_path / kind.folder))
    check_links(content_path, report)
    db.session.commit()
    return report
