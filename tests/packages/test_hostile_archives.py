"""Every hostile or broken zip gets a German reason, a 4xx, and leaves nothing stored: no
module, no version, no file under PACKAGE_STORAGE."""

import io
import re
import stat
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.catalog.models import Module, ModuleVersion
from lms.extensions import db
from lms.packages.models import Package
from tests.packages.builders import PAGE, cmi5_xml, zip_bytes
from tests.packages.zipcraft import patch, with_duplicate

URL = "/autorenbereich/module"


@pytest.fixture
def author(make_user, login):
    user = make_user(roles=["author"])
    login(user)
    return user


def good() -> dict[str, bytes]:
    return {"cmi5.xml": cmi5_xml(), "au/index.html": PAGE}


def nothing_stored(app) -> bool:
    db.session.expire_all()
    rows = sum(db.session.scalar(select(func.count()).select_from(model))
               for model in (Module, ModuleVersion, Package))
    storage = Path(app.config["PACKAGE_STORAGE"])
    files = [p for p in storage.rglob("*") if p.is_file()] if storage.exists() else []
    return rows == 0 and files == []


def refused(client, data: bytes, filename: str = "paket.zip") -> str:
    response = client.post(URL, data={"package": (io.BytesIO(data), filename)},
                           content_type="multipart/form-data")
    assert response.status_code == 422, response.status_code
    html = re.sub(r"\s+", " ", response.get_data(as_text=True))
    assert "Es wurde nichts gespeichert." in html
    return html


def test_a_good_package_is_stored_so_the_checks_below_mean_something(client, author, app):
    response = client.post(URL, data={"package": (io.BytesIO(zip_bytes(good())), "p.zip")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert not nothing_stored(app)


HOSTILE = {
    "bad-crc": (lambda: patch(zip_bytes(good()), b"au/index.html", crc=0x12345678),
                "Die Prüfsumme (CRC) stimmt nicht"),
    # the manifest is read while the package is checked, before anything is stored
    "bad-crc-manifest": (lambda: patch(zip_bytes(good()), b"cmi5.xml", crc=0x12345678),
                         "Die Prüfsumme (CRC) stimmt nicht"),
    "size-mismatch": (lambda: patch(zip_bytes(good(), compression=zipfile.ZIP_STORED),
                                    b"au/index.html", size=5, central_only=True),
                      "passt nicht zum Inhaltsverzeichnis"),
    "declared-larger": (lambda: patch(zip_bytes(good(), compression=zipfile.ZIP_STORED),
                                      b"au/index.html", size=99999),
                        "Die Größe der Datei weicht von der Angabe im Archiv ab"),
    "unsupported-method": (lambda: patch(zip_bytes(good()), b"au/index.html", method=14),
                           "Unbekanntes Komprimierungsverfahren (Nr. 14)"),
    "encrypted": (lambda: patch(zip_bytes(good()), b"au/index.html", flags=0x1),
                  "verschlüsselt"),
    "local-header-mismatch": (lambda: patch(zip_bytes(good()), b"au/index.html",
                                            local_name=b"au/evil.html!"[:13]),
                              "Der lokale Dateikopf passt nicht zum Inhaltsverzeichnis"),
    "duplicate-manifest": (lambda: with_duplicate([("cmi5.xml", cmi5_xml()),
                                                   ("au/index.html", PAGE),
                                                   ("cmi5.xml", cmi5_xml(course_id="x:y"))]),
                           "Der Name kommt im Archiv mehrfach vor"),
    "duplicate-after-normalising": (lambda: zip_bytes({**good(), "au//index.html": PAGE}),
                                    "Unzulässiger Pfad"),
    "manifest-in-two-spellings": (lambda: zip_bytes({**good(), "CMI5.xml": cmi5_xml()}),
                                  "verschiedener Schreibweise"),
    "invalid-utf8-name": (lambda: patch(zip_bytes({**good(), "abcd.txt": b"x"}), b"abcd.txt",
                                        new_name=b"ab\xff\xfe.txt", flags=0x800),
                          "als UTF-8 markiert, aber nicht gültig kodiert"),
    "legacy-codepage-name": (lambda: patch(zip_bytes({**good(), "abcd.txt": b"x"}),
                                           b"abcd.txt", new_name=b"ab\x84d.txt"),
                             "Der Dateiname ist nicht in UTF-8 kodiert"),
    "truncated": (lambda: zip_bytes(good())[:300], "kein gültiges ZIP-Archiv"),
    "empty-file": (lambda: b"", "kein gültiges ZIP-Archiv"),
    "empty-zip": (lambda: zip_bytes({}), "Das Archiv ist leer."),
    "traversal": (lambda: zip_bytes({**good(), "../ausbruch.html": PAGE}),
                  "Unzulässiger Pfad"),
    "absolute-path": (lambda: zip_bytes({**good(), "/etc/cron.d/x": PAGE}),
                      "Unzulässiger Pfad"),
    "backslashes": (lambda: zip_bytes({**good(), "au\\..\\..\\x.html": PAGE}),
                    "Unzulässiger Pfad"),
    "drive-letter": (lambda: zip_bytes({**good(), "C:/x.html": PAGE}), "Unzulässiger Pfad"),
    "zip-bomb": (lambda: zip_bytes({**good(), "au/bombe.txt": b"0" * 5_000_000}),
                 "ungewöhnlich stark komprimiert"),
    "file-and-folder": (lambda: zip_bytes({**good(), "au": b"x"}),
                        "zugleich Datei und Ordner"),
}


def _symlink_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in good().items():
            archive.writestr(name, data)
        info = zipfile.ZipInfo("au/passwd.html")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


HOSTILE["symlink"] = (_symlink_zip, "Symbolische Links sind nicht erlaubt.")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_archive_is_refused_and_nothing_is_stored(client, author, app, name):
    build, message = HOSTILE[name]

    html = refused(client, build())

    assert message in html
    assert nothing_stored(app)


def test_not_a_zip_at_all(client, author, app):
    html = refused(client, b"<?php system($_GET['c']); ?>", "paket.zip")

    assert "kein gültiges ZIP-Archiv" in html
    assert nothing_stored(app)


def test_a_zip_without_a_known_manifest_names_the_formats(client, author, app):
    html = refused(client, zip_bytes({"README.md": b"# Hallo", "index.html": PAGE}))

    assert ("module.toml (Lernraum-Modul), cmi5.xml (cmi5), tincan.xml (xAPI) oder "
            "imsmanifest.xml (SCORM)") in html
    assert nothing_stored(app)


def test_a_scorm_manifest_without_a_version_is_refused_with_a_reason(client, author, app):
    html = refused(client, zip_bytes({"imsmanifest.xml": b"<manifest/>", "a.html": PAGE}))

    assert "Die SCORM-Version ist nicht zu erkennen" in html
    assert nothing_stored(app)


def test_a_failure_while_unpacking_removes_what_was_written(client, author, app, monkeypatch):
    from lms.packages import archive

    calls = {"n": 0}
    original = archive.Archive._chunks

    def failing(self, name):
        calls["n"] += 1
        if calls["n"] > 2:
            raise archive.ArchiveProblem(name, "Die Datei ist im Archiv beschädigt.")
        yield from original(self, name)

    monkeypatch.setattr(archive.Archive, "_chunks", failing)
    files = {**good(), **{f"au/{n}.html": PAGE for n in range(5)}}

    html = refused(client, zip_bytes(files))

    assert "beschädigt" in html
    assert nothing_stored(app)
