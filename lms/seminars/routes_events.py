"""Registration for upcoming seminars, the .ics, registrant lists, attendance, video events."""

from urllib.parse import urlsplit

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.accounts.forms import ConfirmForm
from lms.core.permissions import Role, role_required
from lms.core.vocabulary import ActivityType, Verb, seminar_iri
from lms.extensions import db
from lms.resources import tracking
from lms.seminars import bp, calendar, export, mails, registration, services, video
from lms.seminars.models import REGISTERED
from lms.seminars.routes import seminar_or_404
from lms.xapi import services as xapi


@bp.post("/<slug>/anmelden")
@login_required
def register(slug: str):
    seminar = seminar_or_404(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        outcome = registration.register(seminar, current_user)
    except registration.RegistrationError as error:
        flash(str(error), "error")
        return redirect(url_for("seminars.show_seminar", slug=slug)), 303
    entry = outcome.registration
    mails.confirm(entry)
    if entry.status == REGISTERED:
        flash(_("Sie sind angemeldet. Die Bestätigung mit dem Termin für Ihren Kalender ist "
                "unterwegs."), "success")
    else:
        flash(_("Das Seminar ist ausgebucht. Sie stehen auf der Warteliste und rücken "
                "automatisch nach, wenn ein Platz frei wird."), "success")
    return redirect(url_for("seminars.show_seminar", slug=slug), 303)


@bp.post("/<slug>/abmelden")
@login_required
def cancel(slug: str):
    seminar = seminar_or_404(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    outcome = registration.cancel(seminar, current_user)
    if outcome.registration is not None:
        mails.cancelled(outcome.registration)
        flash(_("Sie sind abgemeldet."), "success")
    if outcome.moved_up is not None:
        mails.moved_up(outcome.moved_up)
    return redirect(url_for("seminars.show_seminar", slug=slug), 303)


@bp.get("/<slug>/termin.ics")
def download_ics(slug: str):
    seminar = seminar_or_404(slug)
    mine = (registration.registration_of(seminar, current_user.id)
            if current_user.is_authenticated else None)
    with_access = mine is not None and mine.status == REGISTERED
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "lernraum"
    data = calendar.calendar(seminar, url=mails.seminar_url(seminar), uid_host=host,
                             online_url=seminar.online_url if with_access else "")
    return Response(data, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="{seminar.slug}.ics"'})


def _may_see_all() -> bool:
    return current_user.has_any_role(Role.AUTHOR, Role.ADMIN)


@bp.get("/<slug>/teilnehmende")
@role_required(Role.AUTHOR, Role.COORDINATOR)
def list_registrants(slug: str):
    seminar = seminar_or_404(slug)
    if _may_see_all():
        entries = registration.registrants(seminar)
    elif current_user.organisation_id:
        entries = registration.registrants(seminar, current_user.organisation_id)
    else:
        entries = []
    return render_template("seminars/registrants.html", seminar=seminar, entries=entries,
                           all_visible=_may_see_all(), counts=registration.counts(seminar),
                           form=ConfirmForm(), upcoming=services.is_upcoming(seminar))


@bp.get("/<slug>/teilnehmende.csv")
@role_required(Role.AUTHOR)
def export_registrants(slug: str):
    seminar = seminar_or_404(slug)
    data = export.registrants_csv(registration.registrants(seminar))
    return Response(data, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{seminar.slug}-teilnehmende.csv"'})


@bp.post("/<slug>/teilnahme")
@role_required(Role.AUTHOR)
def mark_attendance(slug: str):
    seminar = seminar_or_404(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if seminar.held_on > services.today():
        flash(_("Die Teilnahme lässt sich erst ab dem Tag des Seminars eintragen."), "error")
        return redirect(url_for("seminars.list_registrants", slug=slug), 303)
    ids = {int(value) for value in request.form.getlist("anwesend") if value.isdigit()}
    newly = registration.mark_attendance(seminar, ids)
    base_url = current_app.config["BASE_URL"]
    statements = [tracking.build_statement(
        entry.user, verb=Verb.ATTENDED, object_iri=seminar_iri(base_url, seminar.slug),
        activity_type=ActivityType.MEETING, title=seminar.title, base_url=base_url)
        for entry in newly]
    if statements:
        xapi.record_statements(statements, commit=False)
    db.session.commit()
    flash(_("Teilnahme eingetragen: %(count)d Personen.", count=len(newly)), "success")
    return redirect(url_for("seminars.list_registrants", slug=slug), 303)


@bp.post("/<slug>/video/ereignis")
@login_required
def record_video_event(slug: str):
    seminar = seminar_or_404(slug)
    if not seminar.video_file:
        abort(404)
    try:
        event = video.parse_event(request.get_json(silent=True) or {})
    except video.VideoEventError as error:
        return jsonify(ok=False, message=str(error)), 400
    base_url = current_app.config["BASE_URL"]
    statement = video.build_statement(
        current_user, event, slug=seminar.slug, title=seminar.title, base_url=base_url,
        parent_iri=tracking.referrer_iri(request.args.get("von"), base_url))
    xapi.record_statements([statement])
    return jsonify(ok=True, id=statement["id"])
