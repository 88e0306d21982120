"""Hostile and broken input, one named case each: an answer with the documented status, never a
server error, and nothing stored. (The generated variety is in test_fuzz.py.)"""

import base64
import io
import json
import zipfile

import pytest
from sqlalchemy import func, select

from lms.accounts.models import User
from lms.catalog.models import Module
from lms.extensions import db
from lms.xapi.models import XapiDocument, XapiStatement
from tests.conftest import PASSWORD
from tests.packages.sample import write_module
from tests.xapi.conftest import ACTOR, VERB

DEEP = 100_000
STATEMENT = {"actor": ACTOR, "verb": {"id": VERB},
             "object": {"id": "http://lernraum.test/xapi/activities/x"}}
JSON = "application/json"


def _with(text: str) -> str:
    """A valid statement whose ``result.response`` is replaced by raw JSON ``text``."""
    return json.dumps({**STATEMENT, "result": {"response": "HIER"}}).replace('"HIER"', text)


def _multipart(first: bytes, boundary: str = "grenze", end: bool = True) -> bytes:
    body = (f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode() + first
            + f"\r\n--{boundary}".encode())
    return body + (b"--\r\n" if end else b"")


STATEMENT_BODIES = {
    # name: (body, content type, status)
    "array nested 100,000 deep": ("[" * DEEP + "]" * DEEP, JSON, 400),
    "object nested 100,000 deep": ('{"a":' * DEEP + "1" + "}" * DEEP, JSON, 400),
    "NaN": (_with("NaN"), JSON, 400),
    "Infinity": (_with("Infinity"), JSON, 400),
    "-Infinity": (_with("-Infinity"), JSON, 400),
    "number beyond a float (1e999)": (_with("1e999"), JSON, 400),
    "integer of 5,000 digits": (_with("9" * 5000), JSON, 400),
    "lone surrogate \\ud800": (_with('"\\ud800"'), JSON, 400),
    "U+0000 in a string": (_with('"a\\u0000b"'), JSON, 400),
    "invalid UTF-8": (b"\xff\xfe" + json.dumps(STATEMENT).encode(), JSON, 400),
    "empty body": ("", JSON, 400),
    "truncated JSON": (json.dumps(STATEMENT)[:-7], JSON, 400),
    "null": ("null", JSON, 400),
    "a number instead of a statement": ("42", JSON, 400),
    "text/plain": (json.dumps(STATEMENT), "text/plain", 400),
    "no content type": (json.dumps(STATEMENT), "", 400),
    "form content type without the alternate syntax": ("a=b", "application/x-www-form-urlencoded",
                                                       400),
    "multipart without boundary": (_multipart(json.dumps(STATEMENT).encode()),
                                   "multipart/mixed", 400),
    "multipart truncated": (_multipart(json.dumps(STATEMENT).encode(), end=False),
                            "multipart/mixed; boundary=grenze", 400),
    "multipart with JSON nested 100,000 deep": (_multipart(b"[" * DEEP + b"]" * DEEP),
                                                "multipart/mixed; boundary=grenze", 400),
    "multipart declaring an attachment that is missing": (
        _multipart(json.dumps({**STATEMENT, "attachments": [{
            "usageType": "http://x.org/u", "display": {"de": "Anhang"},
            "contentType": "text/plain", "length": 4, "sha2": "0" * 64}]}).encode()),
        "multipart/mixed; boundary=grenze", 400),
}


def _statements() -> int:
    return db.session.scalar(select(func.count()).select_from(XapiStatement))


def _documents() -> int:
    return db.session.scalar(select(func.count()).select_from(XapiDocument))


def _assert_xapi_error(response, status: int) -> None:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert body["error"] is True and isinstance(body["message"], str) and body["message"]
    assert response.headers["X-Experience-API-Version"]


@pytest.mark.parametrize("name", list(STATEMENT_BODIES))
def test_hostile_statement_bodies_get_the_xapi_error_and_store_nothing(lrs, name):
    body, content_type, status = STATEMENT_BODIES[name]
    headers = {"Content-Type": content_type} if content_type else {}

    response = lrs.post("/statements", data=body, headers=headers)

    _assert_xapi_error(response, status)
    assert _statements() == 0


def test_the_alternate_syntax_carries_the_same_checks(lrs):
    response = lrs.post("/statements?method=PUT", version="1.0.3",
                        data={"content": "[" * DEEP + "]" * DEEP,
                              "statementId": "a1b2c3d4-0000-4000-8000-000000000001"},
                        headers={"Content-Type": "application/x-www-form-urlencoded"})

    _assert_xapi_error(response, 400)
    assert _statements() == 0


DEEP_AGENT = "[" * DEEP + "]" * DEEP
QUERIES = {
    "agent nested 100,000 deep": {"agent": DEEP_AGENT},
    "agent with U+0000": {"agent": json.dumps({"mbox": "mailto:a\x00@b.de"})},
    "activity with U+0000": {"activity": "http://x.org/\x00"},
    "paging token of JSON nested 100,000 deep": {
        "more": base64.urlsafe_b64encode(DEEP_AGENT.encode()).decode()},
    "paging token that is no base64": {"more": "%%%"},
    "limit that is no number": {"limit": "viele"},
    "since that is no time": {"since": "gestern"},
    "unknown parameter": {"wer": "ich"},
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_hostile_query_parameters_get_the_xapi_error(lrs, name):
    _assert_xapi_error(lrs.get("/statements", query_string=QUERIES[name]), 400)


STATE = {"activityId": "http://lernraum.test/a", "agent": json.dumps(ACTOR), "stateId": "s"}
DOCUMENTS = {
    # name: (method, body, content type)
    "JSON document nested 100,000 deep": ("PUT", "[" * DEEP + "]" * DEEP, JSON),
    "JSON document with NaN": ("PUT", '{"a": NaN}', JSON),
    "JSON document, truncated": ("PUT", '{"a": ', JSON),
    "JSON document, invalid UTF-8": ("PUT", b'{"a": "\xff"}', JSON),
    "merge (POST) of a JSON array": ("POST", "[1, 2]", JSON),
    "merge (POST) of a lone surrogate": ("POST", '{"a": "\\udc00"}', JSON),
}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_hostile_documents_get_the_xapi_error_and_store_nothing(lrs, name):
    method, body, content_type = DOCUMENTS[name]

    response = lrs.request(method, "/activities/state", query_string=STATE, data=body,
                           headers={"Content-Type": content_type})

    _assert_xapi_error(response, 400)
    assert _documents() == 0


def test_a_state_id_with_nul_is_refused(lrs):
    response = lrs.put("/activities/state", query_string={**STATE, "stateId": "a\x00"},
                       data="{}", headers={"Content-Type": JSON})

    _assert_xapi_error(response, 400)
    assert _documents() == 0


def _jws(header: str) -> str:
    def encode(text: str) -> str:
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    return f"{encode(header)}.{encode(json.dumps(STATEMENT))}.c2lnbmF0dXI"


def test_a_signature_with_a_header_nested_100000_deep_is_400(lrs):
    signature = _jws("[" * DEEP + "]" * DEEP).encode()
    statement = {**STATEMENT, "attachments": [{
        "usageType": "http://adlnet.gov/expapi/attachments/signature",
        "display": {"de": "Signatur"}, "contentType": "application/octet-stream",
        "length": len(signature), "sha2": __import__("hashlib").sha256(signature).hexdigest()}]}
    body = (b"--grenze\r\nContent-Type: application/json\r\n\r\n" + json.dumps(statement).encode()
            + b"\r\n--grenze\r\nContent-Type: application/octet-stream\r\n"
            + b"Content-Transfer-Encoding: binary\r\nX-Experience-API-Hash: "
            + statement["attachments"][0]["sha2"].encode() + b"\r\n\r\n" + signature
            + b"\r\n--grenze--\r\n")

    response = lrs.post("/statements", data=body,
                        headers={"Content-Type": "multipart/mixed; boundary=grenze"})

    _assert_xapi_error(response, 400)
    assert _statements() == 0


# Uploads ---------------------------------------------------------------------------------

UPLOAD = "/autorenbereich/module"


@pytest.fixture
def author(make_user, login):
    user = make_user(roles=["author"])
    login(user)
    return user


def _zip(members: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _module_zip(tmp_path, extra: str = "") -> bytes:
    """The sample module; stored uncompressed, so that the archive's ratio check (a bomb
    defence) does not refuse 200,000 brackets before the TOML parser sees them."""
    folder = write_module(tmp_path, extra=extra)
    return _zip({path.relative_to(folder).as_posix(): path.read_bytes()
                 for path in sorted(folder.rglob("*")) if path.is_file()}, zipfile.ZIP_STORED)


def _form_with_file(data: bytes, filename: str) -> bytes:
    """The multipart body of the upload form, built here: Werkzeug's test client spools
    bodies over 500 KB to a temporary file it never closes (a ResourceWarning)."""
    return (b'--grenze\r\nContent-Disposition: form-data; name="package"; filename="'
            + filename.encode() + b'"\r\nContent-Type: application/zip\r\n\r\n' + data
            + b"\r\n--grenze--\r\n")


def _modules() -> int:
    return db.session.scalar(select(func.count()).select_from(Module))


UPLOADS = {
    # name: (file bytes built from tmp_path, filename, a phrase of the German message)
    "module.toml with an array nested 100,000 deep": (
        lambda tmp: _module_zip(tmp, "\nx = " + "[" * DEEP + "]" * DEEP + "\n"),
        "modul.zip", "zu tief verschachtelt"),
    "module.toml with inline tables nested 100,000 deep": (
        lambda tmp: _module_zip(tmp, "\nx = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n"),
        "modul.zip", "zu tief verschachtelt"),
    "module.toml that is not UTF-8": (
        lambda tmp: _zip({"module.toml": b"id = \"\xff\xfe\"\n"}), "modul.zip", ""),
    "an empty file": (lambda tmp: b"", "modul.zip", ""),
    "an empty zip": (lambda tmp: _zip({}), "modul.zip", ""),
    "a truncated zip": (lambda tmp: _module_zip(tmp)[:300], "modul.zip", ""),
    "text named .zip": (lambda tmp: b"Das ist kein Archiv.", "modul.zip", ""),
    "a zip named .txt": (lambda tmp: _module_zip(tmp), "modul.txt", "ZIP"),
    "an XML bomb as tincan.xml": (
        lambda tmp: _zip({"tincan.xml": '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">'
                          '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><tincan>&b;</tincan>'}),
        "modul.zip", ""),
    "XML nested 100,000 deep as tincan.xml": (
        lambda tmp: _zip({"tincan.xml": "<a>" * DEEP + "</a>" * DEEP}), "modul.zip", ""),
}


@pytest.mark.parametrize("name", list(UPLOADS))
def test_hostile_uploads_get_a_german_message_and_store_nothing(client, author, tmp_path, name):
    build, filename, phrase = UPLOADS[name]

    response = client.post(UPLOAD, data=_form_with_file(build(tmp_path), filename),
                           content_type="multipart/form-data; boundary=grenze")

    assert response.status_code in (200, 400, 413, 422)
    page = response.get_data(as_text=True)
    assert "error-summary" in page or 'class="error-text"' in page
    assert phrase in page
    assert _modules() == 0


# Forms -----------------------------------------------------------------------------------

def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


FORM_POSTS = {
    # name: (data or raw body, content type, status)
    "registration as JSON": (json.dumps({"email": "a@b.de"}), "application/json", 200),
    "registration with invalid UTF-8": (
        b"name=%FF%FE&email=a%40b.de&password=x&password_repeat=x", "application/x-www-form-"
        "urlencoded", 200),
    "registration with 2,000 form parts": (
        "".join(f'--g\r\nContent-Disposition: form-data; name="f{n}"\r\n\r\nx\r\n'
                for n in range(2000)) + "--g--\r\n", "multipart/form-data; boundary=g", 413),
    "registration with a NUL in the e-mail": (
        {"name": "Erika", "email": "erika\x00@beispiel.de", "password": PASSWORD,
         "password_repeat": PASSWORD}, None, 400),
    "registration with an endless name": (
        {"name": "x" * 100_000, "email": "erika@beispiel.de", "password": PASSWORD,
         "password_repeat": PASSWORD}, None, 200),
}


@pytest.mark.parametrize("name", list(FORM_POSTS))
def test_hostile_form_posts_get_an_answer_and_store_nothing(client, name):
    data, content_type, status = FORM_POSTS[name]
    kwargs = {"data": data} | ({"content_type": content_type} if content_type else {})

    response = client.post("/registrieren", **kwargs)

    assert response.status_code == status
    assert _users() == 0


def test_a_login_with_a_nul_is_refused_before_anything_looks_it_up(client, make_user):
    user = make_user()

    response = client.post("/anmelden", data={"email": user.email + "\x00",
                                              "password": PASSWORD})

    assert response.status_code == 400


def test_a_path_with_a_nul_is_refused(client):
    assert client.get("/wiki/buergerbus%00").status_code == 400
