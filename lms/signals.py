"""Every signal that travels up between features, with its sender and arguments.

Features import down (core <- accounts <- catalog <- player; core <- xapi); when a lower
layer has news for a higher one it sends one of these signals instead of importing it.
"""

from blinker import Namespace

_signals = Namespace()

statement_stored = _signals.signal("statement-stored")
"""Sent by ``lms.xapi`` after statements are stored, inside the storing transaction.

Arguments: ``statements`` — list of stored statement dicts (as stored, with ``id``,
``stored``, ``authority``). Receivers must not commit; they write into the same session.
"""

module_completed = _signals.signal("module-completed")
"""Sent by ``lms.progress`` when a learner first completes (or passes) a module version.

Arguments: ``user_id``, ``module_id`` (the catalog ``Module.id``), ``completed_at``.
"""

course_completed = _signals.signal("course-completed")
"""Sent by ``lms.progress`` when a learner first meets a course's completion rule.

Arguments: ``user_id``, ``course_id`` (the catalog ``Course.id``), ``completed_at``.
"""

user_registered = _signals.signal("user-registered")
"""Sent by ``lms.accounts`` after a new account is stored. Arguments: ``user``."""

audit_event = _signals.signal("audit-event")
"""Sent by any feature when an admin or coordinator changes something that must stay
traceable (roles, memberships, deactivations, certificates, LRS clients, module
publication). ``lms.audit`` writes one log entry into the sender's transaction; the sender
commits. Features above ``lms.audit`` may call ``lms.audit.services.record`` directly.

Arguments (all keywords, as for ``record``): ``action`` (e.g. ``"module.published"``; the
known ones are listed in ``lms.audit.services.ACTION_LABELS``), ``actor`` (the acting
``User``, or None for the command line), ``target_type`` (e.g. ``"module"``),
``target_id``, ``target_label`` (a readable name, kept as it was), optional
``organisation_id`` and ``details`` (JSON, typically ``{"before": …, "after": …}``).
Example, for publishing a module version::

    signals.audit_event.send(None, action="module.published", actor=current_user,
                             target_type="module", target_id=module.id,
                             target_label=version.title, details={"version": "1.2"})
"""

account_pseudonymised = _signals.signal("account-pseudonymised")
"""Sent by ``lms.privacy`` when a deleted account's statements were moved to a pseudonym,
inside the deleting transaction. Arguments: ``user_id``, ``old_name`` and ``new_name`` (the
``User.xapi_name`` before and after). Receivers must not commit.
"""
