"""Statement bodies with attachments: multipart/mixed in and out, attachment checks."""

import hashlib
import json
import re
import secrets
from dataclasses import dataclass

from lms.xapi import jsontext
from lms.xapi.formats import StatementError
from lms.xapi.signatures import check_signature
from lms.xapi.validation import SIGNATURE_USAGE

BOUNDARY_RE = re.compile(r'boundary="?([^";]+)"?', re.IGNORECASE)
HASHES = {64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512, 56: hashlib.sha224}


@dataclass
class Part:
    """One part of a multipart body."""

    headers: dict[str, str]
    content: bytes


def parse_multipart(body: bytes, content_type: str) -> list[Part]:
    """Split a multipart/mixed body into parts; raise on a missing or broken boundary."""
    match = BOUNDARY_RE.search(content_type)
    if not match:
        raise StatementError("Content-Type: multipart/mixed needs a boundary")
    delimiter = b"--" + match.group(1).strip().encode()
    chunks = body.split(delimiter)
    if len(chunks) < 3 or not chunks[-1].startswith(b"--"):
        raise StatementError("multipart: body is not delimited by the declared boundary")
    parts = []
    for chunk in chunks[1:-1]:
        if chunk.startswith(b"\r\n"):
            chunk = chunk[2:]
        if chunk.endswith(b"\r\n"):
            chunk = chunk[:-2]
        head, separator, content = chunk.partition(b"\r\n\r\n")
        if not separator:
            raise StatementError("multipart: a part has no header section")
        headers = {}
        for line in head.decode("latin-1").split("\r\n"):
            if ":" in line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        parts.append(Part(headers, content))
    if not parts:
        raise StatementError("multipart: body has no parts")
    return parts


def statements_and_attachments(body: bytes, content_type: str):
    """The statement JSON and the attachment contents ``{sha2: (type, bytes)}`` of a body."""
    parts = parse_multipart(body, content_type)
    first = parts[0]
    if first.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise StatementError("multipart: the first part must be application/json statements")
    try:
        statements = jsontext.loads(first.content)
    except jsontext.JsonTextError as error:
        raise StatementError(f"multipart: the first part is not valid JSON ({error})") from error
    contents = {}
    for part in parts[1:]:
        sha2 = part.headers.get("x-experience-api-hash")
        if not sha2:
            raise StatementError("multipart: an attachment part lacks X-Experience-API-Hash")
        if part.headers.get("content-transfer-encoding", "").lower() != "binary":
            raise StatementError("multipart: Content-Transfer-Encoding must be binary")
        digest = HASHES.get(len(sha2))
        if digest is None or digest(part.content).hexdigest() != sha2.lower():
            raise StatementError("multipart: X-Experience-API-Hash does not match the content")
        contents[sha2.lower()] = (part.headers.get("content-type", "application/octet-stream"),
                                  part.content)
    return statements, contents


def declared_attachments(statements: list[dict]) -> list[dict]:
    """Every attachment object of the statements, sub-statements included."""
    found = []
    for statement in statements:
        found.extend(statement.get("attachments") or [])
        obj = statement.get("object") or {}
        if obj.get("objectType") == "SubStatement":
            found.extend(obj.get("attachments") or [])
    return found


def check_attachments(statements: list[dict], contents: dict) -> None:
    """Every attachment without fileUrl has its part, and no part is left over."""
    declared = declared_attachments(statements)
    wanted = {a["sha2"].lower() for a in declared}
    for attachment in declared:
        if "fileUrl" not in attachment and attachment["sha2"].lower() not in contents:
            raise StatementError(f"attachments: no content sent for sha2 {attachment['sha2']}")
    extra = set(contents) - wanted
    if extra:
        raise StatementError("multipart: a part does not belong to any attachment")
    for statement in statements:
        for attachment in statement.get("attachments") or []:
            if attachment["usageType"] == SIGNATURE_USAGE:
                check_signature(statement, attachment, contents)


def build_multipart(statement_result, attachments: dict[str, tuple[str, bytes]]):
    """A multipart/mixed body (JSON first, then each attachment) and its content type."""
    boundary = "lernraum-" + secrets.token_hex(12)
    chunks = [f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(),
              json.dumps(statement_result, ensure_ascii=False).encode(), b"\r\n"]
    for sha2, (content_type, content) in attachments.items():
        chunks.append(
            f"--{boundary}\r\nContent-Type: {content_type}\r\n"
            f"Content-Transfer-Encoding: binary\r\nX-Experience-API-Hash: {sha2}\r\n\r\n".encode())
        chunks.extend([content, b"\r\n"])
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f'multipart/mixed; boundary="{boundary}"'
