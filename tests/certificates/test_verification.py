"""The public verification page: valid, revoked, replaced, unknown, malformed; rate limited."""

import pytest

from lms.certificates import services
from lms.certificates.codes import format_code, generate_code
from lms.extensions import db


@pytest.fixture
def certificate(completed_course, issue_course):
    learner, course, _ = completed_course
    return issue_course(learner, course)


def _page(client, code: str) -> str:
    response = client.get(f"/nachweis/{code}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_valid_code_shows_minimal_data(client, certificate):
    page = _page(client, format_code(certificate.code))
    assert "Gültiger Nachweis" in page
    assert "Annegret Müller" in page and "Demografischen Wandel gestalten" in page
    assert certificate.user.email not in page
    assert "Grundlagen des demografischen Wandels" not in page


def test_code_is_accepted_in_lower_case_without_dashes(client, certificate):
    assert "Gültiger Nachweis" in _page(client, certificate.code.lower())


def test_revoked_code_shows_the_date(client, make_user, certificate):
    services.revoke(certificate, "interner Grund", make_user(roles=["admin"]))
    page = _page(client, certificate.code)
    assert "Widerrufen" in page and "widerrufen und ist nicht mehr gültig" in page
    assert "interner Grund" not in page


def test_replaced_code_links_to_the_replacement(client, make_user, certificate):
    certificate.user.name = "Annegret Schulze"
    db.session.commit()
    replacement = services.reissue(certificate, make_user(roles=["admin"]))
    page = _page(client, certificate.code)
    assert "Ersetzt" in page
    assert f"/nachweis/{format_code(replacement.code)}" in page
    assert "Gültiger Nachweis" in _page(client, replacement.code)


def test_unknown_code_says_so(client):
    page = _page(client, generate_code())
    assert "Unbekannter Prüfcode" in page


def test_typo_gets_a_clear_answer(client, certificate):
    wrong = "2" if certificate.code[3] != "2" else "3"
    typo = certificate.code[:3] + wrong + certificate.code[4:]
    page = _page(client, typo)
    assert "Kein gültiger Prüfcode" in page and "Tippfehler" in page


def test_garbage_gets_a_clear_answer(client):
    page = _page(client, "<script>alert(1)</script>")
    assert "Kein gültiger Prüfcode" in page
    assert "<script>alert" not in page


def test_form_redirects_to_the_result(client, certificate):
    response = client.get("/nachweis", query_string={"code": certificate.code.lower()})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/nachweis/{format_code(certificate.code)}")


def test_form_shows_the_error_for_a_malformed_code(client):
    page = client.get("/nachweis", query_string={"code": "ABC"}).get_data(as_text=True)
    assert "Bitte prüfen Sie Ihre Eingaben" in page and "16 Zeichen" in page


def test_empty_form_is_shown_without_errors(client):
    page = client.get("/nachweis").get_data(as_text=True)
    assert "Nachweis prüfen" in page and "Bitte prüfen Sie Ihre Eingaben" not in page


def test_verification_is_rate_limited_per_address(client):
    code = generate_code()
    statuses = [client.get(f"/nachweis/{code}").status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    other = client.get(f"/nachweis/{code}", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200
