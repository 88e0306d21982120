"""Author Markdown reaches learners sanitised: no scripts, handlers, javascript: links."""

from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from lms.catalog.models import Module
from lms.extensions import db
from lms.packages.importing import sync_modules
from tests.packages.sample import PAGE_2, write_module

EVIL_PAGE = """\
# Seite mit Tricks

<script>alert('seite')</script>
<img src="x" onerror="alert('bild')">
<div onclick="alert('div')">Roher Block</div>
<iframe src="https://boese.example/"></iframe>
[Klick mich](javascript:alert('link'))
Ein [Wiki-Link](wiki:buergerbus-gruenden), ein [Seminar](seminar:mobilitaet-2025-03)
und ein [Modul](modul:wohnen-quartier).

::: single-choice #trick
Frage <script>alert('frage')</script> mit <b onmouseover="alert('b')">fett</b>?

- [ ] <img src=x onerror=alert('option')>Option A
  > <script>alert('rueckmeldung')</script>Nein.
- [x] Option [B](javascript:alert('optionlink'))
  > <a href="javascript:alert('feedbacklink')">Ja</a>.

Erklärung: <style>body{display:none}</style><span onclick="alert('erklaerung')">Darum</span>.
:::

::: self-check #trick-selbst
Was meinen Sie?

Musterlösung: <script>alert('muster')</script>Das hier.
:::
"""


@pytest.fixture
def evil_module(app, tmp_path, client, learner):
    write_module(tmp_path, "trick-modul", pages=(EVIL_PAGE, PAGE_2))
    assert not sync_modules(tmp_path).errors
    client.get("/lernen/trick-modul")
    return db.session.scalar(select(Module).where(Module.slug == "trick-modul"))


class _MarkupAudit(HTMLParser):
    """Collects live tags and attributes (escaped text is harmless and ignored)."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "style", "object", "embed"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"{tag}[{name}={value}]")


def _assert_clean(html: str) -> None:
    body = html.split('<main id="inhalt"', 1)[1].split("</main>", 1)[0]
    audit = _MarkupAudit()
    audit.feed(body)
    assert audit.problems == []
    assert "alert('" not in body


def test_page_markdown_and_element_texts_are_sanitised(client, evil_module):
    html = client.get("/lernen/trick-modul/seite/1").get_data(as_text=True)
    _assert_clean(html)
    assert "Roher Block" in html and "fett" in html


def test_option_feedback_and_explanation_are_sanitised(client, evil_module):
    client.post("/lernen/trick-modul/seite/1/antwort/trick", data={"trick": "o1"})
    html = client.get("/lernen/trick-modul/seite/1").get_data(as_text=True)
    assert "Darum" in html and "Nein." in html
    _assert_clean(html)


def test_model_answer_is_sanitised(client, evil_module):
    client.post(
        "/lernen/trick-modul/seite/1/antwort/trick-selbst",
        data={"trick-selbst": "<script>alert('ich')</script>"},
    )
    html = client.get("/lernen/trick-modul/seite/1").get_data(as_text=True)
    assert "Das hier." in html
    assert "&lt;script&gt;alert(&#39;ich&#39;)&lt;/script&gt;" in html
    _assert_clean(html)


def test_internal_links_point_to_wiki_seminar_and_module_pages(client, evil_module):
    html = client.get("/lernen/trick-modul/seite/1").get_data(as_text=True)
    assert 'href="/wiki/buergerbus-gruenden?von=modul:trick-modul"' in html
    assert 'href="/seminare/mobilitaet-2025-03?von=modul:trick-modul"' in html
    assert 'href="/module/wohnen-quartier"' in html
