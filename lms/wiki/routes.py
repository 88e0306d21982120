"""Views of the Demografie-Wiki: index, page, history, editing, deleting."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from lms.accounts.forms import ConfirmForm
from lms.core.forms import show_error
from lms.core.permissions import Role, role_required
from lms.core.topics import TOPIC_BY_SLUG
from lms.core.vocabulary import ActivityType, Verb, wiki_iri
from lms.extensions import db
from lms.resources import catalog, registry, tracking
from lms.resources.markup import drop_title_heading, render_content
from lms.wiki import bp, services
from lms.wiki.forms import WikiEditForm, WikiFilterForm, WikiPageForm
from lms.wiki.models import KIND_LABELS

PER_PAGE = 20


def _page_or_404(slug: str):
    page = services.page_by_slug(slug)
    if page is None:
        abort(404)
    return page


def _render_body(title: str, body: str):
    return render_content(drop_title_heading(body, title), top=2)


@bp.get("/")
def list_pages():
    form = WikiFilterForm(request.args)
    search = (form.q.data or "")[:100]
    kind = form.art.data if form.art.data in KIND_LABELS else ""
    topic = form.thema.data if form.thema.data in TOPIC_BY_SLUG else ""
    page = db.paginate(services.page_query(search, kind, topic),
                       page=request.args.get("seite", 1, type=int), per_page=PER_PAGE,
                       error_out=False)
    filters = {key: value for key, value in {"q": search, "art": kind, "thema": topic}.items()
               if value}
    return render_template("wiki/index.html", form=form, page=page, filters=filters)


@bp.get("/<slug>")
def show_page(slug: str):
    page = _page_or_404(slug)
    if current_user.is_authenticated:
        base_url = current_app.config["BASE_URL"]
        tracking.record_view(
            current_user, verb=Verb.READ, object_iri=wiki_iri(base_url, page.slug),
            activity_type=ActivityType.ARTICLE, title=page.title, base_url=base_url,
            parent_iri=tracking.referrer_iri(request.args.get("von"), base_url),
        )
    return render_template(
        "wiki/page.html", page=page, body=_render_body(page.title, page.body),
        modules=catalog.modules_pointing_to("wiki", page.slug),
        related_seminars=registry.related_on_topics("seminar", page.topics),
    )


@bp.get("/<slug>/versionen")
def list_revisions(slug: str):
    page = _page_or_404(slug)
    return render_template("wiki/history.html", page=page, revisions=page.revisions)


@bp.get("/<slug>/versionen/<int:revision_id>")
def show_revision(slug: str, revision_id: int):
    page = _page_or_404(slug)
    revision = services.revision_of(page, revision_id)
    if revision is None:
        abort(404)
    return render_template(
        "wiki/revision.html", page=page, revision=revision,
        body=_render_body(revision.title, revision.body),
        is_current=revision.id == services.latest_revision_id(page),
        changes=services.revision_changes(revision),
    )


def _save(form, page):
    try:
        saved = services.save_page(
            page, slug=form.slug.data if page is None else page.slug,
            fields=form.fields_for_service(), user_id=current_user.id,
            note=form.note.data or (_("Seite angelegt") if page is None else ""),
            base_revision_id=None if page is None else form.base_revision.data,
        )
    except services.WikiError as error:
        db.session.rollback()
        show_error(form, error.field, error.message)
        return None
    db.session.commit()
    flash(_("Die Seite „%(title)s“ ist gespeichert.", title=saved.title), "success")
    return redirect(url_for("wiki.show_page", slug=saved.slug))


def _edit_view(form, page):
    preview = None
    if form.is_submitted() and form.preview.data:
        preview = _render_body(form.title.data or "", form.body.data or "")
    elif form.validate_on_submit():
        response = _save(form, page)
        if response:
            return response
    return render_template("wiki/edit.html", form=form, page=page, preview=preview)


@bp.route("/neu", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def create_page():
    return _edit_view(WikiPageForm(), None)


@bp.route("/<slug>/bearbeiten", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def edit_page(slug: str):
    page = _page_or_404(slug)
    form = WikiEditForm()
    del form.slug
    if request.method == "GET":
        revision_id = request.args.get("version", type=int)
        revision = services.revision_of(page, revision_id) if revision_id else None
        form.fill_from(page, revision)
        form.base_revision.data = services.latest_revision_id(page)
        if revision is not None:
            form.note.data = _("Fassung vom %(when)s wiederhergestellt",
                               when=format_datetime(revision.edited_at, "short"))
    return _edit_view(form, page)


@bp.route("/<slug>/loeschen", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def delete_page(slug: str):
    page = _page_or_404(slug)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_page(page, user_id=current_user.id)
        db.session.commit()
        flash(_("Die Seite „%(title)s“ ist gelöscht. Alle Fassungen bleiben gespeichert.",
                title=page.title),
              "success")
        return redirect(url_for("wiki.list_pages"))
    return render_template("wiki/delete.html", form=form, page=page)


@bp.get("/geloescht")
@role_required(Role.AUTHOR)
def list_deleted_pages():
    return render_template("wiki/deleted.html", pages=services.deleted_pages(),
                           form=ConfirmForm())


@bp.post("/<slug>/wiederherstellen")
@role_required(Role.AUTHOR)
def restore_page(slug: str):
    page = services.deleted_page_by_slug(slug)
    if page is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        services.restore_page(page, user_id=current_user.id)
        db.session.commit()
        flash(_("Die Seite „%(title)s“ ist wiederhergestellt.", title=page.title), "success")
    return redirect(url_for("wiki.show_page", slug=page.slug))
