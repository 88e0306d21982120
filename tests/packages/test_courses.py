"""Course files: required and elective modules with a rule, checked like manifests."""

from lms.packages.courses import parse_course

VALID = """\
id = "demografie-vor-ort"
version = "1.0.0"
title = "Demografischen Wandel vor Ort gestalten"
summary = "Basiskurs."
required = ["grundlagen"]
electives = ["mobilitaet", "wohnen", "pflege"]
electives_needed = 2
"""


def test_valid_course_parses():
    result = parse_course("courses/kurs.toml", VALID)
    assert result.ok
    assert result.course["electives_needed"] == 2
    assert result.course["certificate_template"] == "kurs"


def test_more_electives_needed_than_offered_is_reported_with_line():
    result = parse_course("courses/kurs.toml", VALID.replace("= 2", "= 4"))
    assert [str(e) for e in result.errors] == [
        "courses/kurs.toml:7: „electives_needed“ muss eine ganze Zahl zwischen 0 und der Zahl der "
        "Wahlmodule sein."
    ]


def test_module_both_required_and_elective_is_reported():
    result = parse_course("courses/kurs.toml", VALID.replace('"mobilitaet"', '"grundlagen"'))
    assert any("zugleich Pflicht- und Wahlmodul" in e.message for e in result.errors)


def test_missing_required_key_and_unknown_key_are_reported():
    result = parse_course(
        "courses/kurs.toml",
        VALID.replace('title = "Demografischen Wandel vor Ort gestalten"\n', 'titel = "x"\n'),
    )
    messages = [str(e) for e in result.errors]
    assert "courses/kurs.toml: Pflichtangabe „title“ fehlt." in messages
    assert "courses/kurs.toml:3: Unbekannte Angabe „titel“ (Tippfehler?)." in messages
