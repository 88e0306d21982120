"""The personal notebook under /notizbuch: list, edit, export; only ever the owner's entries."""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.player import bp, notebook
from lms.player.forms import NoteForm

EXPORTS = {"md": "text/markdown", "txt": "text/plain"}


@bp.get("/notizbuch")
@login_required
def show_notebook():
    """Every transfer-task answer of the learner, by module."""
    return render_template("player/notebook.html", items=notebook.notebook_of(current_user.id))


@bp.route("/notizbuch/<int:entry_id>", methods=["GET", "POST"])
@login_required
def edit_note(entry_id: int):
    """Edit one of the learner's own entries; anyone else's is not found."""
    entry = notebook.entry_of(current_user.id, entry_id)
    if entry is None:
        abort(404)
    form = NoteForm(obj=entry)
    if form.validate_on_submit():
        notebook.update_entry(entry, form.text.data)
        flash(_("Ihre Notiz ist gespeichert."), "success")
        return redirect(url_for("player.show_notebook", _anchor=f"notiz-{entry.id}"))
    return render_template("player/note_edit.html", entry=entry, form=form)


@bp.get("/notizbuch/export.<fmt>")
@login_required
def export_notebook(fmt: str):
    """Download the notebook as Markdown or plain text."""
    if fmt not in EXPORTS:
        abort(404)
    text = notebook.export_notebook(current_user.id, fmt)
    return Response(
        text,
        mimetype=EXPORTS[fmt],
        headers={"Content-Disposition": f'attachment; filename="notizbuch.{fmt}"'},
    )
