"""xAPI packages (tincan.xml), the precedence of manifests, versions of packages, the CLI."""

import pytest
from sqlalchemy import select

from lms.catalog.models import Module
from lms.extensions import db
from lms.packages.detection import detect
from lms.packages.kinds import PACKAGE_KINDS
from lms.packages.services import import_upload
from tests.packages.builders import PAGE, cmi5_xml, cmi5_zip, tincan_xml, tincan_zip, zip_bytes
from tests.packages.sample import MANIFEST


def errors(report) -> str:
    return " | ".join(str(error) for error in report.errors)


def test_registry_is_in_precedence_order_and_names_each_manifest():
    assert [(kind.name, kind.manifest) for kind in PACKAGE_KINDS.values()] == [
        ("native", "module.toml"), ("cmi5", "cmi5.xml"), ("xapi", "tincan.xml"),
        ("scorm", "imsmanifest.xml")]


@pytest.mark.parametrize("names, used, ignored", [
    (["tincan.xml", "imsmanifest.xml", "index.html"], "tincan.xml", ["imsmanifest.xml"]),
    (["cmi5.xml", "tincan.xml", "index.html"], "cmi5.xml", ["tincan.xml"]),
    (["module.toml", "cmi5.xml", "pages/a.md"], "module.toml", ["cmi5.xml"]),
    (["kurs/tincan.xml", "kurs/index.html"], "tincan.xml", []),
])
def test_several_manifests_follow_the_documented_precedence(names, used, ignored):
    detected = detect(names)

    assert detected.kind.manifest == used
    assert detected.ignored == ignored


def test_cmi5_must_be_at_the_root():
    detected = detect(["kurs/cmi5.xml", "kurs/index.html"])

    assert "muss auf oberster Ebene des Archivs liegen" in detected.problem.message


@pytest.mark.parametrize("options", [{"bom": True}, {"namespace": ""}], ids=["bom", "no-ns"])
def test_xapi_package_is_read_with_bom_and_without_namespace(options):
    xml = tincan_xml(**options)

    report = import_upload(zip_bytes({"tincan.xml": xml, "index.html": PAGE}), "t.zip")

    assert report.stored, errors(report)
    assert report.kind == "xapi"
    assert report.title == "Golf für Kommunen"
    assert report.units[0]["move_on"] == "CompletedOrPassed"


@pytest.mark.parametrize("build, message", [
    (lambda: tincan_zip(launch="fehlt.html"), "Die Startdatei „fehlt.html“ fehlt im Paket."),
    (lambda: tincan_zip(activity_id="golf"), "braucht als id eine vollständige IRI"),
    (lambda: tincan_zip(launch="index.html?auth=x"), "bringt den Parameter „auth“ schon mit"),
    (lambda: tincan_zip(launch="javascript:alert(1)"), "weder eine Datei im Paket noch"),
    (lambda: tincan_zip(launch="../index.html"), "zeigt auf keine Datei im Paket"),
    (lambda: zip_bytes({"tincan.xml": b"<tincan><activities/></tincan>"}),
     "beschreibt keine Aktivität"),
    (lambda: zip_bytes({"tincan.xml": b"<kurs/>"}), "Das Wurzelelement muss <tincan> sein"),
    (lambda: zip_bytes({"tincan.xml": b'<!DOCTYPE t SYSTEM "file:///etc/passwd"><tincan/>'}),
     "DTD oder Entitäten"),
    (lambda: tincan_zip(extra='<activity id="https://beispiel.de/pakete/golf"/>'),
     "steht mehrfach in tincan.xml"),
], ids=["missing-launch-file", "id-not-iri", "reserved-parameter", "javascript-url",
        "leaves-package", "no-activity", "wrong-root", "external-dtd", "duplicate-activity"])
def test_xapi_packages_that_cannot_launch_are_refused(build, message):
    report = import_upload(build(), "t.zip")

    assert not report.stored
    assert message in errors(report)
    assert db.session.scalar(select(Module)) is None


def test_re_upload_of_a_changed_package_is_a_new_version_of_the_same_module():
    first = import_upload(tincan_zip(), "t.zip", publish=True)
    again = import_upload(tincan_zip(), "t.zip", publish=True)
    changed = import_upload(tincan_zip(files={"neu.html": PAGE}), "t.zip")

    assert (first.outcome, again.outcome, changed.outcome) == ("created", "unchanged",
                                                              "updated")
    module = db.session.scalar(select(Module))
    assert [v.version for v in module.versions] == ["1", "2"]
    assert module.current_version.version == "1"
    assert changed.slug == first.slug == "golf-fuer-kommunen"


def test_a_package_cannot_change_its_kind():
    import_upload(tincan_zip(activity_id="https://beispiel.de/kurs"), "t.zip", publish=True)

    report = import_upload(cmi5_zip(course_id="https://beispiel.de/kurs"), "c.zip")

    assert report.stored  # a cmi5 course with that id is a module of its own
    kinds = sorted(m.kind for m in db.session.scalars(select(Module)))
    assert kinds == ["cmi5", "xapi"]


def test_the_cli_prints_what_it_found_and_fails_on_refusal(app, tmp_path):
    runner = app.test_cli_runner()
    good = tmp_path / "kurs.zip"
    good.write_bytes(zip_bytes({"cmi5.xml": cmi5_xml(), "tincan.xml": tincan_xml(),
                                "au/index.html": PAGE}))
    bad = tmp_path / "kaputt.zip"
    bad.write_bytes(tincan_zip(launch="fehlt.html"))

    result = runner.invoke(args=["lms", "import-package", str(good), "--publish"])
    refused = runner.invoke(args=["lms", "import-package", str(bad)])

    assert result.exit_code == 0, result.output
    assert "Format: cmi5-Kurs (cmi5.xml) (verwendet: cmi5.xml)" in result.output
    assert "Ebenfalls im Archiv, aber nachrangig: tincan.xml" in result.output
    assert "Titel: Demografie-Check" in result.output
    assert "Einheit 1: Einheit 1 (moveOn CompletedOrPassed, Start au/index.html" in result.output
    assert "veröffentlicht" in result.output
    assert refused.exit_code == 1
    assert "Die Startdatei „fehlt.html“ fehlt im Paket." in refused.output


def test_native_modules_still_import_from_a_zip_folder():
    manifest = MANIFEST.format(slug="nativ", version="1.0.0", title="Nativ",
                               quiz_required="false", max_attempts=0)
    report = import_upload(zip_bytes({"nativ/module.toml": manifest,
                                      "nativ/pages/01.md": "# Eins\n\nText.\n"}), "n.zip")

    assert report.stored, errors(report)
    assert report.kind == "native"
