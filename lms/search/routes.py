"""The search page: one box, results grouped by kind, filters and pages."""

from flask import current_app, render_template, request, url_for

from lms.core.topics import TOPIC_BY_SLUG
from lms.search import bp, services
from lms.search.forms import KIND_LABELS, SearchForm

RESULT_ENDPOINTS = {
    "modul": "catalog.show_module",
    "wiki": "wiki.show_page",
    "seminar": "seminars.show_seminar",
}


def result_url(kind: str, key: str) -> str | None:
    """Where a result of ``kind`` with ``key`` is shown (None if that feature is missing)."""
    if kind == "modulseite":
        slug, _, position = key.rpartition("/")
        if "player.show_page" in current_app.view_functions and position.isdigit():
            return url_for("player.show_page", slug=slug, position=int(position))
        return None
    endpoint = RESULT_ENDPOINTS.get(kind)
    if endpoint in current_app.view_functions:
        return url_for(endpoint, slug=key)
    return None


@bp.get("/")
def search_page():
    form = SearchForm(request.args)
    kind = form.art.data if form.art.data in KIND_LABELS else ""
    topic = form.thema.data if form.thema.data in TOPIC_BY_SLUG else ""
    page = request.args.get("seite", 1, type=int) or 1
    results = services.search(form.q.data or "", kind=kind, topic=topic, page=page)
    return render_template("search/results.html", form=form, results=results, kind=kind,
                           topic=topic, kind_labels=KIND_LABELS, result_url=result_url)
