"""Every report figure equals a direct count over the stored statements of a generated
network (recorded through the real LRS write path, projected by the real projector)."""

import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from lms.core.vocabulary import Verb
from lms.extensions import db
from lms.monitoring import services as monitoring
from lms.reports import funnel, matrix, overview, periods, services
from lms.reports.services import Scope
from lms.xapi.models import XapiStatement
from tests.reports.dataset import NOW, build_dataset


@pytest.fixture
def dataset(make_organisation, make_user):
    return build_dataset(make_organisation, make_user)


class Direct:
    """Counts computed straight from the stored statement documents."""

    def __init__(self, dataset):
        base = "http://lernraum.test/xapi/activities/module/"
        self.docs = [json.loads(d) for d in db.session.scalars(select(XapiStatement.document))]
        self.user_of = {u.xapi_name: u for u in dataset.everyone}
        self.slug_of = {m.slug: m for m in dataset.modules}
        self.started, self.completed, self.passed = set(), {}, set()
        self.best = defaultdict(float)
        self.days = defaultdict(set)
        self.last_page: dict[tuple, int] = {}
        self.failed_last: dict[tuple, bool] = {}
        for doc in sorted(self.docs, key=lambda d: d["timestamp"]):
            user = self.user_of.get(doc["actor"]["account"]["name"])
            moment = datetime.fromisoformat(doc["timestamp"].replace("Z", "+00:00"))
            self.days[user.id].add(moment.astimezone(UTC).date())
            iri = doc["object"]["id"]
            if not iri.startswith(base):
                continue
            slug, *rest = iri[len(base):].split("/")
            key = (user.id, self.slug_of[slug].id)
            verb = doc["verb"]["id"]
            self.started.add(key)
            if verb == Verb.COMPLETED and not rest:
                self.completed.setdefault(key, moment)
            if verb == Verb.EXPERIENCED:
                self.last_page[key] = int(rest[1])
            if verb in (Verb.PASSED, Verb.FAILED):
                self.best[key] = max(self.best[key], doc["result"]["score"]["scaled"])
                self.failed_last[key] = verb == Verb.FAILED
                if verb == Verb.PASSED:
                    self.passed.add(key)

    def of(self, users, keys):
        ids = {u.id for u in users}
        return {k for k in keys if k[0] in ids}


def _org_users(dataset, organisation):
    return dataset.learners[organisation.id]


def test_key_figures_equal_direct_counts(dataset):
    direct = Direct(dataset)
    today = NOW.date()
    for organisation in dataset.organisations:
        users = _org_users(dataset, organisation)
        figures = overview.key_figures(Scope(organisation), today)
        done = direct.of(users, direct.completed)
        course_ids = [m.id for m in dataset.modules[:2]]
        courses_done = sum(all((u.id, m) in direct.completed for m in course_ids) for u in users)
        active = sum(any(d >= today - timedelta(days=29) for d in direct.days[u.id])
                     for u in users)
        assert figures.learners == len(users)
        assert figures.active == active
        assert figures.modules_started == len(direct.of(users, direct.started))
        assert figures.modules_completed == len(done)
        assert figures.modules_passed == len(done & direct.passed)
        assert figures.courses_completed == courses_done
        assert figures.certificates == courses_done


def test_completions_by_month_and_topic(dataset):
    direct = Direct(dataset)
    scope = Scope(None, everyone=True)
    chart = overview.completions_by_month(scope, NOW.date())
    by_month = defaultdict(int)
    for moment in direct.completed.values():
        by_month[periods.label(moment.strftime("%Y-%m"), periods.MONTH)] += 1
    assert {p.label: p.value for p in chart.points if p.value} == dict(by_month)
    topics = overview.completions_by_topic(scope)
    expected = defaultdict(int)
    for (_user, module_id) in direct.completed:
        module = next(m for m in dataset.modules if m.id == module_id)
        for topic in module.current_version.manifest["topics"]:
            expected[topic] += 1
    shown = {p.label: p.value for p in topics.points}
    assert shown["Mobilität"] == expected["mobilitaet"]
    assert shown["Wohnen"] == expected["wohnen"]
    assert shown["Pflege & Gesundheit"] == expected["pflege-gesundheit"]


def test_funnels_equal_direct_counts(dataset):
    direct = Direct(dataset)
    organisation = dataset.organisations[2]
    users = _org_users(dataset, organisation)
    for f in funnel.funnels(Scope(organisation), services.modules()):
        keys = {k for k in direct.of(users, direct.started) if k[1] == f.module_id}
        done = {k for k in keys if k in direct.completed}
        assert (f.started, f.completed, f.passed) == (len(keys), len(done),
                                                     len(done & direct.passed))
        scored = [direct.best[k] for k in keys if k in direct.best]
        if scored:
            assert f.average_score == pytest.approx(sum(scored) / len(scored))
        stops = defaultdict(int)
        for key in keys - done:
            stops[-1 if direct.failed_last.get(key) else direct.last_page.get(key, 0)] += 1
        assert {s.page: s.learners for s in f.stops} == dict(stops)


def test_matrix_cells_equal_direct_status(dataset):
    direct = Direct(dataset)
    organisation = dataset.organisations[0]
    page = matrix.matrix_page(Scope(organisation), matrix.MatrixFilters(), 1, 100)
    assert {row.user_id for row in page.rows} == {u.id for u in _org_users(dataset, organisation)}
    for row in page.rows:
        for (module_id, _title), cell in zip(page.columns, row.cells, strict=True):
            key = (row.user_id, module_id)
            if key not in direct.started:
                assert cell.status == "not_started"
            elif key in direct.completed:
                assert cell.status == ("passed" if key in direct.passed else "completed")
            elif direct.failed_last.get(key) and key not in direct.passed:
                assert cell.status == "failed"
            else:
                assert cell.status == "in_progress"


def test_network_figures_equal_direct_counts(dataset):
    direct = Direct(dataset)
    today = NOW.date()
    weeks = monitoring.active_by_week(today)
    expected = defaultdict(set)
    for user_id, days in direct.days.items():
        for day in days:
            expected[periods.label(periods.monday(day).isoformat(), periods.WEEK)].add(user_id)
    for point in weeks.points:
        count = len(expected.get(point.label, ()))
        assert point.shown == ("< 5" if 0 < count < 5 else str(count))
    reads = defaultdict(int)
    since = today - timedelta(days=monitoring.RESOURCE_DAYS)
    for doc in direct.docs:
        day = datetime.fromisoformat(doc["timestamp"].replace("Z", "+00:00")).date()
        if doc["verb"]["id"] == Verb.READ and day > since:
            reads[doc["object"]["id"].rsplit("/", 1)[-1]] += 1
    wiki = monitoring.most_used("wiki", NOW.date())
    assert {r.title: r.uses for r in wiki} == {
        slug: ("< 5" if n < 5 else str(n)) for slug, n in reads.items()}
    per_day = monitoring.statements_per_day(today)
    assert sum(p.value for p in per_day.points) == len(direct.docs)


def test_counters_rebuilt_from_the_statements_equal_the_live_ones(dataset, app):
    def counted():
        today = NOW.date()
        return (monitoring.statements_per_day(today).points, monitoring.most_used("wiki", today),
                monitoring.most_used("seminar", today), monitoring.active_by_week(today).points)

    live = counted()

    result = app.test_cli_runner().invoke(args=["lms", "rebuild-usage"])
    again = app.test_cli_runner().invoke(args=["lms", "rebuild-activity"])

    assert result.exit_code == 0 and again.exit_code == 0, result.output + again.output
    assert counted() == live
