"""Acting as launched content in tests: an AU that reads its launch URL, fetches its token and
talks to the LRS as a cmi5 AU or a Tin Can package would."""

import base64
import json
import uuid
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from lms.packages import services

CMI5 = "https://w3id.org/xapi/cmi5/"
CATEGORY = CMI5 + "context/categories/cmi5"
MOVE_ON = CMI5 + "context/categories/moveon"
SESSION = CMI5 + "context/extensions/sessionid"
MASTERY = CMI5 + "context/extensions/masteryscore"
ADL = "http://adlnet.gov/expapi/verbs/"


def import_package(data: bytes, filename: str = "paket.zip", *, publish: bool = True,
                   user=None):
    """Import a package as an author would; asserts it was stored."""
    report = services.import_upload(data, filename, publish=publish,
                                    uploaded_by=user.id if user else None)
    assert report.stored, [str(error) for error in report.errors]
    return report


def launch_parameters(url: str) -> dict[str, str]:
    """The query parameters of a launch URL (one value each)."""
    return {name: values[-1] for name, values in parse_qs(urlsplit(url).query).items()}


def now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class ContentSession:
    """One launch of content, speaking to the LRS through the Flask test client."""

    def __init__(self, client, launch_url: str, *, version: str = "1.0.3"):
        self.client = client
        self.url = launch_url
        self.params = launch_parameters(launch_url)
        self.version = version
        self.auth = self.params.get("auth")
        self.launch_data = None

    @property
    def actor(self) -> dict:
        return json.loads(self.params["actor"])

    @property
    def registration(self) -> str:
        return self.params["registration"]

    @property
    def activity_id(self) -> str:
        return self.params.get("activityId") or self.params.get("activity_id")

    def path(self, resource: str) -> str:
        endpoint = urlsplit(self.params["endpoint"])
        return endpoint.path.rstrip("/") + "/" + resource

    def fetch(self):
        """cmi5 8.2: POST to the fetch URL (the first time gives the token)."""
        return self.client.post(urlsplit(self.params["fetch"]).path)

    def start(self) -> "ContentSession":
        """Fetch the token and read LMS.LaunchData, as a cmi5 AU does first."""
        body = self.fetch().get_json()
        self.auth = "Basic " + body["auth-token"]
        self.launch_data = self.get_state("LMS.LaunchData").get_json()
        self.preferences = self.client.get(self.path("agents/profile"), query_string={
            "agent": json.dumps(self.actor), "profileId": "cmi5LearnerPreferences"},
            headers=self.headers())
        return self

    def headers(self, **extra) -> dict:
        return {"Authorization": self.auth, "X-Experience-API-Version": self.version, **extra}

    def get_state(self, state_id: str, *, registration: str | None = "own", agent=None):
        query = {"activityId": self.activity_id, "agent": json.dumps(agent or self.actor),
                 "stateId": state_id}
        if registration:
            query["registration"] = self.registration if registration == "own" else registration
        return self.client.get(self.path("activities/state"), query_string=query,
                               headers=self.headers())

    def put_state(self, state_id: str, value, *, registration: str | None = "own", agent=None):
        query = {"activityId": self.activity_id, "agent": json.dumps(agent or self.actor),
                 "stateId": state_id}
        if registration:
            query["registration"] = self.registration if registration == "own" else registration
        return self.client.put(self.path("activities/state"), query_string=query,
                               headers=self.headers(), json=value)

    def post(self, statements):
        return self.client.post(self.path("statements"), headers=self.headers(),
                                json=statements)

    def statement(self, verb: str, *, defined: bool = True, result: dict | None = None,
                  move_on: bool = False, extensions: dict | None = None,
                  object_id: str | None = None) -> dict:
        """A statement with the context template of the launch (cmi5) or the registration."""
        template = (self.launch_data or {}).get("contextTemplate") or {}
        context = json.loads(json.dumps(template))
        context["registration"] = self.registration
        activities = context.setdefault("contextActivities", {})
        if defined:
            activities["category"] = [{"id": CATEGORY}] + ([{"id": MOVE_ON}] if move_on else [])
        context["extensions"] = {**context.get("extensions", {}), **(extensions or {})}
        if not context["extensions"]:
            del context["extensions"]
        statement = {"id": str(uuid.uuid4()), "timestamp": now(), "actor": self.actor,
                     "verb": {"id": verb if "/" in verb else ADL + verb},
                     "object": {"objectType": "Activity", "id": object_id or self.activity_id},
                     "context": context}
        if result is not None:
            statement["result"] = result
        return statement

    def send(self, verb: str, **options):
        return self.post(self.statement(verb, **options))

    def initialized(self):
        return self.send("initialized")

    def completed(self):
        return self.send("completed", result={"completion": True, "duration": "PT1M"},
                         move_on=True)

    def passed(self, scaled: float = 1.0):
        extensions = {}
        mastery = (self.launch_data or {}).get("masteryScore")
        if mastery is not None:
            extensions[MASTERY] = mastery
        return self.send("passed", result={"success": True, "duration": "PT1M",
                                           "score": {"scaled": scaled}},
                         move_on=True, extensions=extensions)

    def failed(self, scaled: float = 0.1):
        extensions = {}
        mastery = (self.launch_data or {}).get("masteryScore")
        if mastery is not None:
            extensions[MASTERY] = mastery
        return self.send("failed", result={"success": False, "duration": "PT1M",
                                           "score": {"scaled": scaled}},
                         move_on=True, extensions=extensions)

    def terminated(self):
        return self.send("terminated", result={"duration": "PT2M"})


def basic_token(key: str, secret: str) -> str:
    return base64.b64encode(f"{key}:{secret}".encode()).decode()
