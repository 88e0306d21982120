"""The crawler itself, on a small Flask app with known faults: it finds each of them, with the
page it was found on and the form values, follows new routes and filters by itself, and stops
at its bound."""

from flask import Flask, abort, redirect, request

from tests.crawler.crawler import BROKEN_LINK, H1, NO_LANG, SERVER_ERROR, UNFINISHED, Crawler

PAGE = '<!doctype html><html lang="de"><body><h1>{title}</h1>{body}</body></html>'
LIST_FORM = """<form action="/liste">
  <select name="farbe"><option>rot</option><option value="gruen">Grün</option>
    <option value="blau">Blau</option></select>
  <select name="ordnung"><option value="a" selected>A</option><option value="b">B</option></select>
  <input type="checkbox" name="neu" value="1"><input type="search" name="q" value="">
  <button>Zeigen</button>
</form>"""


def _tiny_app() -> Flask:
    app = Flask("kleine_seite")
    app.config.update(TESTING=True, SERVER_NAME="klein.test")

    @app.get("/")
    def start():
        links = ('<a href="/liste">Liste</a> <a href="/fehlt">kaputt</a> <a href="/alt">alt</a> '
                 '<a href="/zwei">zwei</a> <a href="/ohne">ohne</a> <a href="/artikel?seite=1">1'
                 '</a> <a href="/artikel?seite=2">2</a> <a href="mailto:a@b.de">Mail</a> '
                 '<a href="https://anderswo.test/">fremd</a> <a href="#oben">oben</a> '
                 '<a href="/liste#da">da</a> <a href="#da">hier</a> <p id="da"></p> '
                 '<img src="/bild.png" alt="">')
        return PAGE.format(title="Start", body=links)

    @app.get("/liste")
    def show_list():
        farbe, neu = request.args.get("farbe", "rot"), request.args.get("neu")
        if farbe == "blau" or (farbe == "gruen" and neu):
            raise RuntimeError(f"Filter {farbe} kaputt")
        ordnung = request.args.get("ordnung", "a")
        return PAGE.format(title="Liste", body=LIST_FORM + (
            f'<a href="/liste/export?farbe={farbe}&ordnung={ordnung}">Export</a>'))

    @app.get("/liste/export")
    def export():
        if request.args.get("ordnung") == "b":
            abort(503)
        return "Name;Farbe\r\n", 200, {"Content-Type": "text/csv"}

    app.add_url_rule("/alt", "alt", lambda: redirect("/nirgends"))
    app.add_url_rule("/zwei", "zwei", lambda: PAGE.format(title="Eins", body="<h1>Zwei</h1>"))
    app.add_url_rule("/ohne", "ohne", lambda: "<html><body><h1>Ohne Sprache</h1></body></html>")
    app.add_url_rule("/artikel", "artikel", lambda: PAGE.format(title="Artikel", body=""))
    return app


def _crawled(max_requests: int = 500, max_pairs: int = 12) -> Crawler:
    app = _tiny_app()
    crawler = Crawler(app, origin="klein.test", seed=17, max_pairs=max_pairs,
                      max_requests=max_requests)
    crawler.crawl("gast", app.test_client())
    return crawler


def _found(crawler: Crawler, kind: str) -> set[tuple[str, str]]:
    return {(f.url, f.found_on) for f in crawler.findings if f.kind == kind}


def test_a_filter_option_that_fails_is_found_with_its_form_values():
    failures = [f for f in _crawled().findings if f.kind == SERVER_ERROR and "blau" in f.url]

    assert failures and all(f.found_on.startswith("/liste") for f in failures)
    assert "farbe=blau" in failures[0].via and "RuntimeError" in failures[0].problem


def test_a_failure_of_two_filters_together_is_found_by_the_pairs():
    failures = [f for f in _crawled(max_pairs=17).findings  # all pairs of this form
                if f.kind == SERVER_ERROR and "gruen" in f.url and "neu=1" in f.url]

    assert failures and "farbe=gruen" in failures[0].via and "neu=1" in failures[0].via


def test_a_link_that_carries_a_chosen_filter_is_followed_for_that_value():
    failures = _found(_crawled(), SERVER_ERROR)

    assert ("/liste/export?farbe=rot&ordnung=b", "/liste?farbe=rot&ordnung=b&q=") in failures


def test_broken_links_redirects_files_and_anchors_name_the_page_they_are_on():
    crawler = _crawled()

    assert _found(crawler, BROKEN_LINK) == {("/fehlt", "/"), ("/nirgends", "/alt"),
                                            ("/bild.png", "/"), ("/", "/"), ("/liste", "/")}
    assert {f.problem for f in crawler.findings if f.url in ("/", "/liste")} == {
        "Sprungmarke #oben fehlt", "Sprungmarke #da fehlt"}


def test_pages_without_language_or_with_two_h1_are_found():
    crawler = _crawled()

    assert _found(crawler, NO_LANG) == {("/ohne", "/")}
    assert _found(crawler, H1) == {("/zwei", "/")}


def test_each_path_is_visited_once_per_set_of_argument_names_and_never_elsewhere():
    urls = [visit.url for visit in _crawled().visits]

    assert [url for url in urls if url.startswith("/artikel")] == ["/artikel?seite=1"]
    assert len(urls) == len(set(urls))
    assert not any("anderswo" in url or "mailto" in url for url in urls)


def test_every_single_change_and_the_seeded_pairs_are_submitted_the_same_way_each_run():
    first = [v.url for v in _crawled().visits if v.via_form]
    second = [v.url for v in _crawled().visits if v.via_form]

    assert first == second
    # as rendered; 2 colours, 1 order, the box, 3 probe texts; 12 of the 17 possible pairs
    assert len(first) == 1 + 7 + 12
    for change in ("farbe=gruen", "farbe=blau", "ordnung=b", "neu=1", "q=Demografie",
                   "q=Demo%00grafie"):
        assert any(change in url for url in first), change


def test_the_crawl_stops_at_its_bound_and_says_so():
    crawler = _crawled(max_requests=3)

    assert len(crawler.visits) == 3
    assert [f.kind for f in crawler.findings if f.kind == UNFINISHED] == [UNFINISHED]
