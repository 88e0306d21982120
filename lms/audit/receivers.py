"""Writes an entry for every ``audit_event`` a feature sends."""

from lms import signals
from lms.audit import services


def _on_audit_event(sender, **event) -> None:
    services.record(**event)


def connect() -> None:
    """Subscribe to ``audit_event`` (idempotent: blinker keeps one subscription)."""
    signals.audit_event.connect(_on_audit_event)
