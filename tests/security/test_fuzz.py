"""Property-based fuzzing: generated hostile input to the LRS, the upload and the main forms.

Every request must get a documented status (never a 5xx), refusals in the LRS carry the
xAPI error body, and nothing is stored when the input is refused. In CI each test runs a
bounded number of examples, derandomised (a fixed seed): the profile ``ci`` of
tests/security/conftest.py. A longer, random run:

    HYPOTHESIS_PROFILE=lang .venv/bin/pytest tests/security/test_fuzz.py
"""

import io
import json
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from lms.accounts.models import User
from lms.catalog.models import Module
from lms.extensions import db
from lms.wiki.models import WikiPage
from lms.xapi.models import XapiDocument, XapiStatement
from tests.conftest import PASSWORD
from tests.packages.sample import write_module
from tests.xapi.conftest import ACTOR, VERB

HOSTILE_TEXT = st.sampled_from([
    "", " ", "\x00", "a\x00b", "\u202e", "\ufeff", "💥" * 50, "<script>", "' OR 1=1 --",
    "../../etc/passwd", "%00", "\r\n\r\n", "\\", '"', "{{ 7*7 }}", "x" * 5000, "NaN",
    "Infinity", "1e999", "-0", "null", "[", "{", "é" * 300, "\x7f\x1b[31m",
])
TEXT = st.one_of(HOSTILE_TEXT, st.text(max_size=300))
"""Text a browser can send (a form or URL carries UTF-8: no lone surrogates)."""
JSON_TEXT = st.one_of(TEXT, st.sampled_from(["\ud800", "\udfff", "a\udc00b"]))
"""Text inside JSON, which may also hold lone surrogates (as \\u escapes)."""
NUMBERS = st.one_of(st.integers(), st.integers(min_value=-(10**400), max_value=10**400),
                    st.floats(allow_nan=True, allow_infinity=True))
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, JSON_TEXT)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(JSON_TEXT, children, max_size=4)),
    max_leaves=20,
)
STATEMENT = {"actor": ACTOR, "verb": {"id": VERB, "display": {"de-DE": "abgeschlossen"}},
             "object": {"objectType": "Activity",
                        "id": "http://lernraum.test/xapi/activities/fuzz"}}
PATHS = [("actor",), ("actor", "mbox"), ("actor", "objectType"), ("verb",), ("verb", "id"),
         ("verb", "display"), ("object",), ("object", "id"), ("object", "objectType"),
         ("result",), ("context",), ("timestamp",), ("id",), ("authority",), ("version",),
         ("attachments",), ("result", "extensions")]
CONTENT_TYPES = st.sampled_from([
    "application/json", "application/json; charset=latin-1", "text/plain", "",
    "multipart/mixed", "multipart/mixed; boundary=x", "application/x-www-form-urlencoded",
    "application/octet-stream", "application/JSON", "image/png",
])
LRS_STATUSES = {200, 204, 400, 401, 403, 404, 405, 409, 412, 413}


@st.composite
def statement_bodies(draw) -> bytes:
    """A statement (or batch) with one property replaced by generated JSON, or nested deep,
    or broken text: serialised, then perhaps cut short or mangled."""
    kind = draw(st.sampled_from(["mutated", "batch", "deep", "raw", "text"]))
    if kind == "raw":
        return draw(st.binary(max_size=400))
    if kind == "text":
        return draw(JSON_TEXT).encode("utf-8", "surrogatepass")
    statement = json.loads(json.dumps(STATEMENT))
    if kind == "deep":
        depth = draw(st.integers(min_value=1, max_value=100_000))
        statement["result"] = {"extensions": {"http://x.org/e": "TIEF"}}
        text = json.dumps(statement).replace('"TIEF"', "[" * depth + "1" + "]" * depth)
        return text.encode()
    else:
        path = draw(st.sampled_from(PATHS))
        target = statement
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = draw(JSON_VALUES)
    value = [statement, draw(JSON_VALUES)] if kind == "batch" else statement
    text = json.dumps(value, ensure_ascii=draw(st.booleans()), allow_nan=True)
    cut = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=len(text))))
    return text[:cut].encode("utf-8", "surrogatepass") if cut is not None else text.encode(
        "utf-8", "surrogatepass")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _assert_lrs_answer(response) -> None:
    assert response.status_code in LRS_STATUSES, response.get_data(as_text=True)[:500]
    if response.status_code >= 400:
        body = response.get_json(silent=True)
        assert isinstance(body, dict) and body.get("error") is True and body.get("message")


@given(body=statement_bodies(), content_type=CONTENT_TYPES, method=st.sampled_from(["POST",
                                                                                    "PUT"]))
def test_the_statement_resource_answers_every_body(lrs, body, content_type, method):
    before = _count(XapiStatement)
    path = "/statements" + ("?statementId=9d0b5a52-7b0e-4fd7-a4a1-2f0d1c8e1a11"
                            if method == "PUT" else "")

    response = lrs.request(method, path, data=body, headers={"Content-Type": content_type})

    _assert_lrs_answer(response)
    if response.status_code not in (200, 204):
        assert _count(XapiStatement) == before


LIST_PARAMS = ["agent", "verb", "activity", "registration", "related_activities",
               "related_agents", "since", "until", "limit", "format", "attachments",
               "ascending", "more", "statementId", "voidedStatementId", "method", "wer"]


@given(params=st.dictionaries(st.sampled_from(LIST_PARAMS), TEXT, max_size=4),
       version=st.sampled_from(["1.0.3", "2.0.0", "1.0", "3.0", "", "abc"]))
def test_statement_queries_answer_every_parameter(lrs, params, version):
    response = lrs.get("/statements", query_string=params,
                       headers={"X-Experience-API-Version": version})

    _assert_lrs_answer(response)


@given(body=st.one_of(st.binary(max_size=300), JSON_VALUES.map(
           lambda value: json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass"))),
       content_type=CONTENT_TYPES, method=st.sampled_from(["PUT", "POST", "DELETE", "GET"]),
       state_id=TEXT, agent=st.one_of(st.just(json.dumps(ACTOR)), TEXT))
def test_the_state_resource_answers_every_document(lrs, body, content_type, method, state_id,
                                                   agent):
    before = [(d.document_id, d.content) for d in db.session.scalars(select(XapiDocument))]
    params = {"activityId": "http://lernraum.test/a", "agent": agent, "stateId": state_id}

    response = lrs.request(method, "/activities/state", query_string=params, data=body,
                           headers={"Content-Type": content_type})

    _assert_lrs_answer(response)
    db.session.expire_all()
    if response.status_code >= 400:
        assert [(d.document_id, d.content)
                for d in db.session.scalars(select(XapiDocument))] == before


@given(agent=st.one_of(TEXT, JSON_VALUES.map(lambda v: json.dumps(v, allow_nan=True))),
       resource=st.sampled_from(["/agents", "/agents/profile", "/activities",
                                 "/activities/profile"]))
def test_the_other_resources_answer_every_agent(lrs, agent, resource):
    response = lrs.get(resource, query_string={"agent": agent, "activityId": agent,
                                               "profileId": agent})

    _assert_lrs_answer(response)


# Upload ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def module_zip(tmp_path_factory) -> bytes:
    folder = write_module(tmp_path_factory.mktemp("fuzz"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


@st.composite
def mangled(draw, data: bytes) -> bytes:
    """``data`` cut short, with bytes overwritten, or with random bytes spliced in."""
    data = bytearray(data)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        where = draw(st.integers(min_value=0, max_value=len(data) - 1))
        action = draw(st.sampled_from(["cut", "flip", "splice"]))
        if action == "cut":
            data = data[:where]
        elif action == "flip":
            data[where] = draw(st.integers(min_value=0, max_value=255))
        else:
            data[where:where] = draw(st.binary(min_size=1, max_size=64))
        if not data:
            break
    return bytes(data)


@pytest.fixture
def author(make_user, login):
    user = make_user(roles=["author"])
    login(user)
    return user


def _multipart_file(data: bytes, filename: str, content_type: str) -> bytes:
    """Built by hand: Werkzeug's test client leaves bodies over 500 KB in an open file."""
    return (b'--f\r\nContent-Disposition: form-data; name="package"; filename="'
            + filename.encode("utf-8", "replace") + b'"\r\nContent-Type: '
            + content_type.encode("latin-1", "replace") + b"\r\n\r\n" + data + b"\r\n--f--\r\n")


@given(data=st.data(), filename=st.sampled_from(["modul.zip", "MODUL.ZIP", "modul.zip.exe",
                                                 "../../modul.zip", "modul", "ä ö ü.zip"]),
       content_type=st.sampled_from(["application/zip", "text/plain", "", "image/png"]))
def test_the_upload_answers_every_file(client, author, module_zip, data, filename,
                                       content_type):
    body = data.draw(st.one_of(mangled(module_zip), st.binary(max_size=200)))
    before = _count(Module)

    response = client.post("/autorenbereich/module",
                           data=_multipart_file(body, filename, content_type),
                           content_type="multipart/form-data; boundary=f")

    assert response.status_code in (200, 302, 400, 413, 422)
    page = response.get_data(as_text=True)
    accepted = response.status_code == 302 or "neu angelegt" in page
    if not accepted:
        assert _count(Module) == before
        assert "error-summary" in page or 'class="error-text"' in page or "Zu groß" in page


# Forms -----------------------------------------------------------------------------------

FORM_STATUSES = {200, 302, 400, 401, 413, 422, 429}


def _user_row(user_id: int) -> tuple:
    db.session.expire_all()
    user = db.session.get(User, user_id)
    return (user.email, user.name, user.organisation_id, user.locale, user.password_hash,
            user.active)


@given(name=TEXT, email=TEXT, password=TEXT, organisation=TEXT)
def test_registration_answers_every_input(client, name, email, password, organisation):
    before = _count(User)

    response = client.post("/registrieren", data={
        "name": name, "email": email, "password": password, "password_repeat": password,
        "organisation": organisation})

    assert response.status_code in FORM_STATUSES
    if "Fast geschafft" not in response.get_data(as_text=True):
        assert _count(User) == before


@settings(max_examples=max(8, settings.default.max_examples // 3))  # each costs a hash
@given(email=TEXT, password=TEXT, remember=TEXT)
def test_login_answers_every_input(client, make_user, email, password, remember):
    response = client.post("/anmelden", data={"email": email, "password": password,
                                              "remember": remember})

    assert response.status_code in FORM_STATUSES
    assert response.status_code != 302  # no generated password is anyone's


def _logged_in(app, user):
    client = app.test_client()
    assert client.post("/anmelden", data={"email": user.email,
                                          "password": PASSWORD}).status_code == 302
    return client


def _saved(response) -> bool:
    """A redirect after a save (not one to the login page: the session must hold)."""
    if response.status_code != 302:
        return False
    assert "/anmelden" not in response.headers["Location"]
    return True


@pytest.fixture
def person(make_user):
    return make_user()


@pytest.fixture
def person_browser(app, person):
    return _logged_in(app, person)


@given(name=TEXT, locale=TEXT, organisation=TEXT)
def test_the_profile_answers_every_input(person, person_browser, name, locale, organisation):
    before = _user_row(person.id)

    response = person_browser.post("/konto", data={"name": name, "locale": locale})
    if not _saved(response):
        assert _user_row(person.id) == before
    asked = person_browser.post("/konto/organisation", data={"organisation": organisation})

    assert {response.status_code, asked.status_code} <= FORM_STATUSES
    assert asked.status_code in (400, 422) or _saved(asked)


@pytest.fixture
def wiki_author(app, make_user):
    app.extensions["lms_seeders"]["Wiki und Seminare"]()
    return _logged_in(app, make_user(roles=["author"]))


def _wiki_row() -> tuple:
    db.session.expire_all()
    page = db.session.scalar(select(WikiPage).where(WikiPage.slug == "buergerbus-gruenden"))
    return (page.title, page.summary, page.body, page.kind, page.updated_at)


@given(title=TEXT, summary=TEXT, body=TEXT, kind=TEXT, note=TEXT, topics=TEXT,
       base_revision=TEXT)
def test_the_wiki_editor_answers_every_input(wiki_author, title, summary, body, kind, note,
                                            topics, base_revision):
    before = _wiki_row()

    response = wiki_author.post("/wiki/buergerbus-gruenden/bearbeiten", data={
        "title": title, "summary": summary, "body": body, "kind": kind, "note": note,
        "topics": topics, "base_revision": base_revision, "submit": "Speichern"})

    assert response.status_code in FORM_STATUSES
    if not _saved(response):
        assert _wiki_row() == before


@pytest.fixture
def admin_browser(app, make_user):
    return _logged_in(app, make_user(roles=["admin"]))


@given(name=TEXT, organisation=TEXT, roles=st.lists(TEXT, max_size=3))
def test_the_admin_user_form_answers_every_input(admin_browser, person, name, organisation,
                                                 roles):
    before = _user_row(person.id)

    response = admin_browser.post(f"/admin/nutzer/{person.id}", data={
        "name": name, "organisation": organisation, "roles": roles})

    assert response.status_code in FORM_STATUSES
    if not _saved(response):
        assert _user_row(person.id) == before
