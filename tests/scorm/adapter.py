"""Acting as the API adapter in tests: launch a SCO through the player, then start, commit
and finish its session at the runtime endpoint, as lms/static/scorm/api.js does."""

import json
import re

from lms.catalog.models import Module

CONTENT_ORIGIN = "http://inhalte.lernraum.test"


def unit_key(module: Module, publisher_id: str) -> str:
    return next(u["key"] for u in module.current_version.content["units"]
                if u["publisher_id"] == publisher_id)


class Adapter:
    """One launched SCO session (its token from the frame's fragment)."""

    def __init__(self, client, html: str):
        self.client = client
        self.html = html
        src = re.search(r'<iframe[^>]* id="scorm-frame" src="([^"]+)"', html)[1]
        self.url = src.replace("&amp;", "&")
        self.token = self.url.split("#t=", 1)[1] if "#t=" in self.url else None
        self.sequence = 0
        self.state = None

    def post(self, path: str, body, *, origin: str | None = CONTENT_ORIGIN):
        headers = {"Origin": origin} if origin else {}
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return self.client.post(f"/scorm/laufzeit/{path}", data=data, headers=headers,
                                content_type="text/plain;charset=UTF-8")

    def start(self) -> dict:
        response = self.post("start", {"token": self.token})
        assert response.status_code == 200, response.get_data(as_text=True)
        self.state = response.get_json()
        return self.state

    def commit(self, *pairs, initialize=False, finish=False, implicit=False, expect=200):
        self.sequence += 1
        response = self.post("commit", {
            "token": self.token, "sequence": self.sequence, "set": [list(p) for p in pairs],
            "initialize": initialize, "finish": finish, "implicit": implicit})
        assert response.status_code == expect, response.get_data(as_text=True)
        return response

    def values(self) -> dict:
        return self.state["values"]


def launch(client, module: Module, publisher_id: str, nav: str = "choice",
           expect: int = 200) -> Adapter:
    """Launch a unit as the learner does from the table of contents."""
    key = unit_key(module, publisher_id)
    response = client.post(f"/lernen/{module.slug}/einheit/{key}", data={"nav": nav})
    assert response.status_code == expect, response.get_data(as_text=True)
    return Adapter(client, response.get_data(as_text=True)) if expect == 200 else response
