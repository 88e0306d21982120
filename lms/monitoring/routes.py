"""View: the network's monitoring page (admins and the network office)."""

from flask import render_template

from lms.core.models import utcnow
from lms.core.permissions import Role, role_required
from lms.monitoring import bp, services
from lms.monitoring.small_groups import SMALL_GROUP
from lms.reports import services as reports


@bp.get("/netzwerk/monitoring")
@role_required(Role.NETWORK)
def show_monitoring():
    today = utcnow().date()
    counts = services.per_organisation(today)
    return render_template(
        "monitoring/monitoring.html", today=today, small_group=SMALL_GROUP,
        figures=services.network_figures(today),
        active_chart=services.active_by_week(today),
        registrations_chart=services.registrations_by_month(today),
        certificates_chart=services.certificates_by_month(today),
        modules=services.module_rates(reports.modules(), today),
        organisations=services.participation_by_organisation(counts),
        states=services.participation_by_state(counts),
        wiki=services.most_used("wiki", today),
        seminars=services.most_used("seminar", today),
        resource_days=services.RESOURCE_DAYS,
        statements_chart=services.statements_per_day(today),
        rejections=services.rejections(today),
    )
