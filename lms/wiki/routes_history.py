"""Views of the wiki's history: versions of a page, comparing two, recent changes, Atom feed."""

from flask import abort, current_app, make_response, redirect, render_template, request, url_for

from lms.extensions import db
from lms.wiki import bp, history, services
from lms.wiki.routes import page_or_404, render_body

PER_PAGE = 30
FEED_ENTRIES = 50


@bp.get("/<slug>/versionen")
def list_revisions(slug: str):
    page = page_or_404(slug)
    return render_template("wiki/history.html", page=page, revisions=page.revisions)


@bp.get("/<slug>/versionen/<int:revision_id>")
def show_revision(slug: str, revision_id: int):
    page = page_or_404(slug)
    revision = services.revision_of(page, revision_id)
    if revision is None:
        abort(404)
    before = history.previous_revision(revision)
    return render_template(
        "wiki/revision.html", page=page, revision=revision, previous=before,
        body=render_body(revision.title, revision.body),
        is_current=revision.id == services.latest_revision_id(page),
        changes=history.compare(before, revision) if before else None,
    )


@bp.get("/<slug>/vergleich")
def compare_revisions(slug: str):
    page = page_or_404(slug)
    first = services.revision_of(page, request.args.get("von", 0, type=int))
    second = services.revision_of(page, request.args.get("bis", 0, type=int))
    if first is None or second is None:
        abort(404)
    if first.id == second.id:
        return redirect(url_for("wiki.show_revision", slug=slug, revision_id=first.id))
    older, newer = history.ordered(first, second)
    return render_template("wiki/compare.html", page=page, older=older, newer=newer,
                           changes=history.compare(older, newer))


@bp.get("/aenderungen")
def recent_changes():
    pagination = db.paginate(history.recent_changes_query(),
                             page=request.args.get("seite", 1, type=int), per_page=PER_PAGE,
                             error_out=False)
    return render_template("wiki/recent.html", pagination=pagination,
                           changes=history.as_changes(pagination.items))


@bp.get("/aenderungen.atom")
def recent_changes_feed():
    revisions = db.session.scalars(history.recent_changes_query().limit(FEED_ENTRIES)).all()
    changes = history.as_changes(list(revisions))
    body = render_template("wiki/recent_feed.xml", changes=changes,
                           updated=history.feed_updated(changes),
                           base_url=current_app.config["BASE_URL"].rstrip("/"))
    response = make_response(body)
    response.mimetype = "application/atom+xml"
    return response
