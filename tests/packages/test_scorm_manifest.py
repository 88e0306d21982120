"""imsmanifest.xml: versions, organizations, nested items, resources, item facts, sequencing,
refusals that store nothing, hostile XML, precedence."""

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from lms.catalog.models import Module
from lms.extensions import db
from lms.packages.detection import detect
from lms.packages.kinds.scorm.manifest import join_parameters
from lms.packages.models import Package
from lms.packages.services import import_upload
from tests.packages.builders import PAGE, tincan_xml, zip_bytes
from tests.packages.scorm_builders import (
    item,
    manifest,
    primary_objective,
    resource,
    scorm_zip,
    sequencing,
)


def imported(data: bytes):
    report = import_upload(data, "scorm.zip")
    assert report.stored, [str(e) for e in report.errors]
    return report


def refused(data: bytes) -> str:
    report = import_upload(data, "scorm.zip")
    assert not report.stored
    assert db.session.scalar(select(func.count()).select_from(Module)) == 0
    assert db.session.scalar(select(func.count()).select_from(Package)) == 0
    return " | ".join(error.message for error in report.errors)


def structure_of(report):
    module = db.session.scalar(select(Module).where(Module.slug == report.slug))
    version = module.versions[-1]
    return version.content["structure"], version.content["units"]


@pytest.mark.parametrize("version, label", [
    ("1.2", "SCORM 1.2"), ("2004-2", "SCORM 2004 2nd Edition"),
    ("2004-3", "SCORM 2004 3rd Edition"), ("2004-4", "SCORM 2004 4th Edition")])
def test_each_version_is_detected_from_the_schema_version(app, version, label):
    report = imported(scorm_zip(version=version,
                                resources=(resource("res_1", version=version),)))

    structure, units = structure_of(report)
    assert report.kind == "scorm"
    assert structure["scorm_version"] == version
    assert label in db.session.scalar(select(Module).where(Module.slug == report.slug)) \
        .versions[-1].summary


@pytest.mark.parametrize("version, expected", [("1.2", "1.2"), ("2004-3", "2004-3")])
def test_without_schema_version_the_namespaces_decide(app, version, expected):
    report = imported(scorm_zip(version=version, schemaversion="",
                                resources=(resource("res_1", version=version),)))

    assert structure_of(report)[0]["scorm_version"] == expected


def test_nested_items_become_blocks_and_units_in_manifest_order(app):
    data = scorm_zip(
        item("kapitel_1", "Kapitel 1", None,
             item("a", "Einstieg", "res_a"),
             item("kapitel_1_1", "Vertiefung", None, item("b", "Beispiel", "res_b"))),
        item("c", "Abschluss", "res_c"),
        resources=(resource("res_a", "a.html"), resource("res_b", "b.html"),
                   resource("res_c", "c.html")),
        pages=("a.html", "b.html", "c.html"))

    structure, units = structure_of(imported(data))

    assert [unit["titles"][""] for unit in units] == ["Einstieg", "Beispiel", "Abschluss"]
    assert [unit["position"] for unit in units] == [1, 2, 3]
    chapter = structure["children"][0]
    assert chapter["type"] == "block" and chapter["titles"] == {"": "Kapitel 1"}
    assert chapter["children"][1]["children"][0] == {"type": "au", "key": units[1]["key"]}
    assert structure["children"][1] == {"type": "au", "key": units[2]["key"]}


def test_an_item_with_its_own_resource_and_children_is_a_unit_and_a_block(app):
    data = scorm_zip(item("teil", "Teil", "res_1", item("sub", "Unterteil", "res_1")))

    structure, units = structure_of(imported(data))

    assert [u["publisher_id"] for u in units] == ["teil", "sub"]
    block = structure["children"][0]
    assert block["children"][0] == {"type": "au", "key": units[0]["key"]}


def test_item_facts_of_scorm_12(app):
    extra = ("<adlcp:masteryscore>80</adlcp:masteryscore>"
             "<adlcp:datafromlms>level=2</adlcp:datafromlms>"
             "<adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed>"
             "<adlcp:timelimitaction>exit,message</adlcp:timelimitaction>")
    data = scorm_zip(item("i1", "Test", "res_1", extra=extra,
                          attributes='parameters="?frage=3" isvisible="false"'))

    unit = structure_of(imported(data))[1][0]

    assert unit["url"] == "sco.html?frage=3"
    assert unit["mastery_score"] == 0.8
    assert unit["move_on"] == "Passed"
    assert unit["scorm"] == {**unit["scorm"], "mastery_score": 80.0, "launch_data": "level=2",
                             "max_time_allowed": "00:30:00", "time_limit_action": "exit,message",
                             "visible": False, "type": "sco"}


def test_item_facts_and_sequencing_of_scorm_2004(app):
    seq = sequencing(choice=False, flow=True, objectives=primary_objective(0.7)
                     + '<imsss:objective objectiveID="obj_a"/>')
    extra = ("<adlcp:dataFromLMS>start=1</adlcp:dataFromLMS>"
             "<adlcp:completionThreshold>0.8</adlcp:completionThreshold>" + seq)
    data = scorm_zip(item("i1", "Test", "res_1", extra=extra), version="2004-3",
                     resources=(resource("res_1", version="2004-3"),),
                     organization_extra=sequencing(choice=True, flow=True))

    structure, units = structure_of(imported(data))

    facts = units[0]["scorm"]
    assert facts["launch_data"] == "start=1"
    assert facts["completion_threshold"] == 0.8
    assert facts["scaled_passing_score"] == 0.7
    assert facts["objectives"] == ["primary", "obj_a"]
    assert units[0]["move_on"] == "Passed"
    assert structure["control"] == {"choice": True, "flow": True, "forward_only": False}


def test_a_4th_edition_completion_threshold_uses_its_attributes(app):
    extra = '<adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.6"/>'
    data = scorm_zip(item("i1", "Test", "res_1", extra=extra), version="2004-4",
                     resources=(resource("res_1", version="2004-4"),))

    assert structure_of(imported(data))[1][0]["scorm"]["completion_threshold"] == 0.6


@pytest.mark.parametrize("seq, move_on", [
    (sequencing(tracked=False), "NotApplicable"),
    (sequencing(rollup_satisfied=False, rollup_completion=False), "NotApplicable"),
    (sequencing(rollup_satisfied=False), "Completed"),
    ("", "CompletedOrPassed"),
])
def test_rollup_flags_decide_whether_a_sco_counts(app, seq, move_on):
    data = scorm_zip(item("i1", "Test", "res_1", extra=seq), version="2004-3",
                     resources=(resource("res_1", version="2004-3"),))

    assert structure_of(imported(data))[1][0]["move_on"] == move_on


def test_an_asset_counts_as_completed_when_delivered(app):
    data = scorm_zip(item("i1", "Handout", "res_1"),
                     resources=(resource("res_1", "handout.html", "asset"),),
                     pages=("handout.html",))

    unit = structure_of(imported(data))[1][0]
    assert unit["scorm"]["type"] == "asset" and unit["move_on"] == "Completed"


def test_unsupported_sequencing_is_named_to_the_author(app):
    rules = ("<imsss:sequencingRules><imsss:preConditionRule/></imsss:sequencingRules>"
             "<imsss:limitConditions attemptLimit=\"1\"/>")
    data = scorm_zip(item("i1", "Test", "res_1", extra=sequencing(extra=rules)),
                     version="2004-3", resources=(resource("res_1", version="2004-3"),))

    report = imported(data)

    assert any("Sequenzierungsregeln (sequencingRules)" in w and "limitConditions" in w
               for w in report.warnings)


def test_a_shared_sequencing_collection_is_applied(app):
    collection = ('<imsss:sequencingCollection><imsss:sequencing ID="frei">'
                  '<imsss:controlMode choice="false" flow="true"/></imsss:sequencing>'
                  "</imsss:sequencingCollection>")
    block = item("kapitel", "Kapitel", None, item("i1", "Test", "res_1"),
                 extra='<imsss:sequencing IDRef="frei"/>')
    data = scorm_zip(block, version="2004-3", collection=collection,
                     resources=(resource("res_1", version="2004-3"),))

    chapter = structure_of(imported(data))[0]["children"][0]
    assert chapter["control"] == {"choice": False, "flow": True, "forward_only": False}


def test_without_organization_each_sco_resource_is_a_unit(app):
    data = scorm_zip(organizations="<organizations/>",
                     resources=(resource("res_1", "a.html"), resource("res_2", "b.html", "asset"),
                                resource("res_3", "c.html")),
                     pages=("a.html", "b.html", "c.html"))

    report = imported(data)

    assert [unit["url"] for unit in report.units] == ["a.html", "c.html"]
    assert any("keine Gliederung" in warning for warning in report.warnings)


def test_the_default_organization_is_used(app):
    organizations = ('<organizations default="zwei">'
                     '<organization identifier="eins"><title>Eins</title>'
                     + item("a", "A", "res_1") + "</organization>"
                     '<organization identifier="zwei"><title>Zwei</title>'
                     + item("b", "B", "res_1") + "</organization></organizations>")

    report = imported(scorm_zip(organizations=organizations))

    assert report.title == "Zwei"
    assert [unit["publisher_id"] for unit in report.units] == ["b"]


def test_missing_listed_files_and_dependencies_are_warnings_only(app):
    data = scorm_zip(resources=(resource("res_1", files=("sco.html", "fehlt.js"),
                                         extra='<dependency identifierref="gibtsnicht"/>'),))

    report = imported(data)

    assert any("fehlt.js" in warning for warning in report.warnings)
    assert any("gibtsnicht" in warning for warning in report.warnings)


@pytest.mark.parametrize("build, message", [
    (lambda: scorm_zip(item("i1", "Einheit", "res_x")),
     "verweist auf die Ressource „res_x“, die es im Manifest nicht gibt"),
    (lambda: scorm_zip(resources=(resource("res_1", "fehlt.html"),)),
     "Die Startdatei „fehlt.html“ fehlt im Paket."),
    (lambda: scorm_zip(resources=(resource("res_1", None),)), "hat keine Startdatei (href)"),
    (lambda: scorm_zip(resources=(resource("res_1", "https://example.org/sco.html"),)),
     "startet unter der fremden Adresse"),
    (lambda: scorm_zip(resources=(resource("res_1", "../sco.html"),)),
     "zeigt auf keine Datei im Paket"),
    (lambda: scorm_zip(item("i1", "A", "res_1"), item("i1", "B", "res_1")),
     "Die Kennung „i1“ kommt in imsmanifest.xml mehrfach vor."),
    (lambda: scorm_zip(item("i1", "A", None)), "keine startbare Lerneinheit"),
    (lambda: zip_bytes({"imsmanifest.xml": b'<manifest identifier="x"><organizations/>'
                                            b"<resources/></manifest>", "sco.html": PAGE}),
     "Die SCORM-Version ist nicht zu erkennen"),
    (lambda: scorm_zip(item("i1", "A", "res_1", extra="<adlcp:masteryscore>120"
                                                       "</adlcp:masteryscore>")),
     "adlcp:masteryscore muss eine Zahl von 0 bis 100 sein"),
    (lambda: zip_bytes({"imsmanifest.xml": b"<?xml version='1.0'?><resources/>"}),
     "Das Wurzelelement von imsmanifest.xml muss <manifest> sein."),
    (lambda: zip_bytes({"imsmanifest.xml": manifest().replace(b"</manifest>", b"")}),
     "kein gültiges XML"),
])
def test_refusals_say_why_in_german_and_store_nothing(app, build, message):
    assert message in refused(build())


@pytest.mark.parametrize("payload", [
    b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x "boom">]><manifest>&x;</manifest>',
    b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<manifest>&x;</manifest>",
    b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    b"<manifest>&b;</manifest>",
], ids=["entity", "external-entity", "billion-laughs"])
def test_hostile_xml_is_refused(app, payload):
    assert "DTD oder Entitäten" in refused(zip_bytes({"imsmanifest.xml": payload,
                                                       "sco.html": PAGE}))


def test_the_manifest_must_be_at_the_zip_root(app):
    data = zip_bytes({"kurs/imsmanifest.xml": manifest(), "kurs/sco.html": PAGE})

    assert "muss auf oberster Ebene des Archivs liegen" in refused(data)


def test_tincan_xml_takes_precedence_and_the_author_is_told(app):
    data = zip_bytes({"imsmanifest.xml": manifest(), "sco.html": PAGE,
                      "tincan.xml": tincan_xml(), "index.html": PAGE})

    report = imported(data)

    assert report.kind == "xapi"
    assert report.ignored_manifests == ["imsmanifest.xml"]
    assert detect(["imsmanifest.xml", "cmi5.xml"]).kind.name == "cmi5"


def test_a_changed_upload_is_a_new_version_of_the_same_module(app):
    first = imported(scorm_zip())
    second = imported(scorm_zip(files={"extra.css": b"p{}"}))

    assert second.slug == first.slug
    assert (first.version, second.version) == ("1", "1")
    assert second.outcome == "updated"


def test_parameters_join_the_launch_file_as_ims_describes():
    assert join_parameters("a.html", "?x=1") == "a.html?x=1"
    assert join_parameters("a.html?y=2", "?x=1") == "a.html?y=2&x=1"
    assert join_parameters("a.html", "&x=1") == "a.html?x=1"
    assert join_parameters("a.html", "#teil") == "a.html#teil"
    assert join_parameters("a.html#teil", "?x=1") == "a.html?x=1#teil"
    assert join_parameters("a.html", "  ") == "a.html"


def test_the_author_reads_the_warnings_of_the_package_on_the_version_page(
        client, make_user, login):
    author = make_user(roles=("author",))
    login(author)
    prerequisites = '<adlcp:prerequisites type="aicc_script">b</adlcp:prerequisites>'
    data = scorm_zip(item("a", "Einstieg", "res_1", extra=prerequisites),
                     item("b", "Vertiefung", "res_2"),
                     resources=(resource("res_1", "a.html"), resource("res_2", "b.html")),
                     pages=("a.html", "b.html"))
    report = import_upload(data, "scorm.zip", uploaded_by=author.id)
    assert report.warnings

    html = client.get(f"/autorenbereich/module/{report.slug}/version/{report.version_id}").text

    assert "Hinweise zum Paket" in html
    for warning in report.warnings:
        assert str(escape(warning)) in html


def test_the_author_sees_the_structure_in_the_preview(client, make_user, login):
    author = make_user(roles=("author",))
    login(author)
    data = scorm_zip(item("kapitel", "Kapitel Eins", None, item("a", "Einstieg", "res_1")))
    report = import_upload(data, "scorm.zip", uploaded_by=author.id)

    html = client.get(f"/autorenbereich/module/{report.slug}/version/{report.version_id}").text

    assert "SCORM-Paket (imsmanifest.xml)" in html
    assert "Kapitel Eins" in html and "Einstieg" in html
    assert "Entwurf" in html
