"""Signed statements: well-formed JWS, payload equal to the statement, x5c signature verified."""

import base64
import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from lms.xapi.validation import SIGNATURE_USAGE

HASHES = {"RS256": hashes.SHA256(), "RS384": hashes.SHA384(), "RS512": hashes.SHA512()}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _certificate(key) -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kommune Musterstadt")])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - timedelta(days=1))
                   .not_valid_after(now + timedelta(days=30))
                   .sign(key, hashes.SHA256()))
    return base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def sign(statement: dict, key, *, alg="RS256", certificate_key=None, x5c=True) -> str:
    header = {"alg": alg}
    if x5c:
        header["x5c"] = [_certificate(certificate_key or key)]
    signing_input = f"{_b64url(json.dumps(header).encode())}." \
                    f"{_b64url(json.dumps(statement).encode())}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), HASHES[alg])
    return f"{signing_input}.{_b64url(signature)}"


def post_signed(lrs, statement: dict, jws: str):
    content = jws.encode()
    sha2 = hashlib.sha256(content).hexdigest()
    signed = {**statement, "attachments": [{
        "usageType": SIGNATURE_USAGE, "display": {"de-DE": "Signatur"},
        "contentType": "application/octet-stream", "length": len(content), "sha2": sha2}]}
    body = (f"--grenze\r\nContent-Type: application/json\r\n\r\n{json.dumps(signed)}\r\n"
            f"--grenze\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Transfer-Encoding: binary\r\nX-Experience-API-Hash: {sha2}\r\n\r\n"
            ).encode() + content + b"\r\n--grenze--\r\n"
    return lrs.post("/statements", data=body,
                    headers={"Content-Type": 'multipart/mixed; boundary="grenze"'})


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
def test_statement_signed_with_its_certificate_is_stored(lrs, make_statement, rsa_key, alg):
    statement = make_statement()
    response = post_signed(lrs, statement, sign(statement, rsa_key, alg=alg))

    assert response.status_code == 200, response.get_json()


def test_signature_by_another_key_than_the_certificate_is_400(lrs, make_statement, rsa_key):
    statement = make_statement()
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    response = post_signed(lrs, statement, sign(statement, other, certificate_key=rsa_key))

    assert response.status_code == 400
    assert "does not verify" in response.get_json()["message"]
    assert lrs.get("/statements").get_json()["statements"] == []


def test_tampered_signature_is_400(lrs, make_statement, rsa_key):
    statement = make_statement()
    head, payload, signature = sign(statement, rsa_key).split(".")
    flipped = _b64url(bytes([base64.urlsafe_b64decode(signature + "==")[0] ^ 1])
                      + base64.urlsafe_b64decode(signature + "==")[1:])

    assert post_signed(lrs, statement, f"{head}.{payload}.{flipped}").status_code == 400


def test_payload_of_another_statement_is_400(lrs, make_statement, rsa_key):
    statement = make_statement()
    other = make_statement(verb={"id": "http://adlnet.gov/expapi/verbs/failed"})
    response = post_signed(lrs, statement, sign(other, rsa_key))

    assert response.status_code == 400
    assert "does not match" in response.get_json()["message"]


def test_certificate_with_a_non_rsa_key_is_400(lrs, make_statement, rsa_key):
    statement = make_statement()
    response = post_signed(lrs, statement,
                           sign(statement, rsa_key, certificate_key=ec.generate_private_key(
                               ec.SECP256R1())))

    assert response.status_code == 400
    assert "RSA" in response.get_json()["message"]


def test_broken_x5c_is_400(lrs, make_statement, rsa_key):
    statement = make_statement()
    header = _b64url(json.dumps({"alg": "RS256", "x5c": ["kein Zertifikat"]}).encode())
    jws = f"{header}.{_b64url(json.dumps(statement).encode())}.{_b64url(b'x')}"

    assert post_signed(lrs, statement, jws).status_code == 400


def test_signed_without_certificate_is_stored_unverified(lrs, make_statement, rsa_key):
    statement = make_statement()

    assert post_signed(lrs, statement, sign(statement, rsa_key, x5c=False)).status_code == 200


def test_unsupported_algorithm_is_400(lrs, make_statement, rsa_key):
    statement = make_statement()
    header = _b64url(json.dumps({"alg": "HS256"}).encode())
    jws = f"{header}.{_b64url(json.dumps(statement).encode())}.{_b64url(b'x')}"

    assert post_signed(lrs, statement, jws).status_code == 400
