"""Queued certificate work: render a PDF (then mail the learner), sweep what is still due."""

from lms.certificates import notifications, services
from lms.certificates.models import Certificate, RenderState
from lms.core.i18n import N_
from lms.core.jobs import enqueue, job
from lms.extensions import db

SWEEP_LIMIT = 50
"""Due certificates one sweep queues (the rest follow in the next sweep)."""


class RenderFailed(RuntimeError):
    """The PDF could not be rendered; the queue retries with a growing delay."""


@job("certificates.render", label=N_("PDF-Nachweis erstellen"), retries=8, retry_delay=60)
def render(certificate_id: int) -> None:
    """Render one certificate's PDF and mail the learner the link; raise to be retried."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.render_state == RenderState.RENDERED:
        return
    if not services.render_certificate(certificate_id):
        certificate = db.session.get(Certificate, certificate_id)
        raise RenderFailed(certificate.render_error if certificate else "Nachweis fehlt")
    notifications.certificate_ready(db.session.get(Certificate, certificate_id))


def sweep_due() -> None:
    """Queue every certificate whose render is due (after a crash, a lost job, a backoff)."""
    for certificate_id in services.due_for_rendering(limit=SWEEP_LIMIT):
        enqueue("certificates.render", certificate_id)
