"""Zipped modules are hostile until proven otherwise: traversal, absolute paths, symlinks, bombs."""

import io
import stat
import zipfile

import pytest

from lms.packages import archive
from lms.packages.native import load_module
from tests.packages.sample import write_module


def _zip_of_folder(folder, target, *, prefix=""):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, prefix + path.relative_to(folder).as_posix())
    return target


def _zip_with(target, members: dict[str, bytes], *, symlink: str | None = None):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return target


def test_zip_of_module_contents_loads_like_the_folder(tmp_path):
    folder = write_module(tmp_path)
    result = load_module(_zip_of_folder(folder, tmp_path / "modul.zip"))
    assert result.ok, [str(e) for e in result.errors]
    assert result.content_hash == load_module(folder).content_hash


def test_zip_with_the_folder_inside_loads_too(tmp_path):
    folder = write_module(tmp_path)
    result = load_module(_zip_of_folder(folder, tmp_path / "modul.zip", prefix="probe-modul/"))
    assert result.ok


@pytest.mark.parametrize(
    "name",
    [
        "../module.toml",
        "pages/../../boese.md",
        "/etc/module.toml",
        "C:/module.toml",
        "pages\\..\\x.md",
    ],
)
def test_paths_leaving_the_archive_are_refused(tmp_path, name):
    result = load_module(_zip_with(tmp_path / "boese.zip", {name: b"x"}))
    assert not result.ok
    assert "Unzulässiger Pfad" in result.errors[0].message


def test_symlinks_are_refused(tmp_path):
    result = load_module(
        _zip_with(tmp_path / "link.zip", {"module.toml": b""}, symlink="pages/01.md")
    )
    assert "Symbolische Links sind nicht erlaubt." in [e.message for e in result.errors]


def test_symlink_in_a_module_folder_is_refused(tmp_path):
    folder = write_module(tmp_path)
    (folder / "pages" / "99-link.md").symlink_to("/etc/hostname")
    result = load_module(folder)
    assert "Symbolische Links sind nicht erlaubt." in [e.message for e in result.errors]


def test_highly_compressed_member_is_refused_as_bomb(tmp_path):
    result = load_module(_zip_with(tmp_path / "bombe.zip", {"module.toml": b"0" * 2_000_000}))
    assert "ZIP-Bombe" in result.errors[0].message


def test_too_many_files_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_FILES", 3)
    result = load_module(
        _zip_with(tmp_path / "viele.zip", {f"pages/{n}.md": b"# x" for n in range(5)})
    )
    assert "mehr als 3 Dateien" in result.errors[0].message


def test_member_larger_than_declared_is_cut_off(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(archive, "MAX_RATIO", 10**9)
    result = load_module(_zip_with(tmp_path / "gross.zip", {"module.toml": b"a" * 5000}))
    assert "zu groß" in result.errors[0].message


def test_total_size_limit_applies(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 3000)
    monkeypatch.setattr(archive, "MAX_RATIO", 10**9)
    members = {f"pages/{n}.md": bytes(range(256)) * 4 for n in range(5)}
    result = load_module(_zip_with(tmp_path / "summe.zip", members))
    assert "entpackt zu groß" in result.errors[0].message


def test_not_a_zip_is_reported(tmp_path):
    path = tmp_path / "kaputt.zip"
    path.write_bytes(b"PK\x03\x04 kaputt")
    result = archive.read_zip(io.BytesIO(path.read_bytes()), name="kaputt.zip")
    assert result.problems == [
        ("", "Die Datei ist kein gültiges ZIP-Archiv (leer, abgeschnitten oder beschädigt).")]
