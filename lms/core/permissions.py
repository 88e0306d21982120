"""Roles and the decorators that guard views by role."""

from enum import StrEnum
from functools import wraps

from flask import abort, current_app
from flask_login import current_user

from lms.core.i18n import N_


class Role(StrEnum):
    """What a user may do; a user holds one or more roles."""

    LEARNER = "learner"
    AUTHOR = "author"
    COORDINATOR = "coordinator"
    ADMIN = "admin"
    NETWORK = "network"


ROLE_LABELS = {
    Role.LEARNER: N_("Lernende"),
    Role.AUTHOR: N_("Autorin/Autor"),
    Role.COORDINATOR: N_("Koordination"),
    Role.ADMIN: N_("Administration"),
    Role.NETWORK: N_("Netzwerkstelle"),
}


def role_required(*roles: Role):
    """Let a view through for logged-in users holding one of ``roles`` (admins always)."""

    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if not current_user.has_any_role(*roles, Role.ADMIN):
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorator
