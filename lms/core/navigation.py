"""Menu entries that features register, so layouts need no feature imports."""

from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_login import current_user

from lms.core.permissions import Role


@dataclass(frozen=True)
class NavItem:
    """A menu link; it is marked current when the endpoint starts with ``endpoint_prefix``.

    With ``roles`` it is shown only to users holding one of them (admins always).
    """

    label: str
    endpoint: str
    order: int = 50
    endpoint_prefix: str = ""
    login_required: bool = False
    roles: tuple[Role, ...] = ()


def register_nav_item(app: Flask, item: NavItem, menu: str = "main") -> None:
    """Show ``item`` in ``menu`` (``main`` or ``admin``) of ``app``."""
    app.extensions.setdefault("lms_menus", {}).setdefault(menu, []).append(item)


def _visible(item: NavItem) -> bool:
    if not (item.login_required or item.roles):
        return True
    if not current_user.is_authenticated:
        return False
    return not item.roles or current_user.has_any_role(*item.roles, Role.ADMIN)


def nav_items(menu: str = "main") -> list[dict]:
    """The entries of ``menu`` as dicts with ``label``, ``url`` and ``current``."""
    items = current_app.extensions.get("lms_menus", {}).get(menu, [])
    endpoint = request.endpoint or ""
    return [
        {
            "label": item.label,
            "url": url_for(item.endpoint),
            "current": endpoint.startswith(item.endpoint_prefix or item.endpoint),
        }
        for item in sorted(items, key=lambda item: item.order)
        if _visible(item)
    ]


def admin_nav_items() -> list[dict]:
    """The entries of the admin menu."""
    return nav_items("admin")
