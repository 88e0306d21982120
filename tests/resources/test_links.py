"""Internal links in both spellings, stored per resource for 'Links auf diese Seite'."""

from lms.extensions import db
from lms.resources.links import (
    expand_double_brackets,
    internal_links,
    links_to,
    slugify,
    store_links,
)


def test_both_spellings_are_found_outside_code():
    text = ("[Rufbus](wiki:rufbus-landkreis), [[buergerbus-gruenden]], [[Dorfladen gründen|den "
            "Laden]], [[seminar:mobilitaet-2025-03]], [[modul:mobilitaet|Modul]] `[[kein-link]]`"
            "\n\n```\n[[auch-keiner]]\n```")
    found = [(link.kind, link.slug) for link in internal_links(text)]
    assert found == [("wiki", "rufbus-landkreis"), ("wiki", "buergerbus-gruenden"),
                     ("wiki", "dorfladen-gruenden"), ("seminar", "mobilitaet-2025-03"),
                     ("modul", "mobilitaet")]


def test_titles_become_slugs_like_the_shipped_ones():
    assert slugify("Einen Bürgerbus gründen") == "einen-buergerbus-gruenden"
    assert slugify("  Straße & Platz!  ") == "strasse-platz"


def test_double_brackets_become_markdown_links_with_the_target_title():
    text = "Siehe [[rufbus]] und [[neu|*neue* Seite]]."
    expanded = expand_double_brackets(text, {("wiki", "rufbus"): "Rufbus [im] Landkreis"})
    assert expanded == ("Siehe [Rufbus \\[im\\] Landkreis](wiki:rufbus) und "
                        "[\\*neue\\* Seite](wiki:neu).")


def test_stored_links_answer_who_links_here(app):
    store_links("wiki", "a", "[[ziel]] und [x](wiki:ziel) und [[a]]")
    store_links("seminar", "s", "[Ziel](wiki:ziel)")
    db.session.commit()
    assert links_to("wiki", "ziel") == [("seminar", "s"), ("wiki", "a")]
    assert links_to("wiki", "a") == []  # a link to itself is not a backlink
    store_links("wiki", "a", "nichts mehr")
    assert links_to("wiki", "ziel") == [("seminar", "s")]
