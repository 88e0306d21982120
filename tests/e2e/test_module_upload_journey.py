"""An author uploads a module zip in Chromium, opens it, then uploads a broken one."""

import io
import zipfile

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.packages.sample import write_module

BROKEN_PAGE = "Eine Seite ohne Überschrift.\n"


def _zip(folder, target):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def test_author_uploads_a_module_opens_it_and_sees_the_errors_of_a_broken_one(
    page, make_user, tmp_path, assert_accessible
):
    author = make_user(roles=["author"])
    good = _zip(write_module(tmp_path / "gut", title="Hochgeladenes Modul"), tmp_path / "gut.zip")
    broken = _zip(write_module(tmp_path / "kaputt", version="1.1.0", pages=(BROKEN_PAGE,)),
                  tmp_path / "kaputt.zip")
    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(author.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Willkommen zurück").wait_for()

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Module hochladen").click()
    page.get_by_role("heading", name="Module hochladen", level=1).wait_for()
    page.get_by_text("Noch keine Module.").wait_for()
    assert_accessible(page)

    page.get_by_label("Paket (ZIP-Datei oder cmi5-Kursstruktur als XML)").set_input_files(good)
    page.get_by_role("button", name="Hochladen und prüfen").click()
    expect(page.get_by_role("status")).to_contain_text(
        "„Hochgeladenes Modul“ ist als Entwurf gespeichert.")
    expect(page.locator("main")).to_contain_text("module.toml")
    assert_accessible(page)
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_role("status")).to_contain_text("ist veröffentlicht und steht im Katalog")

    page.get_by_role("link", name="Im Katalog ansehen").click()
    page.get_by_role("heading", name="Hochgeladenes Modul", level=1).wait_for()

    page.goto("/autorenbereich/module")
    expect(page.get_by_role("table")).to_contain_text("probe-modul")
    page.get_by_label("Paket (ZIP-Datei oder cmi5-Kursstruktur als XML)").set_input_files(broken)
    page.get_by_role("button", name="Hochladen und prüfen").click()
    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("Das Paket „kaputt.zip“ enthält Fehler")
    expect(problems).to_contain_text(
        "pages/01-seite.md:1 – Die Seite muss mit einer Überschrift „# Titel“ beginnen.")
    expect(page.get_by_label("Paket (ZIP-Datei oder cmi5-Kursstruktur als XML)")
           ).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("table")).to_contain_text("1.0.0")
    assert_accessible(page)

    problems.get_by_role("link", name="Zur Dateiauswahl").click()
    expect(page).to_have_url(page.url.split("#")[0] + "#package")


def test_example_package_downloads_as_a_zip(page, make_user, app, tmp_path):
    author = make_user(roles=["author"])
    page.goto("/anmelden")
    page.get_by_label("E-Mail-Adresse").fill(author.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Willkommen zurück").wait_for()
    page.goto("/autorenbereich/module")

    page.get_by_text("Welche Pakete sind möglich?").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Beispielpaket herunterladen").click()

    data = (tmp_path / "beispiel.zip")
    download.value.save_as(data)
    assert "module.toml" in {name.split("/", 1)[-1] for name in
                             zipfile.ZipFile(io.BytesIO(data.read_bytes())).namelist()}
