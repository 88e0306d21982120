"""What the crawler reads from HTML and how it sends a form, as a browser would."""

import random

from tests.crawler.pages import read_page
from tests.crawler.snapshot import changes
from tests.crawler.submissions import PROBES, build_submission, submissions

FORM = """<html lang="de"><h1>Suche</h1>
<form action="/suche">
  <input type="hidden" name="org" value="7">
  <select name="art"><option value="">alle<option value="a">A<option value="b" selected>B
    <option value="c" disabled>C</option></select>
  <select name="jahr"><option>2025</option><option>2024</option></select>
  <input type="checkbox" name="neu" value="ja" checked>
  <input type="radio" name="takt" value="w" checked><input type="radio" name="takt" value="m">
  <input name="q" value="Bus"><input type="text" name="gesperrt" disabled>
  <button type="submit" name="los" value="1">Suchen</button>
</form>
<form method="post" action="/speichern"><input name="x"></form>
<a href="/eins">1</a><link rel="stylesheet" href="/s.css"><img src="/b.png" alt="">"""


def test_page_facts_links_and_assets_are_read():
    page = read_page(FORM)

    assert (page.lang, page.h1_count) == ("de", 1)
    assert page.links == ["/eins"] and page.assets == ["/s.css", "/b.png"]
    assert [(form.method, form.action) for form in page.forms] == [("get", "/suche"),
                                                                  ("post", "/speichern")]


def test_options_are_read_with_their_values_and_the_selected_one():
    fields = {field.name: field for field in read_page(FORM).forms[0].fields}

    assert fields["art"].options == ["", "a", "b"] and fields["art"].default == "b"
    assert fields["jahr"].options == ["2025", "2024"] and fields["jahr"].default == "2025"


def test_the_form_as_rendered_is_sent_as_a_browser_sends_it():
    form = read_page(FORM).forms[0]

    assert build_submission(form, []).query == (
        ("org", "7"), ("art", "b"), ("jahr", "2025"), ("neu", "ja"), ("takt", "w"), ("q", "Bus"),
        ("los", "1"))


def test_each_control_is_changed_alone_and_pairs_are_sampled_with_the_seed():
    form = read_page(FORM).forms[0]

    sent = submissions(form, random.Random(1), max_pairs=5)
    again = submissions(form, random.Random(1), max_pairs=5)

    singles = [s.changed for s in sent if len(s.changed) == 1]
    assert sent[0].changed == ()
    assert singles == [(("art", ""),), (("art", "a"),), (("jahr", "2024"),), (("neu", ""),),
                       *((("q", probe),) for probe in PROBES), (("takt", "m"),)]
    assert len(sent) == 1 + len(singles) + 5 and sent == again
    assert all(len({name for name, _ in s.changed}) == 2 for s in sent[1 + len(singles):])


def test_database_changes_are_told_apart_by_primary_key():
    before = {"t": {(1,): {"id": 1, "a": "x"}, (2,): {"id": 2, "a": "y"}}}
    after = {"t": {(1,): {"id": 1, "a": "z"}, (3,): {"id": 3, "a": "w"}}}

    found = changes(before, after)["t"]

    assert found.added == [{"id": 3, "a": "w"}] and found.removed == [{"id": 2, "a": "y"}]
    assert found.changed == [({"id": 1, "a": "x"}, {"id": 1, "a": "z"})]
    assert changes(before, before) == {}
