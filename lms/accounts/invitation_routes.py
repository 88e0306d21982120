"""Views: admins and coordinators invite people (one, or a CSV list with preview); the
invited person accepts with name and password."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from lms.accounts import bp, invitations
from lms.accounts import services as accounts
from lms.accounts.invitation_forms import AcceptInvitationForm, InviteForm, InviteListForm
from lms.accounts.models import Organisation
from lms.core.forms import show_error
from lms.core.models import utcnow
from lms.core.permissions import Role, role_required
from lms.extensions import db

MAX_LIST_BYTES = 1_000_000
PER_PAGE = 25


def _organisation() -> Organisation | None:
    """Coordinators invite into their own organisation; admins into the one they chose."""
    if not current_user.is_admin:
        if current_user.organisation is None:
            abort(404)
        return current_user.organisation
    chosen = request.values.get("organisation", "")
    return db.session.get(Organisation, int(chosen)) if chosen.isdigit() else None


def _list_text(form: InviteListForm) -> str:
    """The pasted list, the uploaded file, or the list confirmed after the preview."""
    if form.confirmed.data:
        return form.confirmed.data
    upload = form.people_file.data
    if upload and getattr(upload, "filename", ""):
        raw = upload.read(MAX_LIST_BYTES + 1)
        if len(raw) > MAX_LIST_BYTES:
            raise invitations.InvitationError(_("Die Datei ist größer als 1 MB."),
                                              "people_file")
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                return raw.decode("cp1252")
            except UnicodeDecodeError as error:
                raise invitations.InvitationError(
                    _("Die Datei ist keine Textdatei (UTF-8 oder Windows-1252)."),
                    "people_file") from error
    return form.people_list.data or ""


def _single(form: InviteForm, organisation: Organisation | None):
    role = form.role.data if current_user.is_admin else str(Role.LEARNER)
    candidate = invitations.Candidate(1, accounts.normalise_email(form.email.data),
                                      form.name.data.strip(), role)
    [checked] = invitations.check([candidate], current_user, organisation)
    if not checked.accepted:
        show_error(form, "email", checked.problem)
        return None
    invitations.invite([checked], current_user, organisation)
    flash(_("Die Einladung an %(email)s ist verschickt.", email=checked.email), "success")
    return redirect(url_for("accounts.invite_people", **_org_arg(organisation)))


def _org_arg(organisation: Organisation | None) -> dict:
    return {"organisation": organisation.id} if current_user.is_admin and organisation else {}


def _from_list(form: InviteListForm, organisation: Organisation | None):
    """The preview of a list, or (after the preview) the invitations and a report."""
    try:
        text = _list_text(form)
        checked = invitations.check(invitations.parse_list(text), current_user, organisation)
    except invitations.InvitationError as error:
        show_error(form, error.field, error.message)
        return None
    if form.send.data and form.confirmed.data:
        sent = invitations.invite(checked, current_user, organisation)
        refused = [c for c in checked if not c.accepted]
        return render_template("accounts/invitations/report.html", sent=sent, refused=refused,
                               organisation=organisation, org_arg=_org_arg(organisation))
    form.confirmed.data = text
    return render_template("accounts/invitations/preview.html", form=form, checked=checked,
                           organisation=organisation, org_arg=_org_arg(organisation),
                           accepted=[c for c in checked if c.accepted])


@bp.route("/koordination/einladungen", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def invite_people():
    organisation = _organisation()
    single, listed = InviteForm(prefix="one"), InviteListForm(prefix="list")
    if request.method == "POST":
        if "one-submit" in request.form and single.validate_on_submit():
            answer = _single(single, organisation)
            if answer is not None:
                return answer
        elif "one-submit" not in request.form and listed.validate_on_submit():
            answer = _from_list(listed, organisation)
            if answer is not None:
                return answer
    page = db.paginate(invitations.invitations_of(
        organisation.id if organisation else None,
        everyone=current_user.is_admin and organisation is None),
        page=request.args.get("seite", 1, type=int), per_page=PER_PAGE, error_out=False)
    status = 400 if single.errors or listed.errors else 200
    return render_template(
        "accounts/invitations/invite.html", single=single, listed=listed, page=page,
        organisation=organisation, org_arg=_org_arg(organisation),
        organisations=accounts.organisation_choices() if current_user.is_admin else [],
        is_admin=current_user.is_admin, now=utcnow()), status


@bp.route("/einladung/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    invitation = invitations.open_invitation(token)
    if invitation is None:
        return render_template("accounts/invitations/invalid.html"), 404
    if current_user.is_authenticated:
        flash(_("Bitte melden Sie sich zuerst ab, um die Einladung anzunehmen."), "info")
        return redirect(url_for("home.index"))
    form = AcceptInvitationForm(name=invitation.name)
    if form.validate_on_submit():
        try:
            user = invitations.accept(invitation, name=form.name.data, password=form.password.data)
        except accounts.AccountError as error:
            db.session.rollback()
            show_error(form, error.field, error.message)
        else:
            login_user(user)
            flash(_("Willkommen bei Lernraum, %(name)s! Ihr Konto ist angelegt.",
                    name=user.name), "success")
            return redirect(url_for("catalog.view_plan"))
    return render_template("accounts/invitations/accept.html", form=form, invitation=invitation)
