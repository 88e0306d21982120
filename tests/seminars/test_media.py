"""Seminar files: uploads checked by content, served with range requests, captions as text."""

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.seminars.models import Seminar, SeminarRevision

WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 2000
PDF = b"%PDF-1.4\n%" + b"x" * 100
VTT = (b"WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nGuten Tag und willkommen.\n\n"
       b"00:00:04.000 --> 00:00:08.000\n<v Moderatorin><script>alert(1)</script>Zweiter "
       b"Satz &amp; mehr.\n")


@pytest.fixture
def author(make_user):
    return make_user(roles=["author"])


@pytest.fixture
def seminar(make_seminar):
    return make_seminar("archiv", held_on=date.today() - timedelta(days=10))


def _upload(client, role, data, name, **fields):
    return client.post("/seminare/archiv/medien", content_type="multipart/form-data",
                       data={"role": role, "file": (io.BytesIO(data), name), **fields})


def _fresh():
    db.session.expire_all()
    return db.session.scalar(select(Seminar).where(Seminar.slug == "archiv"))


def test_an_author_uploads_video_captions_and_slides(client, login, author, seminar):
    login(author)
    assert _upload(client, "video", WEBM, "aufzeichnung.webm").status_code == 302
    assert _upload(client, "captions", VTT, "de.vtt", lang="de", label="Deutsch").status_code == 302
    assert _upload(client, "slides", PDF, "folien.pdf").status_code == 302
    stored = _fresh()
    assert stored.video_file.startswith("upload/seminare/archiv/aufzeichnung-")
    assert stored.captions[0]["lang"] == "de" and stored.slides_file.endswith(".pdf")
    assert db.session.scalar(select(db.func.count()).select_from(SeminarRevision)) == 3
    html = client.get("/seminare/archiv").get_data(as_text=True)
    assert '<video id="seminar-video"' in html and 'srclang="de"' in html
    assert "Guten Tag und willkommen." in html and "Folien des Seminars (PDF)" in html


def test_the_video_answers_range_requests(client, login, author, seminar):
    login(author)
    _upload(client, "video", WEBM, "aufzeichnung.webm")
    response = client.get("/seminare/archiv/video", headers={"Range": "bytes=100-199"})
    assert response.status_code == 206 and len(response.data) == 100
    assert response.headers["Content-Range"] == f"bytes 100-199/{len(WEBM)}"
    assert response.headers["Accept-Ranges"] == "bytes" and response.mimetype == "video/webm"
    response.close()


def test_captions_are_shown_as_text_in_the_transcript(client, login, author, seminar):
    login(author)
    _upload(client, "video", WEBM, "a.webm")
    _upload(client, "captions", VTT, "de.vtt", lang="de", label="Deutsch")
    html = client.get("/seminare/archiv").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "Zweiter Satz &amp; mehr." in html  # tags dropped, text escaped
    served = client.get("/seminare/archiv/untertitel/de.vtt")
    assert served.mimetype == "text/vtt" and served.headers["X-Content-Type-Options"] == "nosniff"
    served.close()


@pytest.mark.parametrize(("role", "data", "name", "message"), [
    ("video", b"<html><script>alert(1)</script>", "video.webm", "kein WebM oder MP4"),
    ("video", WEBM, "video.exe", "kein WebM oder MP4"),
    ("slides", b"kein pdf", "folien.pdf", "kein PDF"),
    ("captions", b"WEBVTT\n\nnur Text ohne Zeiten\n", "de.vtt", "keine Untertitel"),
    ("captions", b"Hallo\n", "de.vtt", "kein WebVTT"),
    ("captions", VTT, "de.vtt", "zwei Buchstaben"),
])
def test_bad_files_are_refused_and_nothing_changes(client, login, author, seminar, role, data,
                                                   name, message):
    login(author)
    extra = {"lang": "deutsch"} if message == "zwei Buchstaben" else {"lang": "de"}
    response = _upload(client, role, data, name, **extra)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    stored = _fresh()
    assert (stored.video_file, stored.slides_file, stored.captions) == ("", "", [])


def test_the_progress_bar_upload_gets_json(client, login, author, seminar):
    login(author)
    good = client.post("/seminare/archiv/medien", content_type="multipart/form-data",
                       headers={"Accept": "application/json"},
                       data={"role": "slides", "file": (io.BytesIO(PDF), "f.pdf")})
    bad = client.post("/seminare/archiv/medien", content_type="multipart/form-data",
                      headers={"Accept": "application/json"},
                      data={"role": "slides", "file": (io.BytesIO(b"x"), "f.pdf")})
    assert good.status_code == 200 and good.get_json()["ok"] is True
    assert bad.status_code == 400 and "kein PDF" in bad.get_json()["message"]
    # the script then opens good["next"]: the confirmation is still there to read
    page = client.get(good.get_json()["next"]).get_data(as_text=True)
    assert "Die Datei ist gespeichert." in page


def test_the_upload_script_gets_its_messages_in_the_readers_language(client, login, author,
                                                                   seminar):
    login(author)
    client.post("/sprache", data={"locale": "en", "next": "/"})

    page = client.get("/seminare/archiv/medien").get_data(as_text=True)

    assert 'data-text-failed="The upload failed. Please try again."' in page
    assert 'data-text-uploaded="uploaded"' in page


def test_files_can_be_removed(client, login, author, seminar):
    login(author)
    _upload(client, "slides", PDF, "folien.pdf")
    client.post("/seminare/archiv/medien/entfernen", data={"target": "slides"})
    assert _fresh().slides_file == ""
    assert client.get("/seminare/archiv/folien.pdf").status_code == 404


def test_learners_cannot_upload(client, login, make_user, seminar):
    login(make_user())
    assert _upload(client, "slides", PDF, "folien.pdf").status_code == 403
    assert client.get("/seminare/archiv/medien").status_code == 403


def test_a_transcript_with_script_is_sanitised(client, make_seminar):
    make_seminar("protokoll", transcript="## Protokoll\n\nText <script>alert(1)</script> "
                                         "<img src=x onerror=alert(2)>")
    html = client.get("/seminare/protokoll").get_data(as_text=True)
    assert "Mitschrift und Protokoll" in html
    assert "<script>alert(1)" not in html and "onerror" not in html


def test_a_recording_larger_than_a_form_page_takes_is_accepted(client, login, author, seminar):
    login(author)
    three_mib = WEBM + b"\x00" * (3 * 1024 * 1024)
    body = (b'--grenze\r\nContent-Disposition: form-data; name="role"\r\n\r\nvideo\r\n'
            b'--grenze\r\nContent-Disposition: form-data; name="file"; '
            b'filename="aufzeichnung.webm"\r\nContent-Type: video/webm\r\n\r\n'
            + three_mib + b"\r\n--grenze--\r\n")  # built here: the test client would spool it

    response = client.post("/seminare/archiv/medien", data=body,
                           content_type="multipart/form-data; boundary=grenze")

    assert response.status_code == 302
    assert _fresh().video_file.startswith("upload/seminare/archiv/aufzeichnung-")


def test_the_same_body_on_a_form_page_gets_too_large(client, login, author, seminar):
    login(author)
    title = _fresh().title
    response = client.post("/seminare/archiv/bearbeiten", data=b"0" * 3 * 1024 * 1024,
                           content_type="application/x-www-form-urlencoded")

    assert response.status_code == 413
    assert _fresh().title == title
