"""Panels that features contribute to the start page, without core importing them."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app


@dataclass(frozen=True)
class HomePanel:
    """A template included on the start page, with a function that supplies its context."""

    template: str
    context: Callable[[], dict | None]
    order: int = 50


def register_home_panel(app: Flask, panel: HomePanel) -> None:
    """Add ``panel`` to the start page of ``app``; a panel whose context is None is hidden."""
    app.extensions.setdefault("lms_home_panels", []).append(panel)


def home_panels() -> list[tuple[str, dict]]:
    """``(template, context)`` of every visible panel, in order."""
    panels = sorted(current_app.extensions.get("lms_home_panels", []), key=lambda p: p.order)
    visible = []
    for panel in panels:
        context = panel.context()
        if context is not None:
            visible.append((panel.template, context))
    return visible
