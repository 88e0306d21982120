"""Deleting an account (GDPR erasure) without breaking the network's figures.

The user row stays as an empty shell ("Gelöschtes Konto", no e-mail, no password, cannot log
in) that keeps the progress rows, so every total stays right. Its statements are moved to a
new random account name, so they name nobody; personal content (answers, notes, test
attempts, plan, exports) is deleted; certificates stay verifiable as issued, without the
name unless an admin decides to keep it.
"""

import uuid

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from lms import signals
from lms.accounts.invitations import Invitation
from lms.accounts.models import User
from lms.catalog.models import PlanEntry
from lms.certificates.models import Certificate, CertificateFile, RenderState
from lms.core.models import utcnow
from lms.core.permissions import Role
from lms.extensions import db
from lms.player.models import ElementResponse, NotebookEntry, QuizAttempt
from lms.privacy.access import log_access
from lms.privacy.models import AccountDeletion, DataAccess
from lms.xapi.pseudonyms import replace_account

DELETED_NAME = "Gelöschtes Konto"
DELETED_DOMAIN = "konto-geloescht.invalid"


class DeletionError(ValueError):
    """An account that may not be deleted this way; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_deleted(user: User) -> bool:
    """Whether the account was deleted (and is only a shell)."""
    return db.session.scalar(select(AccountDeletion.id).where(
        AccountDeletion.user_id == user.id)) is not None


def _check(user: User, acting: User) -> None:
    if is_deleted(user):
        raise DeletionError(_("Dieses Konto ist schon gelöscht."))
    if user.is_admin and acting.id == user.id:
        raise DeletionError(_("Ein Administrationskonto kann sich nicht selbst löschen. Bitte "
                              "bitten Sie eine andere Administratorin oder einen anderen "
                              "Administrator darum."))


def _erase_content(user: User) -> None:
    for model in (PlanEntry, ElementResponse, NotebookEntry, QuizAttempt):
        db.session.execute(delete(model).where(model.user_id == user.id))
    db.session.execute(delete(Invitation).where(Invitation.email == user.email))
    db.session.execute(update(DataAccess).where(DataAccess.viewer_id == user.id)
                       .values(viewer_name=DELETED_NAME))


def _anonymise_certificates(user: User, keep_names: bool) -> None:
    if keep_names:
        return
    certificates = list(db.session.scalars(select(Certificate).where(
        Certificate.user_id == user.id)))
    for certificate in certificates:
        certificate.learner_name = ""
        certificate.snapshot = {**certificate.snapshot, "learner_name": ""}
        certificate.render_state = RenderState.PENDING
    if certificates:
        db.session.execute(delete(CertificateFile).where(
            CertificateFile.certificate_id.in_([c.id for c in certificates])))


def delete_account(user: User, *, acting: User, keep_certificate_names: bool = False
                   ) -> AccountDeletion:
    """Delete ``user``'s account as described above; ``acting`` is the user themselves or
    an admin (only an admin may keep the names on certificates). Commits."""
    _check(user, acting)
    by_admin = acting.id != user.id
    old_name, new_name = user.xapi_name, uuid.uuid4().hex
    count = replace_account(current_app.config["BASE_URL"], old_name, new_name)
    signals.account_pseudonymised.send(user_id=user.id, old_name=old_name, new_name=new_name)
    _erase_content(user)
    _anonymise_certificates(user, keep_certificate_names and by_admin)
    user.name, user.email = DELETED_NAME, f"geloescht-{new_name[:16]}@{DELETED_DOMAIN}"
    user.password_hash, user.xapi_name, user.active = "!", new_name, False
    user.email_confirmed_at = user.last_login_at = None
    user.set_roles(user.roles - {Role.ADMIN, Role.AUTHOR, Role.NETWORK})
    record = AccountDeletion(user_id=user.id, by_admin=by_admin,
                             kept_certificate_names=keep_certificate_names and by_admin,
                             statements_pseudonymised=count, deleted_at=utcnow())
    db.session.add(record)
    if by_admin:
        log_access(acting, [user.id], "deletion", commit=False)
    db.session.commit()
    return record
