"""Views of proposals: learners propose a change, authors review it as a diff and decide."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.core.forms import show_error
from lms.core.mail import send_mail
from lms.core.permissions import Role, role_required
from lms.extensions import db
from lms.wiki import bp, proposals, services
from lms.wiki.forms import DecisionForm, ProposalForm
from lms.wiki.models import OPEN
from lms.wiki.routes import page_or_404


def _is_author() -> bool:
    return current_user.has_any_role(Role.AUTHOR, Role.ADMIN)


@bp.route("/<slug>/vorschlagen", methods=["GET", "POST"])
@login_required
def propose_change(slug: str):
    page = page_or_404(slug)
    if _is_author():
        return redirect(url_for("wiki.edit_page", slug=slug))
    form = ProposalForm()
    if request.method == "GET":
        form.title.data, form.summary.data, form.body.data = page.title, page.summary, page.body
        form.base_revision.data = services.latest_revision_id(page)
    elif form.validate_on_submit():
        try:
            proposals.propose(page, user_id=current_user.id, title=form.title.data,
                              summary=form.summary.data, body=form.body.data or "",
                              note=form.note.data, base_revision_id=form.base_revision.data)
        except services.WikiError as error:
            db.session.rollback()
            show_error(form, error.field, error.message)
        else:
            db.session.commit()
            flash(_("Danke! Ihr Vorschlag ist bei der Redaktion. Sie erhalten eine E-Mail, "
                    "sobald er geprüft ist."), "success")
            return redirect(url_for("wiki.show_page", slug=slug))
    return render_template("wiki/propose.html", form=form, page=page)


@bp.get("/vorschlaege")
@role_required(Role.AUTHOR)
def list_proposals():
    return render_template("wiki/proposals.html", proposals=proposals.open_proposals())


def _tell_proposer(proposal, accepted: bool) -> None:
    if proposal.proposed_by is None:
        return
    subject = (_("Ihr Vorschlag zu „%(title)s“ wurde übernommen", title=proposal.page.title)
               if accepted else
               _("Ihr Vorschlag zu „%(title)s“ wurde nicht übernommen", title=proposal.page.title))
    url = current_app.config["BASE_URL"].rstrip("/") + url_for(
        "wiki.show_page", slug=proposal.page.slug, _external=False)
    body = render_template("wiki/mail/decision.txt", proposal=proposal, accepted=accepted,
                           url=url)
    send_mail(proposal.proposed_by.email, subject, body)


@bp.route("/vorschlaege/<int:proposal_id>", methods=["GET", "POST"])
@role_required(Role.AUTHOR)
def review_proposal(proposal_id: int):
    proposal = proposals.proposal_by_id(proposal_id)
    if proposal is None or proposal.page.deleted_at is not None:
        abort(404)
    form = DecisionForm()
    if proposal.status == OPEN and form.validate_on_submit():
        accepted = bool(form.accept.data)
        if accepted:
            proposals.accept(proposal, author_id=current_user.id, note=form.decision_note.data)
        else:
            proposals.decline(proposal, author_id=current_user.id, note=form.decision_note.data)
        db.session.commit()
        _tell_proposer(proposal, accepted)
        flash(_("Der Vorschlag ist übernommen.") if accepted
              else _("Der Vorschlag ist abgelehnt."), "success")
        return redirect(url_for("wiki.list_proposals"))
    return render_template("wiki/proposal.html", proposal=proposal, form=form,
                           changes=proposals.changes(proposal),
                           changed_since=proposals.page_changed_since(proposal))
