"""Plain text for the index and the excerpts: markup gone, blocks still apart."""

from lms.search.excerpts import excerpt
from lms.search.text import plain_text

MARKDOWN = """## Zum Weiterlesen

- [Eine Ehrenamtsagentur aufbauen](wiki:ehrenamtsagentur-aufbauen)
- Einen Bürgerbus gründen
- Mit einem Punkt am Ende.

Ein Absatz, der über
zwei Zeilen geht.
"""


def test_headings_and_list_items_keep_a_separator_in_the_excerpt():
    text = plain_text(MARKDOWN)

    shown = str(excerpt(text, {"burgerbus"}, length=400))

    assert "Zum Weiterlesen · Eine Ehrenamtsagentur aufbauen · Einen" in shown
    assert "gründen · Mit einem Punkt am Ende. Ein Absatz" in shown


def test_a_paragraph_over_several_lines_stays_one_sentence():
    assert "Ein Absatz, der über\nzwei Zeilen geht." in plain_text(MARKDOWN)
