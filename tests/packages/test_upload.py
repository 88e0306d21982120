"""Authors upload module zips in the browser: all is checked first, bad input stores nothing."""

import io
import re
import zipfile

import pytest
from sqlalchemy import select

from lms.audit.models import AuditEntry
from lms.catalog.models import Module, ModuleVersion
from lms.extensions import db
from lms.packages import routes, services
from lms.packages.archive import read_zip
from lms.packages.native import parse_files
from tests.packages.sample import write_module

URL = "/autorenbereich/module"
BROKEN_PAGE = """\
# Kaputte Seite

Ein Absatz.

::: single-choice #doppelt
Welche Antwort ist richtig?

- [x] Antwort A
- [x] Antwort B
:::
"""


def zip_of(folder) -> bytes:
    """The module folder as zip bytes, files directly in the archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def zip_with(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def snapshot() -> list[tuple]:
    """Every module with its current version and all versions' content hashes and publication,
    freshly read."""
    db.session.expire_all()
    return [
        (module.slug, module.current_version.version if module.current_version else None,
         [(version.version, version.content_hash, version.published_at is not None)
          for version in module.versions])
        for module in db.session.scalars(select(Module).order_by(Module.slug))
    ]


@pytest.fixture
def author(make_user, login):
    user = make_user(roles=["author"])
    login(user)
    return user


@pytest.fixture
def upload(client, author):
    """POST a file to the upload form; returns the response after its redirect."""

    def send(data: bytes, filename: str = "probe-modul.zip", *, follow: bool = True):
        return client.post(URL, data={"package": (io.BytesIO(data), filename)},
                           content_type="multipart/form-data", follow_redirects=follow)

    return send


def publish(client, slug: str):
    """Publish the module's draft through the button on its version page."""
    module = db.session.scalar(select(Module).where(Module.slug == slug))
    draft = next(v for v in module.versions if v.published_at is None)
    return client.post(f"{URL}/{slug}/version/{draft.id}/veroeffentlichen",
                       follow_redirects=True)


@pytest.fixture
def stored(client, tmp_path, upload):
    """Version 1.0.0 of the sample module, uploaded and published; the snapshot after it."""
    response = upload(zip_of(write_module(tmp_path / "v1")))
    assert "ist als Entwurf gespeichert" in _text(response)
    publish(client, "probe-modul")
    return snapshot()


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_author_sees_form_help_and_empty_state(client, author):
    html = _text(client.get(URL))

    assert 'enctype="multipart/form-data"' in html
    assert ('<label class="label" for="package">Paket (ZIP-Datei oder cmi5-Kursstruktur als '
            'XML)</label>') in html
    assert 'aria-describedby="package-hint"' in html
    for manifest in ("module.toml", "tincan.xml", "cmi5.xml"):
        assert manifest in html
    assert "Noch keine Module." in html


def test_the_hint_below_the_file_field_names_every_kind_of_package(client, author):
    html = _text(client.get(URL))

    hint = re.search(r'id="package-hint"[^>]*>(.*?)</', html).group(1)
    for manifest in ("module.toml", "tincan.xml", "cmi5.xml", "imsmanifest.xml"):
        assert manifest in hint


def test_menu_shows_the_upload_to_authors_only(client, make_user, login, author):
    assert 'href="/autorenbereich/module" aria-current="page">Module hochladen' in _text(
        client.get(URL))
    client.post("/abmelden")
    login(make_user())
    assert "Module hochladen" not in _text(client.get("/module"))


def test_new_module_is_a_draft_until_published(client, tmp_path, upload):
    response = upload(zip_of(write_module(tmp_path, title="Probemodul Upload")))

    html = _text(response)
    assert response.status_code == 200
    assert "„Probemodul Upload“ ist als Entwurf gespeichert." in html
    assert "Verwendeter Steckbrief</dt><dd><code>module.toml</code>" in html
    assert [(slug, current, versions[0][2]) for slug, current, versions in snapshot()] == [
        ("probe-modul", None, False)]
    assert "Probemodul Upload" not in _text(client.get("/module"))
    assert client.get("/module/probe-modul").status_code == 404

    html = _text(publish(client, "probe-modul"))

    assert "Version 1.0.0 von „Probemodul Upload“ ist veröffentlicht" in html
    assert "Probemodul Upload" in _text(client.get("/module"))
    assert client.get("/module/probe-modul").status_code == 200


def test_draft_pages_can_be_previewed(client, tmp_path, upload):
    html = _text(upload(zip_of(write_module(tmp_path))))
    preview = re.search(r'href="(/vorschau/\d+/seite/1)"', html)[1]

    page = _text(client.get(preview))

    assert "Vorschau von Version 1.0.0" in page
    assert "<h1>Erste Seite</h1>" in page
    assert "Welche Antwort ist richtig?" in page


def test_zip_with_the_module_folder_inside_is_accepted(tmp_path, upload):
    folder = write_module(tmp_path)
    data = zip_with({f"probe-modul/{path.relative_to(folder).as_posix()}": path.read_bytes()
                     for path in folder.rglob("*") if path.is_file()})

    assert "ist als Entwurf gespeichert" in _text(upload(data))


def test_higher_version_becomes_current(client, tmp_path, upload, stored):
    folder = write_module(tmp_path / "v2", version="1.1.0", title="Probemodul neu")

    html = _text(upload(zip_of(folder)))

    assert "Neue Version 1.1.0 von „Probemodul neu“ als Entwurf gespeichert." in html
    assert snapshot()[0][1] == "1.0.0"
    publish(client, "probe-modul")
    slug, current, versions = snapshot()[0]
    assert (slug, current, [v[0] for v in versions]) == ("probe-modul", "1.1.0",
                                                         ["1.0.0", "1.1.0"])
    assert "Probemodul neu" in _text(client.get("/module/probe-modul"))


def test_a_new_draft_replaces_the_older_draft(client, tmp_path, upload, stored):
    upload(zip_of(write_module(tmp_path / "a", version="1.1.0", title="Entwurf A")))
    upload(zip_of(write_module(tmp_path / "b", version="1.2.0", title="Entwurf B")))

    slug, current, versions = snapshot()[0]
    assert current == "1.0.0"
    assert [(v[0], v[2]) for v in versions] == [("1.0.0", True), ("1.2.0", False)]


def test_unpublished_module_leaves_the_catalogue_and_comes_back(client, tmp_path, stored):
    response = client.post(f"{URL}/probe-modul/sichtbarkeit", data={"published": "0"},
                           follow_redirects=True)

    assert "ist zurückgezogen" in _text(response)
    assert client.get("/module/probe-modul").status_code == 404
    assert "Probemodul" not in _text(client.get("/module"))

    client.post(f"{URL}/probe-modul/sichtbarkeit", data={"published": "1"})
    assert client.get("/module/probe-modul").status_code == 200


def test_publishing_and_withdrawing_go_into_the_audit_log(client, author, tmp_path, stored):
    client.post(f"{URL}/probe-modul/sichtbarkeit", data={"published": "0"})

    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.actor_id, e.target_label, e.details["version"]) for e in entries] == [
        ("module.published", author.id, "Probemodul", "1.0.0"),
        ("module.withdrawn", author.id, "Probemodul", "1.0.0"),
    ]


def test_a_draft_can_be_discarded(client, tmp_path, upload, stored):
    upload(zip_of(write_module(tmp_path / "a", version="1.1.0", title="Verworfen")))
    draft = [v for v in db.session.scalar(select(Module)).versions if v.published_at is None][0]

    response = client.post(f"{URL}/probe-modul/version/{draft.id}/verwerfen",
                           follow_redirects=True)

    assert "Der Entwurf „Verworfen“ wurde verworfen." in _text(response)
    assert snapshot() == stored


def test_same_content_again_changes_nothing(tmp_path, upload, stored):
    html = _text(upload(zip_of(write_module(tmp_path / "again"))))

    assert "„Probemodul“ ist unverändert: Das Paket hat denselben Inhalt wie Version 1.0.0." \
        in html
    assert snapshot() == stored


def test_same_version_with_other_content_is_refused(tmp_path, upload, stored):
    folder = write_module(tmp_path / "v1b", title="Anderer Titel")

    html = _text(upload(zip_of(folder)))

    assert "wurde nicht übernommen" in html
    assert "Es wurde nichts gespeichert." in html
    assert "Bitte „version“ erhöhen" in html
    assert "<code>module.toml</code> –" in html
    assert snapshot() == stored


def test_older_version_is_refused(client, tmp_path, upload, stored):
    assert "Neue Version 2.0.0" in _text(upload(zip_of(write_module(tmp_path / "v2",
                                                                      version="2.0.0",
                                                                      title="Zwei"))))
    publish(client, "probe-modul")
    before = snapshot()

    html = _text(upload(zip_of(write_module(tmp_path / "v15", version="1.5.0", title="Alt"))))

    assert "Die Version 1.5.0 ist älter als die veröffentlichte Version 2.0.0." in html
    assert snapshot() == before


def test_parse_error_is_listed_with_file_and_line(tmp_path, upload, stored):
    folder = write_module(tmp_path / "kaputt", version="1.2.0", pages=(BROKEN_PAGE,))

    response = upload(zip_of(folder))

    html = _text(response)
    assert "Das Paket „probe-modul.zip“ enthält Fehler" in html
    assert re.search(r"<code>pages/01-seite\.md:\d+</code> – Genau eine Antwort", html)
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="package-hint package-error"' in html
    assert '<a href="#package">Zur Dateiauswahl</a>' in html
    assert snapshot() == stored


def test_every_error_of_a_package_is_listed(tmp_path, upload):
    folder = write_module(tmp_path, pages=(BROKEN_PAGE, "Keine Überschrift\n"))

    html = _text(upload(zip_of(folder)))

    assert "diese 2 Fehler" in html
    assert "pages/01-seite.md:" in html
    assert "<code>pages/02-seite.md:1</code> – Die Seite muss mit einer Überschrift" in html
    assert snapshot() == []


def test_not_a_zip_is_refused(upload, stored):
    html = _text(upload(b"Das ist kein Archiv.", "modul.zip"))

    assert "Die Datei ist kein gültiges ZIP-Archiv" in html
    assert snapshot() == stored


def test_path_traversal_is_refused(tmp_path, upload, stored):
    folder = write_module(tmp_path / "v2", version="2.0.0")
    members = {path.relative_to(folder).as_posix(): path.read_bytes()
               for path in folder.rglob("*") if path.is_file()}

    html = _text(upload(zip_with({**members, "../x": b"boese"})))

    assert "<code>../x</code> – Unzulässiger Pfad im Archiv" in html
    assert snapshot() == stored
    assert not (tmp_path / "x").exists()


def test_zip_bomb_is_refused(tmp_path, upload, stored):
    folder = write_module(tmp_path / "v2", version="2.0.0")
    members = {path.relative_to(folder).as_posix(): path.read_bytes()
               for path in folder.rglob("*") if path.is_file()}
    members["pages/03-bombe.md"] = b"# Bombe\n" + b"a" * 2_000_000

    html = _text(upload(zip_with(members)))

    assert "ungewöhnlich stark komprimiert" in html
    assert snapshot() == stored


def test_no_file_chosen_asks_for_one(client, author, stored):
    response = client.post(URL, data={}, content_type="multipart/form-data")

    html = _text(response)
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert ('<a href="#package">Paket (ZIP-Datei oder cmi5-Kursstruktur als XML): Bitte wählen '
            'Sie eine ZIP- oder XML-Datei aus.</a>') in html
    assert snapshot() == stored


def test_wrong_extension_is_refused_before_reading(tmp_path, upload, stored):
    data = zip_of(write_module(tmp_path / "v2", version="2.0.0"))

    html = _text(upload(data, "probe-modul.tar.gz"))

    assert "Nur ZIP-Dateien (.zip) oder eine cmi5-Kursstruktur (.xml) sind möglich." in html
    assert snapshot() == stored


def test_too_large_upload_gets_a_german_page_with_the_form(client, author, stored, monkeypatch):
    monkeypatch.setattr(services, "max_upload_bytes", lambda: 10_000)
    monkeypatch.setattr(routes, "MULTIPART_OVERHEAD", 0)

    response = client.post(URL, data={"package": (io.BytesIO(b"0" * 20_000), "gross.zip")},
                           content_type="multipart/form-data")

    html = _text(response)
    assert response.status_code == 413
    assert "Die Datei ist zu groß: höchstens 0,0 MB sind möglich." in html
    assert 'id="package"' in html
    assert snapshot() == stored


def test_learner_cannot_upload(client, make_user, login, tmp_path):
    login(make_user())

    response = client.post(URL, data={"package": (io.BytesIO(zip_of(write_module(tmp_path))),
                                                   "probe-modul.zip")},
                           content_type="multipart/form-data")

    assert response.status_code == 403
    assert snapshot() == []


def test_list_shows_versions_and_paginates(client, author):
    for number in range(27):
        module = Module(slug=f"modul-{number:02d}")
        db.session.add(module)
        db.session.flush()
        version = ModuleVersion(module_id=module.id, version="1.0.0", title=f"Modul {number:02d}",
                                content_hash="x", manifest={}, content={},
                                published_at=module.created_at)
        db.session.add(version)
        db.session.flush()
        module.current_version = version
    db.session.commit()

    first, second = _text(client.get(URL)), _text(client.get(URL + "?seite=2"))

    assert first.count("<tr>") == 26  # header + 25 modules
    assert second.count("<tr>") == 3
    assert "Seite 1 von 2 · 27 Einträge" in first
    assert ("<td>1.0.0</td> <td>Lernraum-Modul</td> <td> im Katalog </td> <td>1</td> "
            "<td><time datetime=") in first


def test_example_package_is_a_valid_module(client, author, app):
    response = client.get(URL + "/beispiel.zip")

    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    result = parse_files(read_zip(io.BytesIO(response.data), name="b.zip"))
    assert result.ok, [str(error) for error in result.errors]
