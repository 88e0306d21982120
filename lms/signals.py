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

account_pseudonymised = _signals.signal("account-pseudonymised")
"""Sent by ``lms.privacy`` when a deleted account's statements were moved to a pseudonym,
inside the deleting transaction. Arguments: ``user_id``, ``old_name`` and ``new_name`` (the
``User.xapi_name`` before and after). Receivers must not commit.
"""
