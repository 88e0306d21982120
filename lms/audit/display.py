"""How an entry's details read on the page: short German lines, values as they were."""

from flask_babel import gettext

from lms.accounts.ags import STATES
from lms.accounts.models import ORGANISATION_KIND_LABELS
from lms.core.i18n import N_
from lms.core.permissions import ROLE_LABELS, Role

DETAIL_LABELS = {
    "before": N_("vorher"),
    "after": N_("nachher"),
    "reason": N_("Grund"),
    "key": N_("Schlüssel"),
    "scopes": N_("Berechtigungen"),
    "replacement_code": N_("neuer Prüfcode"),
    "code": N_("Prüfcode"),
    "organisation": N_("Organisation"),
    "version": N_("Version"),
    "roles": N_("Rollen"),
    # the facts of an organisation (created or changed)
    "name": N_("Name"),
    "kind": N_("Art"),
    "state_code": N_("Bundesland"),
    "ags": N_("AGS"),
}


def _label(key: str) -> str:
    return gettext(DETAIL_LABELS[key]) if key in DETAIL_LABELS else key


def _value(key: str, value):
    """Stored codes in words: roles (``author``), LRS scopes (``read``), kinds of
    organisation, states (``03``)."""
    if key == "roles" and isinstance(value, list | tuple):
        return [gettext(ROLE_LABELS[Role(item)]) if item in set(Role) else item
                for item in value]
    if key == "scopes" and isinstance(value, list | tuple):
        from lms.xapi.forms import scope_names  # the LRS registers after the audit log

        return scope_names(value)
    if key == "kind" and value in ORGANISATION_KIND_LABELS:
        return gettext(ORGANISATION_KIND_LABELS[value])
    if key == "state_code" and value in STATES:
        return STATES[value]
    return value


def _text(value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{_label(key)}: {_text(_value(key, item))}"
                         for key, item in value.items())
    return str(value)


def describe(details: dict) -> list[tuple[str, str]]:
    """(label, text) per detail, in the order stored; labels in the UI language."""
    return [(_label(key), _text(_value(key, value))) for key, value in (details or {}).items()]
