"""From the last quiz answer to the downloaded PDF: a learner completes a one-module course in
the player, finds the certificate under "Meine Nachweise", downloads it, and anyone can check it."""

import subprocess
from pathlib import Path

import pytest

from lms.certificates.codes import format_code, generate_code
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.packages.importing import sync_modules
from tests.e2e.steps import log_in

MODULE_TOML = """id = "nachweis-probe"
version = "1.0.0"
title = "Probemodul Bürgerbus"
summary = "Ein kurzes Modul, um den Weg zum Nachweis zu prüfen."
topics = ["mobilitaet"]
target_groups = ["verwaltung"]
level = "einstieg"
minutes = 10
language = "de"
authors = ["Netzwerkstelle Zukunftsraum Demografie"]
objectives = ["Sie kennen den Bürgerbus."]
prerequisites = []
wiki = []
seminars = []
certificate_hours = 1.5
certificate = false

[completion]
pages = "all"
quiz = true

[quiz]
pass_threshold = 1.0
max_attempts = 0
shuffle = false
"""

PAGE = "# Der Bürgerbus\n\nEhrenamtliche fahren Menschen ohne Auto zum Arzt und zum Einkaufen.\n"
QUIZ = """::: true-false #q-ehrenamt
Bürgerbusse werden meist von Ehrenamtlichen gefahren.

Lösung: richtig
:::
"""
COURSE = """id = "nachweis-probekurs"
version = "1.0.0"
title = "Probekurs Mobilität vor Ort"
summary = "Ein Kurs mit einem Modul."
required = ["nachweis-probe"]
electives = []
electives_needed = 0
certificate_template = "kurs"
"""


@pytest.fixture
def course_files(app, tmp_path):
    """A one-module course loaded through the real module loader."""
    folder = tmp_path / "module"
    (folder / "nachweis-probe" / "pages").mkdir(parents=True)
    (folder / "nachweis-probe" / "module.toml").write_text(MODULE_TOML, encoding="utf-8")
    (folder / "nachweis-probe" / "pages" / "01-buergerbus.md").write_text(PAGE, encoding="utf-8")
    (folder / "nachweis-probe" / "quiz.md").write_text(QUIZ, encoding="utf-8")
    (folder / "courses").mkdir()
    (folder / "courses" / "nachweis-probekurs.toml").write_text(COURSE, encoding="utf-8")
    report = sync_modules(folder)
    assert report.created and not report.errors, report.summary()


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _qr_url(path: Path, tmp_path: Path) -> str:
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(path), str(tmp_path / "seite")],
                   check=True)
    image = next(tmp_path.glob("seite*.png"))
    return subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], check=True,
                          capture_output=True, text=True).stdout.strip()


def test_from_last_quiz_answer_to_downloaded_pdf(page, course_files, make_user, server_url,
                                                 assert_accessible, tmp_path):
    learner = make_user(name="Erika Nachweis-Beispiel")
    log_in(page, learner)

    page.get_by_role("link", name="Meine Nachweise").click()
    page.get_by_text("Sie haben noch keine Nachweise.").wait_for()
    assert_accessible(page)

    page.goto("/lernen/nachweis-probe")
    page.get_by_role("heading", name="Der Bürgerbus").wait_for()
    page.get_by_role("link", name="Zum Abschlusstest").first.click()
    page.get_by_role("button", name="Test starten").click()
    page.get_by_label("richtig", exact=True).check()
    page.get_by_role("button", name="Test abgeben").click()
    page.get_by_text("bestanden").first.wait_for()

    page.get_by_role("link", name="Meine Nachweise").click()
    page.get_by_role("heading", name="Probekurs Mobilität vor Ort").wait_for()
    assert_accessible(page)
    with db.session.no_autoflush:
        certificate = db.session.scalars(
            db.select(Certificate).where(Certificate.user_id == learner.id)).one()
    code = format_code(certificate.code)
    page.get_by_text(code).wait_for()

    link = page.get_by_role("link", name="PDF herunterladen").or_(
        page.get_by_role("link", name="Jetzt abrufen"))
    with page.expect_download() as download_info:
        link.first.click()
    download = download_info.value
    assert download.suggested_filename == f"zertifikat-{code}.pdf"
    pdf_path = tmp_path / "nachweis.pdf"
    download.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    text = _pdf_text(pdf_path)
    for expected in ("Erika Nachweis-Beispiel", "Probekurs Mobilität vor Ort",
                     "Probemodul Bürgerbus", "1,5", code):
        assert expected in text

    verify_url = _qr_url(pdf_path, tmp_path)
    assert verify_url == f"{server_url}/nachweis/{code}"

    page.get_by_role("button", name="Abmelden").click()
    page.goto(verify_url)
    page.get_by_role("heading", name="Gültiger Nachweis").wait_for()
    page.get_by_text("Erika Nachweis-Beispiel").wait_for()
    assert_accessible(page)


def test_public_check_form_answers_typos_and_unknown_codes(page, assert_accessible):
    page.goto("/")
    page.get_by_role("link", name="Zur Echtheitsprüfung").click()
    page.get_by_role("heading", name="Nachweis prüfen", level=1).wait_for()
    assert_accessible(page)
    page.get_by_label("Prüfcode").fill("ABCD-EFGH")
    page.get_by_role("button", name="Nachweis prüfen").click()
    page.get_by_text("Ein Prüfcode hat 16 Zeichen").first.wait_for()
    assert_accessible(page)
    code = generate_code()
    typo = code[:-1] + ("2" if code[-1] != "2" else "3")
    page.get_by_label("Prüfcode").fill(typo)
    page.get_by_role("button", name="Nachweis prüfen").click()
    page.get_by_text("Tippfehler").first.wait_for()
    page.get_by_label("Prüfcode").fill(code.lower())
    page.get_by_role("button", name="Nachweis prüfen").click()
    page.get_by_role("heading", name="Unbekannter Prüfcode").wait_for()
    assert_accessible(page)
