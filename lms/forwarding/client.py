"""Sending statements to an external LRS over HTTP, exactly as they are stored.

TinCanPython (``tincan``, used to build Lernraum's own statements) is not used here: it
speaks xAPI 1.0.x only (its ``about()`` fails against an LRS that lists 2.0.0) and it
rebuilds statements through its own classes, which drop what they do not model (2.0.0
``contextAgents``/``contextGroups``, for example). Forwarding must send the stored JSON
unchanged, so a plain POST with the standard library's HTTP client is the faithful choice.
"""

import base64
import http.client
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Answer:
    """What the remote LRS said: HTTP status and the start of its body."""

    status: int
    text: str

    @property
    def stored(self) -> bool:
        return self.status in (200, 204)

    @property
    def refused(self) -> bool:
        """A 4xx the statements themselves caused: sending them again cannot help."""
        return 400 <= self.status < 500 and self.status not in (401, 403, 404, 408, 429)


class Unreachable(ConnectionError):
    """The remote LRS did not answer (down, refused, timed out)."""


def post_statements(endpoint: str, username: str, password: str, version: str,
                    statements: list[str]) -> Answer:
    """POST JSON statement texts as one batch to ``<endpoint>/statements``."""
    parts = urlsplit(endpoint.rstrip("/") + "/statements")
    connection_class = (http.client.HTTPSConnection if parts.scheme == "https"
                        else http.client.HTTPConnection)
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": version}
    if username or password:
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    body = ("[" + ",".join(statements) + "]").encode()
    connection = connection_class(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request("POST", parts.path or "/statements", body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(2000).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as error:
        raise Unreachable(f"{parts.netloc}: {error}") from error
    finally:
        connection.close()
    return Answer(response.status, text)


def for_version(document: str, version: str) -> str:
    """The stored JSON, with ``version`` lowered to 1.0.0 for a 1.0.x LRS."""
    if not version.startswith("1."):
        return document
    statement = json.loads(document)
    if not str(statement.get("version", "1.0.0")).startswith("1."):
        statement["version"] = "1.0.0"
        return json.dumps(statement, separators=(",", ":"), ensure_ascii=False)
    return document
