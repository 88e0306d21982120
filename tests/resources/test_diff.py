"""Word-level differences: only the changed words are marked, labelled for screen readers."""

from lms.resources.diff import fields_diff, text_diff, word_diff


def test_one_changed_word_is_one_deletion_and_one_insertion(app):
    with app.test_request_context():
        html = str(word_diff("Der Bürgerbus fährt montags.", "Der Bürgerbus fährt dienstags."))
    assert html == ('Der Bürgerbus fährt <del><span class="visually-hidden">gelöscht: </span>'
                    'montags.</del><ins><span class="visually-hidden">eingefügt: </span>'
                    'dienstags.</ins>')


def test_unchanged_paragraphs_far_from_the_change_are_left_out(app):
    old = "\n\n".join(f"Absatz {n}." for n in range(10))
    new = old.replace("Absatz 7.", "Absatz sieben.")
    with app.test_request_context():
        html = str(text_diff(old, new))
    assert "Absatz 6." in html and "Absatz 8." in html and "Absatz 2." not in html
    assert "…" in html


def test_equal_texts_have_no_difference(app):
    assert text_diff("Gleich.\n", "Gleich.") is None


def test_markup_in_the_texts_is_escaped(app):
    with app.test_request_context():
        html = str(word_diff("alt", "<script>alert(1)</script>"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_fields_diff_keeps_the_order_of_the_labels(app):
    with app.test_request_context():
        diffs = fields_diff({"title": "A", "body": "x"}, {"title": "B", "body": "x"},
                            {"title": "Titel", "body": "Text"})
    assert [d.label for d in diffs] == ["Titel", "Text"]
    assert diffs[0].html is not None and diffs[1].html is None
