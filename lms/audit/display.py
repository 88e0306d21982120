"""How an entry's details read on the page: short German lines, values as they were."""

from flask_babel import gettext

from lms.core.i18n import N_

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
}


def _text(value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_text(item)}" for key, item in value.items())
    return str(value)


def describe(details: dict) -> list[tuple[str, str]]:
    """(label, text) per detail, in the order stored; labels in the UI language."""
    return [(gettext(DETAIL_LABELS[key]) if key in DETAIL_LABELS else key, _text(value))
            for key, value in (details or {}).items()]
