"""Fixtures for the LRS: clients with scopes, request helpers, statement builders."""

import base64
import json
import uuid
from collections.abc import Callable

import pytest

from lms.xapi import services

ACTOR = {"objectType": "Agent", "mbox": "mailto:lernende@beispiel.de", "name": "Lernende"}
VERB = "http://adlnet.gov/expapi/verbs/completed"
ACTIVITY = "http://lernraum.test/xapi/activities/module/mobilitaet"


@pytest.fixture(autouse=True)
def _forget_process_memory(app):
    """Tables are emptied after each test; what the process remembers of them must follow."""
    yield
    app.extensions.pop("xapi_activity_definitions", None)
    app.extensions.pop("xapi_clients_seen", None)


def basic(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


@pytest.fixture
def make_statement() -> Callable[..., dict]:
    """Builder for valid statements; keyword arguments replace top-level properties."""

    def build(**fields) -> dict:
        statement = {"actor": ACTOR, "verb": {"id": VERB, "display": {"de-DE": "abgeschlossen"}},
                     "object": {"objectType": "Activity", "id": ACTIVITY}}
        statement.update(fields)
        return statement

    return build


@pytest.fixture
def lrs_auth(app) -> Callable[..., dict]:
    """Headers (Basic auth + version) for a new LRS client with ``scopes``."""

    def build(*scopes: str, version: str = "2.0.0") -> dict:
        client, secret = services.create_client("Testwerkzeug", scopes or ("read", "write"))
        return {"Authorization": basic(client.key, secret), "X-Experience-API-Version": version}

    return build


@pytest.fixture
def lrs(client, lrs_auth):
    """A small LRS test client: ``lrs.post(path, json=...)`` etc. with read/write auth."""

    class Lrs:
        headers = lrs_auth("read", "write")

        def request(self, method, path, *, version=None, headers=None, **kwargs):
            sent = dict(self.headers)
            if version:
                sent["X-Experience-API-Version"] = version
            sent.update(headers or {})
            return client.open("/xapi" + path, method=method, headers=sent, **kwargs)

        def get(self, path, **kwargs):
            return self.request("GET", path, **kwargs)

        def post(self, path, **kwargs):
            return self.request("POST", path, **kwargs)

        def put(self, path, **kwargs):
            return self.request("PUT", path, **kwargs)

        def delete(self, path, **kwargs):
            return self.request("DELETE", path, **kwargs)

    return Lrs()


def agent_param(agent: dict = ACTOR) -> str:
    return json.dumps(agent)


def new_id() -> str:
    return str(uuid.uuid4())
