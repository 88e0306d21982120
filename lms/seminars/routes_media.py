"""Files of a seminar: served with range requests; uploaded and replaced by authors."""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.core.limits import allow_uploads
from lms.core.permissions import Role, role_required
from lms.extensions import db
from lms.resources.media import MediaError, send_media
from lms.seminars import bp, media, registration
from lms.seminars.forms import MediaForm, RemoveMediaForm
from lms.seminars.routes import seminar_or_404

allow_uploads(bp, "manage_media")


@bp.get("/<slug>/video")
def show_video(slug: str):
    seminar = seminar_or_404(slug)
    return send_media(seminar.video_file)


@bp.get("/<slug>/untertitel/<lang>.vtt")
def show_captions(slug: str, lang: str):
    seminar = seminar_or_404(slug)
    found = next((c for c in seminar.captions or [] if c["lang"] == lang), None)
    if found is None:
        abort(404)
    return send_media(found["file"])


@bp.get("/<slug>/folien.pdf")
def show_slides(slug: str):
    seminar = seminar_or_404(slug)
    return send_media(seminar.slides_file, download_name=f"{seminar.slug}-folien.pdf")


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.route("/<slug>/medien", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def manage_media(slug: str):
    seminar = seminar_or_404(slug)
    form = MediaForm()
    status = 200
    if form.validate_on_submit():
        was_upcoming = seminar.video_file == "" and seminar.recording_url == ""
        try:
            media.upload(seminar, role=form.role.data, file=form.file.data,
                         user_id=current_user.id, lang=form.lang.data or "de",
                         label=form.label.data or "")
        except MediaError as error:
            db.session.rollback()
            if _wants_json():
                return jsonify(ok=False, message=str(error)), 400
            form.file.errors = [str(error)]
            status = 400
        else:
            db.session.commit()
            message = _("Die Datei ist gespeichert.")
            if was_upcoming and seminar.video_file:
                message += " " + _("Das Seminar steht jetzt mit Aufzeichnung im Archiv.")
            flash(message, "success")  # the progress-bar upload shows it on the next page too
            if _wants_json():
                return jsonify(ok=True, message=message,
                               next=url_for("seminars.manage_media", slug=slug))
            return redirect(url_for("seminars.manage_media", slug=slug))
    elif form.is_submitted():
        problems = [error for errors in form.errors.values() for error in errors]
        if _wants_json():
            return jsonify(ok=False, message=" ".join(map(str, problems)) or _(
                "Die Anfrage war unvollständig. Bitte laden Sie die Seite neu.")), 400
        status = 400
    return render_template("seminars/media.html", seminar=seminar, form=form,
                           remove_form=RemoveMediaForm(),
                           counts=registration.counts(seminar)), status


@bp.post("/<slug>/medien/entfernen")
@role_required(Role.AUTHOR)
def remove_media(slug: str):
    seminar = seminar_or_404(slug)
    form = RemoveMediaForm()
    if form.validate_on_submit():
        try:
            media.remove(seminar, target=form.target.data or "", user_id=current_user.id)
        except MediaError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Die Datei ist entfernt."), "success")
    return redirect(url_for("seminars.manage_media", slug=slug))
