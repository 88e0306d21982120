"""Normalised search text and list keys."""

from lms.catalog.search import list_key, list_values, normalise, search_terms, search_text


def test_normalise_spells_out_umlauts_and_drops_punctuation():
    assert normalise("Bürger-Bus für Straßen!") == "buerger bus fuer strassen"


def test_normalise_drops_accents():
    assert normalise("Café") == "cafe"


def test_search_terms_ignore_single_characters():
    assert search_terms("  a Rufbus  ") == ["rufbus"]


def test_search_text_covers_title_summary_and_objectives():
    text = search_text("Mobilität", "Rufbus und Bürgerbus", ["Sie kennen den Nahverkehrsplan."])
    assert all(word in text for word in ("mobilitaet", "buergerbus", "nahverkehrsplan"))


def test_list_key_round_trips():
    key = list_key(["mobilitaet", "wohnen"])
    assert key == "|mobilitaet|wohnen|"
    assert list_values(key) == ["mobilitaet", "wohnen"]


def test_list_key_of_nothing_is_empty():
    assert list_key([]) == ""
    assert list_values("") == []
