"""The English catalogue: complete, faithful to placeholders, in step with the code, and used."""

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from lms.catalog.vocabulary import PROGRESS_STATUS_LABELS
from lms.progress.models import STATUS_LABELS

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "lms" / "translations"
POT = TRANSLATIONS / "messages.pot"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
ENGLISH_MENU = ["Home", "Catalogue", "Notebook", "Wiki", "Seminars"]
GERMAN_MENU = ["Start", "Katalog", "Notizbuch", "Wiki", "Seminare"]


def _read(path: Path):
    with path.open("rb") as file:
        return read_po(file)


def _ids(catalog) -> set[tuple[str | None, str]]:
    return {(message.context, message.id if isinstance(message.id, str) else message.id[0])
            for message in catalog if message.id}


def _menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    return [label.strip() for label in re.findall(r"<a [^>]*>([^<]+)</a>", nav)]


@pytest.fixture
def english(client):
    """A client that has switched the interface to English with the header button."""
    response = client.post("/sprache", data={"locale": "en", "next": "/"})
    assert response.status_code == 302
    return client


def test_every_entry_is_translated_and_none_is_fuzzy():
    catalog = _read(PO)
    untranslated = [message.id for message in catalog if message.id and not all(
        message.string if isinstance(message.string, tuple) else (message.string,))]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_every_placeholder_of_a_msgid_appears_in_its_translation():
    wrong = []
    for message in _read(PO):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        needed = set().union(*(PLACEHOLDER.findall(text) for text in ids))
        for text in strings:
            # a singular form may say "1" instead of %(num)d
            if needed - set(PLACEHOLDER.findall(text)) - {"num"}:
                wrong.append((message.id, text))
    assert wrong == []


def test_committed_template_lists_exactly_the_marked_strings(tmp_path):
    """Whoever marks a new string (or drops one) must run ``make messages`` and translate."""
    fresh = tmp_path / "messages.pot"
    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l",
        "-k", "lazy_gettext", "-k", "N_", "-o", str(fresh), str(ROOT),
    ])
    extracted, committed = _ids(_read(fresh)), _ids(_read(POT))
    assert sorted(extracted - committed) == [], "strings missing from messages.pot"
    assert sorted(committed - extracted) == [], "strings in messages.pot no longer used"
    assert _ids(_read(PO)) == committed


def test_progress_status_labels_are_marked_for_extraction():
    assert set(PROGRESS_STATUS_LABELS) == set(STATUS_LABELS.values())


def test_every_menu_label_is_in_the_catalogue(app):
    labels = {(None, item.label)
              for items in app.extensions["lms_menus"].values() for item in items}
    assert sorted(labels - _ids(_read(POT))) == []


def test_start_page_in_english(english):
    html = english.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert _menu(html) == ENGLISH_MENU
    assert "Shaping demographic change locally – step by step" in html
    assert "Mobility" in html


def test_login_page_in_english(english):
    html = english.get("/anmelden").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Email address" in html
    assert "Password" in html
    assert "Forgotten your password?" in html


def test_catalogue_in_english(english):
    html = english.get("/module").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Catalogue: modules and courses" in html
    assert "All topics" in html
    assert "Any duration" in html
    assert "Introductory" in html


def test_wiki_index_in_english(english):
    html = english.get("/wiki/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert _menu(html) == ENGLISH_MENU
    assert "Search the wiki" in html


def test_error_page_in_english(english):
    html = english.get("/gibt-es-nicht").get_data(as_text=True)
    assert "Page not found" in html


def test_switching_back_restores_german(english):
    english.post("/sprache", data={"locale": "de", "next": "/"})
    html = english.get("/module").get_data(as_text=True)
    assert '<html lang="de">' in html
    assert _menu(html) == GERMAN_MENU
    assert "Katalog: Module und Kurse" in html
    assert "Catalogue" not in html


def test_filter_error_in_english(english):
    html = english.get("/module?niveau=unbekannt").get_data(as_text=True)
    assert "This value does not exist. Please choose an entry from the list." in html


def test_certificate_code_error_in_english(english):
    html = english.get("/nachweis?code=ABC").get_data(as_text=True)
    assert "A verification code has 16 characters (without hyphens); you entered 3." in html


def test_sign_in_prompt_follows_the_interface_language(client, english):
    german = client.application.test_client()

    assert "Please sign in to see this page." in english.get(
        "/nachweise", follow_redirects=True).get_data(as_text=True)
    assert "Bitte melden Sie sich an, um diese Seite zu sehen." in german.get(
        "/nachweise", follow_redirects=True).get_data(as_text=True)
