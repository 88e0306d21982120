"""Views of the seminars: upcoming and archive, one seminar with its player, edit, delete."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.accounts.forms import ConfirmForm
from lms.core.forms import show_error
from lms.core.permissions import Role, role_required
from lms.core.topics import TOPIC_BY_SLUG
from lms.core.vocabulary import ActivityType, Verb, seminar_iri
from lms.extensions import db
from lms.resources import tracking
from lms.resources.markup import render_content
from lms.seminars import bp, mails, registration, services, viewing
from lms.seminars.forms import SeminarFilterForm, SeminarForm

PER_PAGE = 20


def seminar_or_404(slug: str):
    """The visible seminar with ``slug`` or a 404."""
    seminar = services.seminar_by_slug(slug)
    if seminar is None:
        abort(404)
    return seminar


def _track(seminar, verb: str) -> None:
    if current_user.is_authenticated:
        base_url = current_app.config["BASE_URL"]
        tracking.record_view(
            current_user, verb=verb, object_iri=seminar_iri(base_url, seminar.slug),
            activity_type=ActivityType.MEETING, title=seminar.title, base_url=base_url,
            parent_iri=tracking.referrer_iri(request.args.get("von"), base_url),
        )


@bp.get("/")
def list_seminars():
    form = SeminarFilterForm(request.args)
    years = services.seminar_years()
    form.set_years(years)
    search = (form.q.data or "")[:100]
    topic = form.thema.data if form.thema.data in TOPIC_BY_SLUG else ""
    year = int(form.jahr.data) if (form.jahr.data or "").isdigit() else None
    page = db.paginate(services.seminar_query(search, topic, year),
                       page=request.args.get("seite", 1, type=int), per_page=PER_PAGE,
                       error_out=False)
    upcoming = list(db.session.scalars(services.seminar_query(search, topic, upcoming=True)))
    filters = {key: value for key, value in
               {"q": search, "thema": topic, "jahr": year or ""}.items() if value}
    return render_template("seminars/index.html", form=form, page=page, filters=filters,
                           upcoming=upcoming)


@bp.get("/<slug>")
def show_seminar(slug: str):
    seminar = seminar_or_404(slug)
    came_from = request.args.get("von") or ""
    _track(seminar, Verb.EXPERIENCED)
    mine = (registration.registration_of(seminar, current_user.id)
            if current_user.is_authenticated else None)
    return render_template(
        "seminars/seminar.html", seminar=seminar,
        description=render_content(seminar.description, top=3, came_from=came_from or None),
        transcript=viewing.transcript(seminar),
        player=viewing.player(seminar, came_from),
        modules=viewing.related_modules(seminar, came_from),
        wiki_pages=viewing.related_wiki(seminar, came_from),
        came_from=came_from, upcoming=services.is_upcoming(seminar), mine=mine,
        counts=registration.counts(seminar),
        position=registration.waiting_position(mine) if mine and mine.status == "waiting" else 0,
        form=ConfirmForm(),
    )


@bp.get("/<slug>/aufzeichnung")
def play_recording(slug: str):
    seminar = seminar_or_404(slug)
    if not seminar.recording_url:
        abort(404)
    _track(seminar, Verb.PLAYED)
    return redirect(seminar.recording_url)


def _save(form: SeminarForm, seminar):
    try:
        saved = services.save_seminar(
            seminar, slug=form.slug.data if seminar is None else seminar.slug,
            fields=form.fields_for_service(), user_id=current_user.id, note=form.note.data or "",
            base_version=form.base_version.data or None,
        )
    except services.SeminarError as error:
        db.session.rollback()
        show_error(form, error.field, error.message)
        return None
    db.session.commit()
    if services.is_upcoming(saved):  # more places than before: the waiting list moves up
        for entry in registration.fill_free_places(saved):
            mails.moved_up(entry)
    flash(_("Das Seminar „%(title)s“ ist gespeichert.", title=saved.title), "success")
    return redirect(url_for("seminars.show_seminar", slug=saved.slug))


@bp.route("/neu", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def create_seminar():
    form = SeminarForm()
    if form.validate_on_submit():
        response = _save(form, None)
        if response:
            return response
    return render_template("seminars/edit.html", form=form, seminar=None)


@bp.route("/<slug>/bearbeiten", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def edit_seminar(slug: str):
    seminar = seminar_or_404(slug)
    form = SeminarForm()
    del form.slug
    if request.method == "GET":
        form.fill_from(seminar)
    elif form.validate_on_submit():
        response = _save(form, seminar)
        if response:
            return response
    return render_template("seminars/edit.html", form=form, seminar=seminar)


@bp.route("/<slug>/loeschen", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def delete_seminar(slug: str):
    seminar = seminar_or_404(slug)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_seminar(seminar, user_id=current_user.id)
        db.session.commit()
        flash(_("Das Seminar „%(title)s“ ist gelöscht.", title=seminar.title), "success")
        return redirect(url_for("seminars.list_seminars"))
    return render_template("seminars/delete.html", form=form, seminar=seminar)

