"""Builders for wiki files and pages; the seminar and module builders are shared."""

import pytest

from lms.extensions import db
from lms.wiki import services
from tests.seminars.conftest import make_module, make_seminar, seminar_file  # noqa: F401

PAGE_MD = '''+++
slug = "{slug}"
title = "{title}"
kind = "{kind}"
topics = {topics}
summary = "{summary}"
version = "{version}"
updated = 2025-09-15
{extra}+++

# {title}

## Worum geht es

{body}
'''


@pytest.fixture
def page_file(tmp_path):
    """Write ``<tmp>/content/wiki/<slug>.md`` from the template; returns the path."""
    folder = tmp_path / "content" / "wiki"
    folder.mkdir(parents=True, exist_ok=True)

    def write(slug="buergerbus-gruenden", *, text=None, **fields):
        values = {"slug": slug, "title": "Einen Bürgerbus gründen", "kind": "leitfaden",
                  "topics": '["mobilitaet"]', "summary": "Vom ersten Treffen zur ersten Fahrt.",
                  "version": "1.0.0", "extra": "", "body": "Bürger fahren für Bürger.",
                  **fields}
        path = folder / f"{slug}.md"
        path.write_text(text if text is not None else PAGE_MD.format(**values), encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_page(app):
    """Store a wiki page through the service, as an author would."""

    def build(slug="buergerbus-gruenden", *, user, note="Angelegt", **fields):
        values = {"title": "Einen Bürgerbus gründen", "kind": "leitfaden",
                  "topics": ["mobilitaet"], "summary": "Vom ersten Treffen zur ersten Fahrt.",
                  "body": "## Worum geht es\n\nBürger fahren für Bürger.\n",
                  "municipality": "", "state": "", **fields}
        page = services.save_page(None, slug=slug, fields=values, user_id=user.id, note=note)
        db.session.commit()
        return page

    return build
