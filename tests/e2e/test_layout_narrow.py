"""Pages read on a phone (390 px) scroll only where a table scrolls, never the whole page."""

from lms.accounts.membership import request_membership
from lms.extensions import db
from tests.e2e.steps import log_in
from tests.reports.dataset import build_dataset


def test_membership_requests_fit_a_phone(page, make_user, make_organisation):
    organisation = make_organisation(name="Stadt Hannover")
    coordinator = make_user(roles=["coordinator"], organisation=organisation)
    learner = make_user(name="Lena Lernende", email="lena.lernende@example.org")
    request_membership(learner, organisation.id, notify=False)
    db.session.commit()
    log_in(page, coordinator)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/koordination/anfragen")

    page.get_by_text("lena.lernende@example.org").wait_for()
    # the hidden "… : name" of the buttons sits in the scrolled table, not beside the page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_every_topic_label_of_the_overview_chart_is_whole(page, make_user, make_organisation):
    dataset = build_dataset(make_organisation, make_user)
    log_in(page, dataset.coordinators[dataset.organisations[0].id])

    page.goto("/koordination/fortschritt")

    labels = page.locator("svg .chart__label")
    labels.first.wait_for()
    lefts = labels.evaluate_all("nodes => nodes.map(n => [n.textContent, n.getBBox().x])")
    assert [text for text, left in lefts if left < 0] == []  # "Ehrenamt & Engagement" was cut
