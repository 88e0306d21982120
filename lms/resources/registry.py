"""The kinds of resources (wiki pages, seminars) as they register themselves with the kernel."""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import Flask, current_app

from lms.resources.content import ContentReport


@dataclass(frozen=True)
class RelatedResource:
    """A resource as another page lists it: title, where it is, and its date if it has one."""

    kind: str
    slug: str
    title: str
    on: date | None = None


@dataclass(frozen=True)
class ResourceKind:
    """One kind of resource and what the kernel may ask of it.

    ``link`` is the prefix of internal links (``wiki:slug``), ``folder`` the directory under
    ``content/``, ``endpoint`` the view that shows one (it takes ``slug``).
    """

    link: str
    folder: str
    endpoint: str
    sync: Callable[[Path], ContentReport]
    titles: Callable[[Collection[str] | None], dict[str, str]]
    on_topics: Callable[[list[str], int], list[RelatedResource]]
    order: int = 50


def register_kind(app: Flask, kind: ResourceKind) -> None:
    """Make ``kind`` known to sync, link checks and related-resource lists."""
    app.extensions.setdefault("lms_resource_kinds", {})[kind.link] = kind


def kinds() -> list[ResourceKind]:
    """The registered kinds, in sync order."""
    registered = current_app.extensions.get("lms_resource_kinds", {})
    return sorted(registered.values(), key=lambda kind: kind.order)


def kind(link: str) -> ResourceKind | None:
    """The registered kind whose internal links start with ``link``."""
    return current_app.extensions.get("lms_resource_kinds", {}).get(link)


def titles(link: str, slugs: Collection[str] | None = None) -> dict[str, str]:
    """Titles by slug of the visible resources of kind ``link`` (all, or those in ``slugs``)."""
    found = kind(link)
    return found.titles(slugs) if found else {}


def related_on_topics(link: str, topics: list[str], limit: int = 3) -> list[RelatedResource]:
    """Resources of kind ``link`` sharing a topic with ``topics``; none if it is not installed."""
    found = kind(link)
    return found.on_topics(topics, limit) if found else []
