"""Every limit is in the README's one table "Grenzen", as the code has it, and holds."""

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.accounts.models import User
from lms.accounts.passwords import MAX_LENGTH as PASSWORD_MAX
from lms.config import build_config
from lms.core import limits as page_limits
from lms.extensions import db
from lms.packages import archive
from lms.player.scoring import MAX_ANSWER_TEXT, MAX_GAP_TEXT
from lms.xapi import jsontext
from lms.xapi import limits as lrs_limits
from lms.xapi.models import XapiDocument, XapiStatement
from tests.conftest import PASSWORD
from tests.security.form_limits import UNBOUNDED, lms_forms, number, readme_row, text_fields
from tests.xapi.conftest import ACTOR, VERB

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()
MIB, KIB = 1024 * 1024, 1024


def _table() -> str:
    return README.split("## Grenzen", 1)[1].split("\n## ", 1)[0]


def _size(value: int) -> str:
    return f"{value // MIB} MiB" if value % MIB == 0 else f"{value // KIB} KiB"


def test_every_text_field_of_every_form_has_a_length_limit(app):
    with app.test_request_context():
        missing = [f"{form.__name__}.{name}" for form in lms_forms()
                   for name, _label, limit in text_fields(form)
                   if limit is None and (form.__name__, name) not in UNBOUNDED]

    assert missing == []


def test_the_readme_lists_every_form_with_its_limits(app):
    with app.test_request_context():
        expected = {row for row in map(readme_row, lms_forms()) if row}
    listed = {line for line in _table().splitlines() if line.startswith("| Formular `")}

    assert expected - listed == set(), "README-Zeilen fehlen oder stimmen nicht:\n" + "\n".join(
        sorted(expected - listed))
    assert listed - expected == set(), "README nennt Formulare, die es so nicht gibt"


@pytest.mark.parametrize("row", [
    f"| Anfrage an eine Seite (Formulare, Schaltflächen) | {_size(page_limits.FORM_BODY_BYTES)}; "
    f"Textfelder eines Formulars zusammen {number(page_limits.FORM_FIELDS_BYTES)} Bytes, höchstens "
    f"{number(page_limits.FORM_PARTS)} Felder |",
    f"| Inhalt eines Lernraum-Moduls (ZIP) | {archive.MAX_FILES} Dateien, je "
    f"{_size(archive.MAX_FILE_BYTES)}, zusammen {_size(archive.MAX_TOTAL_BYTES)}, Packrate "
    f"höchstens {archive.MAX_RATIO} : 1 |",
    "| LRS: Anfrage an `/xapi/statements`, Anhänge eingeschlossen | "
    f"{_size(lrs_limits.STATEMENTS_BODY_BYTES)} |",
    f"| LRS: ein Statement (als JSON, ohne Anhänge) | {_size(lrs_limits.MAX_STATEMENT_BYTES)} |",
    f"| LRS: Statements in einem POST | {number(lrs_limits.MAX_BATCH)} |",
    "| LRS: Anhänge | zusammen mit den Statements in den "
    f"{_size(lrs_limits.STATEMENTS_BODY_BYTES)} der Anfrage |",
    "| LRS: ein Dokument (State, Activity Profile, Agent Profile) | "
    f"{_size(lrs_limits.DOCUMENT_BODY_BYTES)} |",
    f"| LRS: jede andere Anfrage | {_size(lrs_limits.OTHER_BODY_BYTES)} |",
    f"| JSON an das LRS (Körper, Teile, Parameter, Signaturen, `more`) | {jsontext.MAX_DEPTH} "
    "Ebenen tief;",
    "| LRS: Kennung eines Dokuments (activityId, Agent, stateId/profileId) | "
    f"{XapiDocument.document_id.type.length} Zeichen; Content-Type "
    f"{XapiDocument.content_type.type.length} Zeichen |",
    "| Geschriebene Antwort einer Übung (Selbstcheck, Reflexion) | "
    f"{number(MAX_ANSWER_TEXT)} Zeichen |",
    f"| Eine Lücke eines Lückentexts | {number(MAX_GAP_TEXT)} Zeichen |",
])
def test_the_readme_row_matches_the_code(row):
    assert row in _table()


def test_the_upload_limit_in_the_readme_is_the_default(tmp_path, monkeypatch):
    monkeypatch.delenv("LMS_MAX_UPLOAD_MB", raising=False)
    default_mb = build_config(tmp_path, "x" * 40)["MAX_CONTENT_LENGTH"] // MIB

    assert "| `LMS_MAX_UPLOAD_MB` | größte Upload-Datei in MB" in README
    assert re.search(rf"`LMS_MAX_UPLOAD_MB`[^\n]*\| `{default_mb}` \|", README)
    assert f"`LMS_MAX_UPLOAD_MB`, Vorgabe {default_mb} MB" in _table()


def test_passwords_have_a_limit_too():
    assert f"Passwort {number(PASSWORD_MAX)}" in _table()


# The limits hold -------------------------------------------------------------------------

def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def _statements() -> int:
    return db.session.scalar(select(func.count()).select_from(XapiStatement))


def _statement(**fields) -> dict:
    return {"actor": ACTOR, "verb": {"id": VERB},
            "object": {"id": "http://lernraum.test/xapi/activities/x"}, **fields}


def _register(client, **fields):
    return client.post("/registrieren", data={
        "name": "Erika Beispiel", "email": "erika@beispiel.de", "organisation": "0",
        "password": PASSWORD, "password_repeat": PASSWORD, **fields})


def test_a_page_body_over_the_limit_gets_the_german_413_page(client):
    response = _register(client, name="x" * (page_limits.FORM_BODY_BYTES + 1))

    assert response.status_code == 413
    assert "Zu groß" in response.get_data(as_text=True)
    assert _users() == 0


def test_a_field_over_its_limit_gets_a_message_next_to_it(client):
    response = _register(client, name="x" * 121)

    assert response.status_code == 200
    assert "error-summary" in response.get_data(as_text=True)
    assert _users() == 0


def test_a_nul_character_gets_an_explanation_and_nothing_is_stored(client):
    response = _register(client, name="Erika\x00Beispiel")

    assert response.status_code == 400
    assert "Steuerzeichen (NUL)" in response.get_data(as_text=True)
    assert _users() == 0


def _xapi_error(response, status: int) -> str:
    assert response.status_code == status
    body = response.get_json()
    assert body["error"] is True and body["message"]
    assert response.headers["X-Experience-API-Version"]
    return body["message"]


def test_a_batch_over_the_limit_is_413_with_the_xapi_error_body(lrs):
    batch = [_statement() for _ in range(lrs_limits.MAX_BATCH + 1)]

    message = _xapi_error(lrs.post("/statements", json=batch), 413)

    assert "at most 1000" in message
    assert _statements() == 0


def test_a_full_batch_is_taken(lrs):
    batch = [_statement() for _ in range(lrs_limits.MAX_BATCH)]

    assert lrs.post("/statements", json=batch).status_code == 200
    assert _statements() == lrs_limits.MAX_BATCH


def test_a_statement_over_the_limit_is_413(lrs):
    big = _statement(result={"response": "x" * lrs_limits.MAX_STATEMENT_BYTES})

    message = _xapi_error(lrs.post("/statements", json=[_statement(), big]), 413)

    assert message.startswith("statements[1]:")
    assert _statements() == 0


def test_a_statements_body_over_the_limit_is_413(lrs):
    body = b"[" + b" " * lrs_limits.STATEMENTS_BODY_BYTES + b"]"

    _xapi_error(lrs.post("/statements", data=body,
                         headers={"Content-Type": "application/json"}), 413)
    assert _statements() == 0


def test_a_document_over_the_limit_is_413(lrs):
    response = lrs.put("/activities/state", query_string={
        "activityId": "http://lernraum.test/a", "agent": json.dumps(ACTOR), "stateId": "s"},
        data=b"x" * (lrs_limits.DOCUMENT_BODY_BYTES + 1),
        headers={"Content-Type": "application/octet-stream"})

    _xapi_error(response, 413)
    assert db.session.scalar(select(func.count()).select_from(XapiDocument)) == 0


def test_any_other_lrs_request_with_a_big_body_is_413(lrs):
    _xapi_error(lrs.request("GET", "/about", data=b"x" * (lrs_limits.OTHER_BODY_BYTES + 1)),
                413)


def _nested(depth: int):
    value = "innen"
    for _ in range(depth):
        value = {"tiefer": value}
    return value


def test_json_up_to_the_depth_limit_is_taken_one_level_more_is_400(lrs):
    # The statement and its result and extensions take three levels themselves.
    fits = _statement(result={"extensions": {"http://x.org/e": _nested(jsontext.MAX_DEPTH - 3)}})
    deeper = _statement(result={"extensions": {"http://x.org/e": _nested(jsontext.MAX_DEPTH - 2)}})

    assert lrs.post("/statements", json=fits).status_code == 200
    message = _xapi_error(lrs.post("/statements", json=deeper), 400)
    assert f"nested deeper than {jsontext.MAX_DEPTH} levels" in message
    assert _statements() == 1
