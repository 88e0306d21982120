"""Signed statements: the JWS attachment must be well formed, match, and verify.

xAPI (1.0.3 and 2.0.0, "Signed Statements"): the LRS decodes the JWS, checks that its
payload is logically the statement it came with, and, when the JWS header carries an
X.509 certificate (``x5c``), validates the signature against that certificate. Without
a certificate there is nothing to verify against; such statements are stored as sent.
"""

import base64
import binascii

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from lms.xapi import jsontext
from lms.xapi.formats import StatementError
from lms.xapi.storage import comparable

SIGNING_HASHES = {"RS256": hashes.SHA256, "RS384": hashes.SHA384, "RS512": hashes.SHA512}
IGNORED_IN_SIGNATURE = ("id", "authority", "stored", "version", "attachments", "timestamp")


def _b64url(segment: str, name: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (ValueError, binascii.Error) as error:
        raise StatementError(f"signature: the JWS {name} is not base64url") from error


def _b64json(segment: str, name: str) -> dict:
    try:
        value = jsontext.loads(_b64url(segment, name))
    except jsontext.JsonTextError as error:
        raise StatementError(f"signature: the JWS {name} is not base64url JSON") from error
    if not isinstance(value, dict):
        raise StatementError(f"signature: the JWS {name} must be a JSON object")
    return value


def _certificate_key(header: dict) -> rsa.RSAPublicKey:
    """The RSA public key of the first certificate in ``x5c`` (standard base64 DER)."""
    chain = header["x5c"]
    if not isinstance(chain, list) or not chain or not isinstance(chain[0], str):
        raise StatementError("signature: x5c must be a non-empty array of certificates")
    try:
        certificate = x509.load_der_x509_certificate(base64.b64decode(chain[0], validate=True))
    except (ValueError, binascii.Error) as error:
        raise StatementError("signature: x5c[0] is not a base64 DER certificate") from error
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise StatementError("signature: the x5c certificate must hold an RSA key")
    return key


def verify_jws(jws: str) -> dict:
    """The header and payload of a compact JWS; its signature verified when it has ``x5c``."""
    segments = jws.strip().split(".")
    if len(segments) != 3:
        raise StatementError("signature: the JWS must have three segments")
    header = _b64json(segments[0], "header")
    algorithm = SIGNING_HASHES.get(header.get("alg"))
    if algorithm is None:
        raise StatementError("signature: alg must be RS256, RS384 or RS512")
    payload = _b64json(segments[1], "payload")
    if "x5c" in header:
        signature = _b64url(segments[2], "signature")
        signed = f"{segments[0]}.{segments[1]}".encode("ascii")
        try:
            _certificate_key(header).verify(signature, signed, padding.PKCS1v15(), algorithm())
        except InvalidSignature as error:
            raise StatementError(
                "signature: the JWS signature does not verify against its x5c certificate"
            ) from error
    return payload


def check_signature(statement: dict, attachment: dict, contents: dict) -> None:
    """A signed statement carries a JWS (RS256/384/512) whose payload is the statement."""
    if attachment["contentType"] != "application/octet-stream":
        raise StatementError("signature: contentType must be application/octet-stream")
    content = contents.get(attachment["sha2"].lower())
    if content is None:
        raise StatementError("signature: the JWS content is missing")
    try:
        jws = content[1].decode("ascii")
    except UnicodeDecodeError as error:
        raise StatementError("signature: the JWS must be compact serialisation") from error
    payload = verify_jws(jws)
    if comparable(payload, IGNORED_IN_SIGNATURE) != comparable(statement, IGNORED_IN_SIGNATURE):
        raise StatementError("signature: the JWS payload does not match the statement")
