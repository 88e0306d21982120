"""xAPI (Tin Can) launch: the Rustici launch parameters, bookmarking through the State API,
and the documented completion rule (completed or passed for the activity, in the
registration)."""

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from lms.catalog.models import Module
from lms.extensions import db
from tests.conftest import PASSWORD
from tests.packages.builders import tincan_zip
from tests.packages.runtime import ContentSession, import_package

ACTIVITY = "https://beispiel.de/pakete/golf"


@pytest.fixture
def package(app):
    import_package(tincan_zip(launch="index.html?sprache=de"))
    return db.session.scalar(select(Module).where(Module.kind == "xapi"))


def launch(client, module) -> ContentSession:
    key = module.current_version.content["units"][0]["key"]
    response = client.post(f"/lernen/{module.slug}/einheit/{key}", data={})
    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    url = re.search(r'<iframe[^>]* src="([^"]+)"', html)[1].replace("&amp;", "&")
    return ContentSession(client, url)


def test_launch_url_has_endpoint_auth_actor_registration_and_activity(client, learner,
                                                                      package):
    session = launch(client, package)

    assert urlsplit(session.url).netloc == "inhalte.lernraum.test"
    assert session.params["sprache"] == "de"
    assert session.params["endpoint"] == "http://lernraum.test/xapi/"
    assert session.params["auth"].startswith("Basic ")
    assert session.actor["account"] == {"homePage": "http://lernraum.test",
                                        "name": learner.xapi_name}
    assert re.fullmatch(r"[0-9a-f-]{36}", session.registration)
    assert session.params["activity_id"] == ACTIVITY


def test_frame_page_has_a_title_a_way_out_and_allows_the_content_origin(client, learner,
                                                                        package):
    key = package.current_version.content["units"][0]["key"]
    response = client.post(f"/lernen/{package.slug}/einheit/{key}", data={})

    html = response.get_data(as_text=True)
    assert 'title="Lerninhalt: Golf für Kommunen"' in html
    assert f'href="/lernen/{package.slug}/einheiten">Einheit verlassen' in html
    assert "frame-src 'self' http://inhalte.lernraum.test" in \
        response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_bookmark_in_the_state_api_is_there_on_the_next_launch(client, learner, package):
    first = launch(client, package)
    assert first.put_state("bookmarking-data", {"location": "7"}).status_code == 204

    second = launch(client, package)

    assert second.registration == first.registration
    assert second.auth != first.auth
    assert second.get_state("bookmarking-data").get_json() == {"location": "7"}


def test_passed_for_the_package_activity_completes_the_module(client, learner, package,
                                                              progress_of):
    session = launch(client, package)
    session.send("attempted", defined=False)
    assert progress_of(learner, package).status == "in_progress"

    response = session.send("passed", defined=False,
                            result={"success": True, "score": {"scaled": 0.85}})

    assert response.status_code == 200
    row = progress_of(learner, package)
    assert row.status == "passed"
    assert row.best_score == 0.85


def test_completed_for_another_activity_does_not_count(client, learner, package, progress_of):
    session = launch(client, package)

    session.send("completed", defined=False, object_id=ACTIVITY + "/kapitel-1")

    assert progress_of(learner, package).status == "in_progress"


def test_failed_marks_the_module_failed_until_passed(client, learner, package, progress_of):
    session = launch(client, package)

    session.send("failed", defined=False, result={"success": False})
    assert progress_of(learner, package).status == "failed"

    session.send("completed", defined=False)
    assert progress_of(learner, package).status == "completed"


def test_learners_keep_their_version_and_registration_when_a_new_one_is_published(
        app, client, learner, make_user, package):
    first = launch(client, package)
    old_folder = urlsplit(first.url).path.split("/")[2]
    report = import_package(tincan_zip(launch="index.html?sprache=de", files={"neu.html": b"x"}))
    assert report.version == "2"
    db.session.expire_all()

    again = launch(client, package)

    assert again.registration == first.registration
    assert urlsplit(again.url).path.split("/")[2] == old_folder
    newcomer = app.test_client()
    newcomer.post("/anmelden", data={"email": make_user().email, "password": PASSWORD})
    fresh = launch(newcomer, package)
    assert urlsplit(fresh.url).path.split("/")[2] != old_folder
    assert fresh.registration != first.registration
