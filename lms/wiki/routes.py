"""Views of the Demografie-Wiki: index, page, editing (with merging a conflict), deleting."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from lms.accounts.forms import ConfirmForm
from lms.core.forms import show_error
from lms.core.limits import allow_uploads
from lms.core.permissions import Role, role_required
from lms.core.topics import TOPIC_BY_SLUG
from lms.core.vocabulary import ActivityType, Verb, wiki_iri
from lms.extensions import db
from lms.resources import catalog, registry, tracking
from lms.resources.markup import drop_title_heading, render_content
from lms.resources.media import MediaError, send_media, store_upload
from lms.wiki import bp, history, related, services
from lms.wiki.forms import WikiEditForm, WikiFilterForm, WikiPageForm
from lms.wiki.models import KIND_LABELS

allow_uploads(bp, "create_page", "edit_page")

PER_PAGE = 20


def page_or_404(slug: str):
    """The visible page with ``slug`` or a 404."""
    page = services.page_by_slug(slug)
    if page is None:
        abort(404)
    return page


def render_body(title: str, body: str, came_from: str | None = None):
    """The page's Markdown as safe HTML, its title heading dropped."""
    return render_content(drop_title_heading(body, title), top=2, came_from=came_from)


@bp.get("/")
def list_pages():
    form = WikiFilterForm(request.args)
    form.set_values({name: services.practice_values(name)
                     for name in ("municipality", "period", "contact_role")})
    search = (form.q.data or "")[:100]
    kind = form.art.data if form.art.data in KIND_LABELS else ""
    topic = form.thema.data if form.thema.data in TOPIC_BY_SLUG else ""
    practice = form.practice_filters()
    organisation = request.args.get("organisation", type=int)
    if organisation:
        practice["organisation_id"] = organisation
    page = db.paginate(services.page_query(search, kind, topic, practice),
                       page=request.args.get("seite", 1, type=int), per_page=PER_PAGE,
                       error_out=False)
    filters = {key: value for key, value in {
        "q": search, "art": kind, "thema": topic, "land": practice.get("state"),
        "groesse": practice.get("size_class"), "kommune": practice.get("municipality"),
        "zeitraum": practice.get("period"), "rolle": practice.get("contact_role"),
        "organisation": organisation}.items() if value}
    return render_template("wiki/index.html", form=form, page=page, filters=filters)


@bp.get("/<slug>")
def show_page(slug: str):
    page = page_or_404(slug)
    came_from = request.args.get("von")
    if current_user.is_authenticated:
        base_url = current_app.config["BASE_URL"]
        tracking.record_view(
            current_user, verb=Verb.READ, object_iri=wiki_iri(base_url, page.slug),
            activity_type=ActivityType.ARTICLE, title=page.title, base_url=base_url,
            parent_iri=tracking.referrer_iri(came_from, base_url),
        )
    return render_template(
        "wiki/page.html", page=page, body=render_body(page.title, page.body, came_from),
        modules=catalog.modules_pointing_to("wiki", page.slug),
        related_seminars=registry.related_on_topics("seminar", page.topics),
        backlinks=related.backlinks("wiki", page.slug),
        open_proposals=related.open_proposal_count(page),
    )


@bp.get("/<slug>/bild/<path:name>")
def show_image(slug: str, name: str):
    page = page_or_404(slug)
    if not page.image_file or not page.image_file.endswith("/" + name):
        abort(404)
    return send_media(page.image_file)


def _with_image(form, page, fields: dict) -> dict:
    """The fields with the uploaded image stored (or removed); raises MediaError."""
    current = page.image_file if page else ""
    if form.remove_image.data:
        current = ""
    if form.image.data and getattr(form.image.data, "filename", ""):
        slug = page.slug if page else form.slug.data
        current = store_upload(form.image.data, role="image", kind="wiki", slug=slug)
    return {**fields, "image_file": current}


def _save(form, page):
    try:
        fields = _with_image(form, page, form.fields_for_service())
        saved = services.save_page(
            page, slug=form.slug.data if page is None else page.slug,
            fields=fields, user_id=current_user.id,
            note=form.note.data or (_("Seite angelegt") if page is None else ""),
            base_revision_id=None if page is None else form.base_revision.data,
        )
    except services.WikiConflict:
        raise
    except (services.WikiError, MediaError) as error:
        db.session.rollback()
        show_error(form, getattr(error, "field", None) or "image", str(error))
        return None
    db.session.commit()
    flash(_("Die Seite „%(title)s“ ist gespeichert.", title=saved.title), "success")
    return redirect(url_for("wiki.show_page", slug=saved.slug))


def _conflict_view(form, page, conflict: services.WikiConflict):
    """Show what the other person changed beside the editor's own text, to merge and save."""
    db.session.rollback()
    mine = form.fields_for_service()
    latest = conflict.latest
    form.base_revision.data = latest.id
    return render_template(
        "wiki/edit.html", form=form, page=page, preview=None, conflict=latest,
        their_changes=history.compare(conflict.base, latest) if conflict.base else None,
        against_mine=history.compare_texts(history.revision_fields(latest), mine),
    ), 409


def _edit_view(form, page):
    form.organisation_id.choices = related.organisation_choices()
    preview = None
    if form.is_submitted() and form.preview.data:
        preview = render_body(form.title.data or "", form.body.data or "")
    elif form.validate_on_submit():
        try:
            response = _save(form, page)
        except services.WikiConflict as conflict:
            return _conflict_view(form, page, conflict)
        if response:
            return response
    return render_template("wiki/edit.html", form=form, page=page, preview=preview)


@bp.route("/neu", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def create_page():
    form = WikiPageForm()
    if request.method == "GET" and request.args.get("slug"):
        form.slug.data = request.args["slug"][:100]
    return _edit_view(form, None)


@bp.route("/<slug>/bearbeiten", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def edit_page(slug: str):
    page = page_or_404(slug)
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
    page = page_or_404(slug)
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
