"""The cmi5 course structure: read completely, and refused as the specification asks."""

import io

import pytest

from lms.packages.archive import open_archive, package_limits
from lms.packages.kinds import PACKAGE_KINDS, PackageSource
from lms.packages.kinds.cmi5.structure import NAMESPACE
from lms.packages.services import import_upload
from tests.packages.builders import COURSE_ID, PAGE, au, block, cmi5_xml, cmi5_zip, zip_bytes

KIND = PACKAGE_KINDS["cmi5"]


def parse_standalone(xml: bytes):
    return KIND.parse(PackageSource(filename="kurs.xml", standalone=xml))


def parse_zip(data: bytes):
    archive = open_archive(io.BytesIO(data), "p.zip", package_limits())
    return KIND.parse(PackageSource(filename="p.zip", archive=archive))


def messages(parsed) -> str:
    return " | ".join(error.message for error in parsed.errors)


def test_full_structure_with_nested_blocks_objectives_and_every_attribute():
    objectives = (
        f'<objectives><objective id="{COURSE_ID}/ziel/1">'
        '<title><langstring lang="de">Ziel eins</langstring></title>'
        '<description><langstring lang="de">Beschreibung</langstring></description>'
        "</objective></objectives>")
    parsed = parse_zip(cmi5_zip(
        block(COURSE_ID + "/b1",
              block(COURSE_ID + "/b2",
                    au(COURSE_ID + "/au/1", attributes='moveOn="Passed" masteryScore="0.75" '
                       'launchMethod="OwnWindow" activityType="http://adlnet.gov/expapi/'
                       'activities/assessment"',
                       objectives=f'<objectives><objective idref="{COURSE_ID}/ziel/1"/>'
                                  "</objectives>",
                       extra="<launchParameters>a=1</launchParameters>"
                             "<entitlementKey>k</entitlementKey>")),
              au(COURSE_ID + "/au/2", attributes='moveOn="Completed"')),
        au(COURSE_ID + "/au/3", "https://beispiel.de/extern.html", attributes=""),
        objectives=objectives))

    assert parsed.ok, messages(parsed)
    first, second, third = parsed.units
    assert first["move_on"] == "Passed" and first["mastery_score"] == 0.75
    assert first["launch_method"] == "OwnWindow"
    assert first["launch_parameters"] == "a=1" and first["entitlement_key"] == "k"
    assert first["objectives"] == [COURSE_ID + "/ziel/1"]
    assert len(first["blocks"]) == 2
    assert second["move_on"] == "Completed"
    assert third["move_on"] == "NotApplicable" and third["launch_method"] == "AnyWindow"
    assert [node["type"] for node in parsed.structure["children"]] == ["block", "au"]
    inner = parsed.structure["children"][0]["children"][0]
    assert inner["type"] == "block" and inner["children"] == [{"type": "au",
                                                              "key": first["key"]}]
    assert parsed.objectives[0]["titles"] == {"de": "Ziel eins"}


@pytest.mark.parametrize("value", ["Passed", "Completed", "CompletedAndPassed",
                                   "CompletedOrPassed", "NotApplicable"])
def test_every_move_on_value_is_read(value):
    parsed = parse_zip(cmi5_zip(au(COURSE_ID + "/au/1", attributes=f'moveOn="{value}"')))

    assert parsed.units[0]["move_on"] == value


def test_titles_in_several_languages_are_kept_and_german_is_picked():
    parsed = parse_zip(cmi5_zip(titles={"en-US": "Demography", "de-DE": "Demografie"},
                                bom=True))

    assert parsed.titles == {"en-US": "Demography", "de-DE": "Demografie"}
    report = import_upload(cmi5_zip(titles={"en-US": "Demography", "de-DE": "Demografie"}),
                           "k.zip")
    assert report.title == "Demografie"


def test_a_standalone_structure_with_absolute_urls_is_accepted():
    parsed = parse_standalone(cmi5_xml(au(COURSE_ID + "/au/1", "https://beispiel.de/a.html")))

    assert parsed.ok, messages(parsed)


REFUSALS = {
    "course-id-not-an-iri": (
        lambda: cmi5_xml(course_id="beispiel.de/kurs"), "Der Kurs braucht als id eine"),
    "au-id-not-an-iri": (
        lambda: cmi5_xml(au("w3id.org/au", "https://a.de/x")), "Eine AU braucht als id"),
    "block-id-not-an-iri": (
        lambda: cmi5_xml(block("block-1", au(COURSE_ID + "/au/1", "https://a.de/x"))),
        "Ein Block braucht als id"),
    "objective-id-not-an-iri": (
        lambda: cmi5_xml(au(COURSE_ID + "/au/1", "https://a.de/x"), objectives=(
            '<objectives><objective id="ziel"><title><langstring>t</langstring></title>'
            "<description><langstring>d</langstring></description></objective></objectives>")),
        "Ein Lernziel braucht als id"),
    "relative-url-without-zip": (
        lambda: cmi5_xml(au(COURSE_ID + "/au/1", "index.html")), "Ohne ZIP-Datei"),
    "relative-url-with-query-without-zip": (
        lambda: cmi5_xml(au(COURSE_ID + "/au/1", "path/1/index.html?abc=def")),
        "Ohne ZIP-Datei"),
    "rooted-url-without-zip": (
        lambda: cmi5_xml(au(COURSE_ID + "/au/1", "/index.html")), "Ohne ZIP-Datei"),
    "query-string-conflict": (
        lambda: cmi5_xml(au(COURSE_ID + "/au/1", "https://a.de/i.html?endpoint=x")),
        "bringt den Parameter „endpoint“ schon mit"),
    "duplicate-block": (
        lambda: cmi5_xml(block(COURSE_ID + "/b", au(COURSE_ID + "/au/1", "https://a.de/x")),
                         block(COURSE_ID + "/b", au(COURSE_ID + "/au/2", "https://a.de/x"))),
        "kommt in der Kursstruktur mehrfach vor"),
    "duplicate-au": (
        lambda: cmi5_xml(au(COURSE_ID + "/au/1", "https://a.de/x"),
                         au(COURSE_ID + "/au/1", "https://a.de/y")), "mehrfach vor"),
    "invalid-url": (
        lambda: cmi5_xml(au(COURSE_ID + "/au/1", "http://example.com index.html")),
        "keine gültige URL"),
    "elements-out-of-order": (
        lambda: cmi5_xml(au(COURSE_ID + "/au/1", "https://a.de/x").replace(
            "<url>https://a.de/x</url>", "").replace("<title>", "<url>https://a.de/x</url>"
                                                    "<title>", 1)), "falscher Reihenfolge"),
    "unknown-move-on": (
        lambda: cmi5_xml(au(COURSE_ID + "/au/1", "https://a.de/x", attributes='moveOn="Maybe"')),
        "moveOn „Maybe“ ist nicht erlaubt"),
    "mastery-score-above-one": (
        lambda: cmi5_xml(au(COURSE_ID + "/au/1", "https://a.de/x",
                            attributes='masteryScore="1.5"')), "zwischen 0 und 1"),
    "mastery-score-five-decimals": (
        lambda: cmi5_xml(au(COURSE_ID + "/au/1", "https://a.de/x",
                            attributes='masteryScore="0.12345"')), "mehr als 4 Nachkommastellen"),
    "unknown-launch-method": (
        lambda: cmi5_xml(au(COURSE_ID + "/au/1", "https://a.de/x",
                            attributes='launchMethod="Popup"')), "launchMethod „Popup“"),
    "no-au": (lambda: cmi5_xml().replace(cmi5_xml().split(b"</course>")[1].split(
        b"</courseStructure>")[0], b""), "fehlt <au> oder <block>"),
    "wrong-namespace": (lambda: cmi5_xml().replace(NAMESPACE.encode(), b"urn:anders"),
                        "Wurzelelement muss <courseStructure>"),
    "entities": (lambda: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>'
                         b"<courseStructure/>", "DTD oder Entitäten"),
    "not-xml": (lambda: b"<courseStructure><course>", "kein gültiges XML"),
    "unknown-objective-reference": (
        lambda: cmi5_xml(au(COURSE_ID + "/au/1", "https://a.de/x",
                            objectives=f'<objectives><objective idref="{COURSE_ID}/z"/>'
                                       "</objectives>")), "führt ins Leere"),
    "no-langstring": (lambda: cmi5_xml().replace(
        b'<langstring lang="de-DE">Ein kurzer Kurs.</langstring>', b""),
        "braucht mindestens ein <langstring>"),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_structures_the_specification_rejects_are_refused(name):
    build, expected = REFUSALS[name]

    parsed = parse_standalone(build())

    assert not parsed.ok
    assert expected in messages(parsed)


def test_a_relative_url_must_be_a_file_in_the_zip():
    parsed = parse_zip(zip_bytes({"cmi5.xml": cmi5_xml(au(COURSE_ID + "/au/1", "fehlt.html")),
                                  "index.html": PAGE}))

    assert "Die Startdatei „fehlt.html“ fehlt im Paket." in messages(parsed)


def test_vendor_extensions_in_other_namespaces_are_ignored():
    xml = cmi5_xml(au(COURSE_ID + "/au/1", "https://a.de/x")).replace(
        b"</course>", b'<x:info xmlns:x="urn:hersteller">egal</x:info></course>')

    assert parse_standalone(xml).ok
