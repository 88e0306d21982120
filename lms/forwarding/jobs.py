"""Queued forwarding: drain one target's outbox; a sweep for every target with a backlog."""

import time

from flask import current_app
from huey.exceptions import TaskLockedException

from lms.core import jobs
from lms.core.i18n import N_
from lms.forwarding import services

DEBOUNCE_SECONDS = 1.0
"""A process queues a target's drain at most once a second (plus one delayed run)."""


@jobs.job("forwarding.drain", label=N_("Statements an externes LRS weiterleiten"), retries=10,
          retry_delay=30, backoff=2.0)
def drain(target_id: int) -> int:
    """Send the target's waiting statements; one run per target at a time."""
    try:
        with jobs.queue().lock_task(f"forwarding-{target_id}"):
            sent = services.drain(target_id)
    except TaskLockedException:  # another run is draining this target right now
        return 0
    if services.backlogs().get(target_id):
        jobs.enqueue("forwarding.drain", target_id)  # more than one run's worth waiting
    return sent


def sweep() -> None:
    """Queue a drain for every active target with waiting statements (after any outage)."""
    backlog = services.backlogs()
    for target_id, _, _ in services.active_targets():
        if backlog.get(target_id):
            jobs.enqueue("forwarding.drain", target_id)


def drain_soon(target_ids: list[int]) -> None:
    """After a commit that fed these targets: queue their drains, at most once a second."""
    plan = current_app.extensions.setdefault("lms_forward_drains", {})
    now = time.monotonic()
    if jobs.queue().immediate:  # tests: every commit drains at once, nothing to save
        plan.clear()
    for target_id in target_ids:
        next_at, delayed = plan.get(target_id, (0.0, False))
        if now >= next_at:
            plan[target_id] = (now + DEBOUNCE_SECONDS, False)
            jobs.enqueue("forwarding.drain", target_id)
        elif not delayed:  # one delayed run picks up everything committed in this second
            plan[target_id] = (next_at, True)
            jobs.enqueue("forwarding.drain", target_id, delay=2)
