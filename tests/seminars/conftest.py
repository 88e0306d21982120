"""Builders for seminar files and records."""

from datetime import date

import pytest

from lms.catalog.models import Module, ModuleVersion
from lms.extensions import db
from lms.seminars import services
from lms.seminars.models import Seminar

SEMINAR_TOML = '''slug = "{slug}"
title = "{title}"
held_on = {held_on}
duration_minutes = 75
speakers = ["Fachdienst ÖPNV eines Landkreises"]
topics = {topics}
summary = "Worum es ging."
recording_url = "{recording_url}"
slides_url = ""
version = "{version}"
takeaways = ["Erste Kernaussage.", "Zweite Kernaussage."]
description = """
### Impuls

Text mit Link auf [den Bürgerbus](wiki:buergerbus-gruenden).
"""

[[chapters]]
at = "00:00"
title = "Begrüßung"

[[chapters]]
at = "00:12"
title = "Impuls"
'''


@pytest.fixture
def seminar_file(tmp_path):
    """Write ``<tmp>/content/seminars/<slug>.toml`` from the template; returns the path."""
    folder = tmp_path / "content" / "seminars"
    folder.mkdir(parents=True, exist_ok=True)

    def write(slug="mobilitaet-2025-03", *, text=None, **fields):
        values = {"slug": slug, "title": "Mobil im Alter auf dem Land", "held_on": "2025-03-12",
                  "topics": '["mobilitaet"]', "recording_url": "", "version": "1.0.0", **fields}
        path = folder / f"{slug}.toml"
        path.write_text(text if text is not None else SEMINAR_TOML.format(**values),
                        encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_seminar(app):
    """Store a seminar record directly."""

    def build(slug="mobilitaet-2025-03", **fields) -> Seminar:
        values = {
            "title": "Mobil im Alter auf dem Land", "held_on": date(2025, 3, 12),
            "duration_minutes": 75, "speakers": ["Fachdienst ÖPNV"], "topics": ["mobilitaet"],
            "summary": "Worum es ging.", "description": "### Impuls\n\nText.",
            "takeaways": ["Eine Kernaussage."], "chapters": [{"at": "00:00", "title": "Start"}],
            "recording_url": "", "slides_url": "", "version": "1.0.0", **fields,
        }
        seminar = Seminar(slug=slug, **values)
        db.session.add(seminar)
        db.session.flush()
        services.index_seminar(seminar)
        db.session.commit()
        return seminar

    return build


@pytest.fixture
def make_module(app):
    """A published catalogue module whose current manifest lists wiki pages and seminars."""
    def build(slug="mobilitaet", title="Mobilität", wiki=(), seminars=()):
        module = Module(slug=slug)
        db.session.add(module)
        db.session.flush()
        version = ModuleVersion(
            module_id=module.id, version="1.0.0", title=title, content_hash="0" * 64,
            manifest={"id": slug, "wiki": list(wiki), "seminars": list(seminars)}, content={},
        )
        db.session.add(version)
        db.session.flush()
        module.current_version_id = version.id
        db.session.commit()
        return module

    return build
