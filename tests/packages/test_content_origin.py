"""The content origin serves package files as static files only, on a host of its own that
never sees the platform's session cookie; and browser content can reach the LRS (CORS)."""

import json
import uuid
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.packages import content_origin
from lms.packages.models import Package
from tests.packages.builders import PAGE, tincan_zip
from tests.packages.runtime import import_package

CONTENT = "http://inhalte.lernraum.test"
FILES = {
    "index.html": PAGE,
    "js/app.js": b"console.log('hallo');",
    "media/film.mp4": bytes(range(256)) * 40,
    "daten.json": b'{"a": 1}',
    "bild.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    "server/hack.php": b"<?php echo 'nie ausgefuehrt'; ?>",
    "server/tool.py": b"print('nie ausgefuehrt')",
    "unbekannt.xyz": b"?",
}


def read(client, url: str, *, method: str = "GET", **options):
    """A request whose file response is read completely and closed (as servers do)."""
    response = client.open(url, method=method, **options)
    response.get_data()
    response.close()
    return response


@pytest.fixture
def files_url(app):
    import_package(tincan_zip(files=FILES))
    key = db.session.scalar(select(Package.storage_key))
    return f"{CONTENT}/p/{key}"


@pytest.mark.parametrize("path, content_type", [
    ("index.html", "text/html; charset=utf-8"),
    ("js/app.js", "text/javascript; charset=utf-8"),
    ("media/film.mp4", "video/mp4"),
    ("daten.json", "application/json"),
    ("bild.svg", "image/svg+xml; charset=utf-8"),
    ("server/hack.php", "text/plain; charset=utf-8"),
    ("server/tool.py", "text/plain; charset=utf-8"),
    ("unbekannt.xyz", "application/octet-stream"),
])
def test_files_are_sent_as_they_are_with_their_content_type(client, files_url, path,
                                                            content_type):
    response = read(client, f"{files_url}/{path}")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.data == FILES[path]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'self' http://lernraum.test" in \
        response.headers["Content-Security-Policy"]


def test_media_can_be_read_in_ranges(client, files_url):
    response = read(client, f"{files_url}/media/film.mp4", headers={"Range": "bytes=100-199"})

    assert response.status_code == 206
    assert response.data == FILES["media/film.mp4"][100:200]
    assert response.headers["Content-Range"] == f"bytes 100-199/{len(FILES['media/film.mp4'])}"
    assert response.headers["Accept-Ranges"] == "bytes"


def test_files_are_cached_and_revalidated(client, files_url):
    first = read(client, f"{files_url}/index.html")
    again = read(client, f"{files_url}/index.html",
                 headers={"If-None-Match": first.headers["ETag"]})

    assert "immutable" in first.headers["Cache-Control"]
    assert "max-age=31536000" in first.headers["Cache-Control"]
    assert "public" in first.headers["Cache-Control"]
    assert again.status_code == 304


@pytest.mark.parametrize("suffix", ["fehlt.html", "../../etc/passwd", "%2e%2e/%2e%2e/x",
                                    "", "js/"])
def test_anything_but_a_stored_file_is_404(client, files_url, suffix):
    assert client.get(f"{files_url}/{suffix}").status_code == 404


def test_only_reading_is_allowed(client, files_url):
    assert read(client, f"{files_url}/index.html", method="POST").status_code == 405
    assert read(client, f"{files_url}/index.html", method="HEAD").status_code == 200


def test_the_content_host_serves_no_page_of_the_platform(client, files_url):
    for path in ("/", "/anmelden", "/module", "/xapi/about", "/autorenbereich/module"):
        assert client.get(CONTENT + path).status_code == 404


def test_the_platform_host_serves_no_package_file(client, files_url):
    path = files_url.removeprefix(CONTENT)

    assert client.get(f"http://lernraum.test{path}/index.html").status_code == 404


def test_the_session_cookie_is_never_sent_to_the_content_host(client, files_url, make_user,
                                                              login, monkeypatch):
    seen = []
    original = content_origin.ContentOrigin.serve

    def spy(self, request, prefix):
        seen.append(request.headers.get("Cookie"))
        return original(self, request, prefix)

    monkeypatch.setattr(content_origin.ContentOrigin, "serve", spy)
    login(make_user())
    assert client.get_cookie("session", domain="lernraum.test") is not None

    response = read(client, f"{files_url}/index.html")

    assert response.status_code == 200
    assert seen == [None]
    assert "Set-Cookie" not in response.headers


def test_content_origin_defaults_to_the_other_loopback_name():
    from lms.config import default_content_url

    assert default_content_url("http://127.0.0.1:5000") == "http://localhost:5000"
    assert default_content_url("http://localhost:5101") == "http://127.0.0.1:5101"
    assert default_content_url("https://lernraum.example.org") is None


def test_lrs_preflight_from_the_content_origin_is_allowed(client):
    response = client.options("/xapi/statements", headers={
        "Origin": CONTENT, "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization,content-type,x-experience-api-version"})

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] in ("*", CONTENT)
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    for header in ("authorization", "content-type", "x-experience-api-version"):
        assert header in allowed
    assert "PUT" in response.headers["Access-Control-Allow-Methods"]


def test_fetch_url_and_lrs_answers_carry_cors_headers(client):
    fetch = client.post("/xapi/cmi5/fetch/unbekannt", headers={"Origin": CONTENT})
    about = client.get("/xapi/about", headers={"Origin": CONTENT})

    assert fetch.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in about.headers["Access-Control-Expose-Headers"]


def test_alternate_request_syntax_works_with_launch_credentials(client, app):
    from lms.xapi import launches

    agent = {"objectType": "Agent", "account": {"homePage": "http://lernraum.test",
                                                "name": "x"}}
    registration = str(uuid.uuid4())
    login = launches.mint_credentials(agent, registration, "https://beispiel.de/a",
                                      user_id=None)
    db.session.commit()
    query = urlencode({"method": "PUT"})
    form = {"Authorization": login.authorization, "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json",
            "activityId": "https://beispiel.de/a", "agent": json.dumps(agent),
            "stateId": "lesezeichen", "registration": registration,
            "content": json.dumps({"seite": 2})}

    response = client.post(f"/xapi/activities/state?{query}", data=form)

    assert response.status_code == 204


def test_lrs_paths_with_a_doubled_slash_are_the_same_resource(client):
    """cmi5.js joins an endpoint ending in ``/`` and ``/statements``: no redirect there."""
    response = client.options("/xapi//statements", headers={
        "Origin": CONTENT, "Access-Control-Request-Method": "POST"})

    assert response.status_code == 200
    assert client.get("/xapi//about").get_json()["version"] == ["1.0.3", "2.0.0"]
