"""Jinja set-up shared by every template: extensions, menus, topics, roles, locale."""

from flask import Flask
from flask_babel import get_locale, gettext

from lms.core.home import home_panels
from lms.core.navigation import admin_nav_items, nav_items
from lms.core.permissions import ROLE_LABELS, Role
from lms.core.topics import TOPICS, topic_title


def role_label(role: str) -> str:
    """The label of a role in the current language."""
    label = ROLE_LABELS.get(Role(role))
    return gettext(label) if label else role


def init_templating(app: Flask) -> None:
    """Make navigation, topic and role helpers available to every template."""
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        nav_items=nav_items,
        admin_nav_items=admin_nav_items,
        topic_title=topic_title,
        TOPICS=TOPICS,
        home_panels=home_panels,
        get_locale=get_locale,
        role_label=role_label,
    )
