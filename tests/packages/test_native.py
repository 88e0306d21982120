"""The native module format: every element kind parses; every mistake is reported with file:line."""

import pytest

from lms.catalog import vocabulary
from lms.packages import manifest as manifest_format
from lms.packages.native import load_module
from tests.packages.sample import PAGE_1, PAGE_2, write_module


def _elements(result) -> dict:
    found = {}
    for page in result.content["pages"]:
        for segment in page["segments"]:
            if segment["type"] == "element":
                found[segment["element"]["id"]] = segment["element"]
    return found


def _errors(result) -> list[str]:
    return [str(error) for error in result.errors]


def test_sample_module_loads_with_pages_titles_and_quiz(tmp_path):
    result = load_module(write_module(tmp_path))
    assert result.ok, _errors(result)
    assert [p["title"] for p in result.content["pages"]] == ["Erste Seite", "Zweite Seite"]
    assert [q["id"] for q in result.content["quiz"]["questions"]] == ["q-eins", "q-zwei", "q-drei"]
    assert result.manifest["quiz"]["pass_threshold"] == 0.6
    assert len(result.content_hash) == 64


def test_single_choice_keeps_correct_option_feedback_and_explanation(tmp_path):
    element = _elements(load_module(write_module(tmp_path)))["einfach"]
    assert element["prompt"] == "Welche Antwort ist richtig?"
    assert [o["correct"] for o in element["options"]] == [False, True, False]
    assert element["options"][1]["feedback"] == "B stimmt."
    assert element["explanation"] == "B ist richtig, weil es so im Text steht."


def test_multiple_choice_marks_every_correct_option(tmp_path):
    element = _elements(load_module(write_module(tmp_path)))["mehrfach"]
    assert [o["id"] for o in element["options"] if o["correct"]] == ["o1", "o2"]


def test_true_false_reads_the_solution(tmp_path):
    assert _elements(load_module(write_module(tmp_path)))["wahr"]["answer"] is True


def test_fill_in_collects_alternatives_per_gap(tmp_path):
    element = _elements(load_module(write_module(tmp_path)))["luecke"]
    assert element["gaps"] == [["Rufbus", "Anrufbus"], ["Bürgerbus"]]
    assert "[[" not in element["prompt"]


def test_ordering_keeps_items_in_correct_order(tmp_path):
    assert _elements(load_module(write_module(tmp_path)))["reihenfolge"]["items"] == [
        "Planen",
        "Umsetzen",
        "Auswerten",
    ]


def test_matching_reads_pairs(tmp_path):
    pairs = _elements(load_module(write_module(tmp_path)))["zuordnung"]["pairs"]
    assert pairs[0] == {"left": "Schülerbeförderung", "right": "Landkreis"}


def test_self_check_and_reflection_keep_model_answer_and_hint(tmp_path):
    elements = _elements(load_module(write_module(tmp_path)))
    assert elements["selbst"]["model_answer"] == "Die Altersstruktur."
    assert elements["transfer"]["hint"] == "Denken Sie an die Ortsteile."


def test_same_files_give_the_same_hash(tmp_path):
    first = load_module(write_module(tmp_path / "a"))
    second = load_module(write_module(tmp_path / "b"))
    assert first.content_hash == second.content_hash


def _page_error(tmp_path, block: str) -> list[str]:
    page = "# Seite\n\nText.\n\n" + block
    result = load_module(write_module(tmp_path, pages=(page,)))
    assert not result.ok and result.content is None
    return _errors(result)


@pytest.mark.parametrize(
    ("block", "line", "message"),
    [
        ("::: single-choice #a\nFrage?\n\n- [x] A\n- [x] B\n:::\n", 5, "Genau eine Antwort"),
        ("::: single-choice #a\nFrage?\n\n- [x] A\n:::\n", 5, "mindestens zwei Antworten"),
        ("::: multiple-choice #a\nFrage?\n\n- [ ] A\n- [ ] B\n:::\n", 5, "Mindestens eine Antwort"),
        (
            "::: single-choice #a\nFrage?\n\n- [x] A\nirgendwas\n- [ ] B\n:::\n",
            9,
            "Unerwartete Zeile",
        ),
        ("::: true-false #a\nAussage.\n\nLösung: vielleicht\n:::\n", 5, "Lösung: richtig"),
        ("::: fill-in #a\nKeine Lücke hier.\n:::\n", 5, "keine Lücke"),
        ("::: fill-in #a\nLeere [[ ]] Lücke.\n:::\n", 6, "ist leer"),
        ("::: ordering #a\nOrdnen Sie.\n\n1. Nur einer\n:::\n", 5, "mindestens zwei"),
        ("::: matching #a\nOrdnen Sie zu.\n\n- A = B\n- C ohne Gleich\n:::\n", 9, "links = rechts"),
        ("::: self-check #a\nFrage?\n:::\n", 5, "Musterlösung"),
        ("::: quiz-frage #a\nFrage?\n:::\n", 5, "Unbekannte Elementart"),
        ("::: single-choice\nFrage?\n:::\n", 5, "Kennung fehlt"),
        ("::: single-choice #Gross_Buchstaben\nFrage?\n:::\n", 5, "Ungültige Kennung"),
        (
            "::: single-choice #a\nFrage?\n\n- [x] A\n- [ ] B\n",
            5,
            "nicht mit einer Zeile „:::“ geschlossen",
        ),
        (":::\n", 5, "ohne geöffnetes Element"),
        ("::: reflection #a\n\nHinweis: nur ein Hinweis\n:::\n", 5, "Frage oder Aufgabe fehlt"),
    ],
)
def test_element_mistakes_are_reported_with_file_and_line(tmp_path, block, line, message):
    errors = _page_error(tmp_path, block)
    assert any(e.startswith(f"pages/01-seite.md:{line}: ") and message in e for e in errors), errors


def test_duplicate_element_ids_are_reported_where_the_second_one_is(tmp_path):
    page = "# Dritte Seite\n\n::: reflection #transfer\nNoch einmal?\n:::\n"
    result = load_module(write_module(tmp_path, pages=(PAGE_1, PAGE_2, page)))
    assert (
        "pages/03-seite.md:3: Die Kennung „#transfer“ kommt schon in pages/02-seite.md vor."
        in _errors(result)
    )


def test_page_without_title_is_reported(tmp_path):
    result = load_module(write_module(tmp_path, pages=("\nNur Text ohne Überschrift.\n",)))
    assert (
        "pages/01-seite.md:2: Die Seite muss mit einer Überschrift „# Titel“ beginnen."
        in _errors(result)
    )


def test_elements_inside_code_fences_are_plain_text(tmp_path):
    page = "# Seite\n\n```\n::: single-choice #beispiel\n:::\n```\n"
    result = load_module(write_module(tmp_path, pages=(page,)))
    assert result.ok, _errors(result)
    assert all(s["type"] == "markdown" for s in result.content["pages"][0]["segments"])


def test_quiz_with_text_or_unscorable_elements_is_rejected(tmp_path):
    path = write_module(tmp_path)
    (path / "quiz.md").write_text(
        "Einleitung\n\n::: reflection #r\nWas denken Sie?\n:::\n", encoding="utf-8"
    )
    errors = _errors(load_module(path))
    assert any(e.startswith("quiz.md:1: Im Abschlusstest steht nur") for e in errors)
    assert any(
        e.startswith("quiz.md:3: „reflection“ ist im Abschlusstest nicht möglich") for e in errors
    )


def test_required_quiz_file_missing_is_reported(tmp_path):
    path = write_module(tmp_path)
    (path / "quiz.md").unlink()
    assert (
        "module.toml: [completion] verlangt quiz = true, aber die Datei quiz.md fehlt."
        in _errors(load_module(path))
    )


@pytest.mark.parametrize(
    ("extra_or_change", "expected"),
    [
        (
            ('level = "einstieg"', 'level = "profi"'),
            "module.toml:7: „level“ muss einer dieser Werte sein",
        ),
        (("minutes = 20", 'minutes = "zwanzig"'), "module.toml:8: „minutes“ muss eine ganze Zahl"),
        (
            ('topics = ["mobilitaet"]', 'topics = ["raumfahrt"]'),
            "module.toml:5: „raumfahrt“ ist in „topics“ nicht erlaubt",
        ),
        (('id = "probe-modul"', 'id = "Probe Modul"'), "module.toml:1: „id“ ist ungültig"),
        (('version = "1.0.0"', 'version = "eins"'), "module.toml:2: „version“ ist ungültig"),
        (
            ("pass_threshold = 0.6", "pass_threshold = 1.5"),
            "module.toml:19: „pass_threshold“ muss eine Zahl",
        ),
        (
            ('title = "Probemodul"\n', 'title = "Probemodul"\nautor = "X"\n'),
            "module.toml:4: Unbekannte Angabe „autor“",
        ),
        (
            ('summary = "Ein Probemodul mit allen Elementarten."\n', ""),
            "module.toml: Pflichtangabe „summary“ fehlt.",
        ),
        (("[quiz]", "[quiz"), "module.toml:18: Die Datei ist kein gültiges TOML"),
    ],
)
def test_manifest_mistakes_are_reported_with_line(tmp_path, extra_or_change, expected):
    path = write_module(tmp_path)
    old, new = extra_or_change
    manifest = path / "module.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    errors = _errors(load_module(path))
    assert any(e.startswith(expected) for e in errors), errors


def test_missing_manifest_and_pages_are_reported(tmp_path):
    folder = tmp_path / "leer"
    folder.mkdir()
    errors = _errors(load_module(folder))
    assert "module.toml: Die Datei module.toml fehlt." in errors


def test_non_utf8_page_is_reported(tmp_path):
    path = write_module(tmp_path)
    (path / "pages" / "01-seite.md").write_bytes("# Übung\n".encode("latin-1"))
    assert "pages/01-seite.md: Die Datei ist nicht in UTF-8 gespeichert." in _errors(
        load_module(path)
    )


def test_format_vocabulary_matches_the_catalogue_labels():
    assert set(manifest_format.TARGET_GROUPS) == set(vocabulary.TARGET_GROUPS)
    assert set(manifest_format.LEVELS) == set(vocabulary.LEVELS)
