"""xAPI ("Tin Can") packages: ``tincan.xml`` at the root, launched with the Rustici launch
query string (endpoint, auth, actor, registration, activity_id).

Every activity with a ``<launch>`` becomes a unit. A unit counts as done when the learner's
statements carry ``completed`` or ``passed`` for that activity in their registration
(moveOn ``CompletedOrPassed``); the module is done when every unit is.
"""

import json
import uuid

from lms.core.i18n import N_
from lms.core.vocabulary import Verb, activity_iri
from lms.packages.kinds.base import (
    LaunchRequest,
    LaunchResult,
    PackageKind,
    PackageSource,
    ParsedPackage,
    unit_key,
)
from lms.packages.kinds.urls import check_launch_url, launch_url
from lms.packages.xmlread import (
    ManifestError,
    is_absolute_iri,
    parse_xml,
    pick_text,
    split_tag,
    text_of,
)
from lms.xapi.launches import mint_credentials
from lms.xapi.services import record_statements

NAMESPACES = ("http://projecttincan.com/tincan.xsd", "")
LAUNCH_PARAMETERS = ("endpoint", "auth", "actor", "registration", "activity_id")
CREDENTIAL_MINUTES = 240


def _texts(activity, name: str) -> dict[str, str]:
    texts = {}
    for element in activity:
        namespace, tag = split_tag(element.tag)
        if tag == name and namespace in NAMESPACES:
            text = text_of(element)
            if text:
                texts.setdefault(element.get("lang", ""), text)
    return texts


class TinCanKind(PackageKind):
    """``tincan.xml``: activities, their names and launch files."""

    name = "xapi"
    label = N_("xAPI-Paket (tincan.xml)")
    manifest = "tincan.xml"
    priority = 30

    def parse(self, source: PackageSource) -> ParsedPackage:
        parsed = ParsedPackage(kind=self.name, manifest_file=self.manifest)
        try:
            root = parse_xml(source.read(self.manifest))
        except ManifestError as error:
            parsed.error(str(error))
            return parsed
        namespace, tag = split_tag(root.tag)
        if tag != "tincan" or namespace not in NAMESPACES:
            parsed.error("Das Wurzelelement muss <tincan> sein "
                         "(Namensraum http://projecttincan.com/tincan.xsd).")
            return parsed
        activities = [element for group in root if split_tag(group.tag)[1] == "activities"
                      for element in group if split_tag(element.tag)[1] == "activity"]
        if not activities:
            parsed.error("tincan.xml beschreibt keine Aktivität (<activities><activity …>).")
            return parsed
        self._read_units(parsed, activities, source.names)
        if parsed.units and not parsed.errors:
            main = next((u for u in parsed.units if u["activity_type"].endswith("/course")),
                        parsed.units[0])
            parsed.publisher_id = main["publisher_id"]
            parsed.titles = main["titles"] or {"": main["publisher_id"]}
            parsed.descriptions = main["descriptions"]
            parsed.structure = {"type": "course", "publisher_id": parsed.publisher_id,
                                "children": [
                {"type": "au", "key": unit["key"]} for unit in parsed.units]}
        return parsed

    def _read_units(self, parsed: ParsedPackage, activities, files: set[str]) -> None:
        seen = set()
        for activity in activities:
            activity_id = (activity.get("id") or "").strip()
            if not is_absolute_iri(activity_id):
                parsed.error(f"Die Aktivität „{activity_id}“ braucht als id eine vollständige "
                             "IRI (z. B. https://…).")
                continue
            if activity_id in seen:
                parsed.error(f"Die Aktivität „{activity_id}“ steht mehrfach in tincan.xml.")
                continue
            seen.add(activity_id)
            launches = _texts(activity, "launch")
            if not launches:
                continue
            url = pick_text(launches)
            problem = check_launch_url(url, files, LAUNCH_PARAMETERS)
            if problem:
                parsed.error(problem)
                continue
            parsed.units.append({
                "key": unit_key(activity_id), "position": len(parsed.units) + 1,
                "publisher_id": activity_id, "activity_id": activity_id,
                "titles": _texts(activity, "name"), "descriptions": _texts(activity, "description"),
                "url": url, "launch_method": "AnyWindow", "move_on": "CompletedOrPassed",
                "mastery_score": None, "activity_type": (activity.get("type") or "").strip(),
            })
        if not parsed.units and not parsed.errors:
            parsed.error("Keine Aktivität in tincan.xml hat eine Startdatei (<launch>).")

    def launch(self, request: LaunchRequest) -> LaunchResult:
        """Mint credentials, record ``launched`` and send the learner to the unit (the caller
        commits)."""
        unit = request.unit
        login = mint_credentials(
            request.agent, request.registration, unit["activity_id"],
            ttl_minutes=CREDENTIAL_MINUTES, user_id=request.user_id,
            launch_info={"module_version_id": request.version_id, "unit": unit["key"],
                         "preview": request.preview})
        record_statements([self._launched(request)], commit=False)
        url = launch_url(request.files_url, unit["url"], {
            "endpoint": request.base_url.rstrip("/") + "/xapi/",
            "auth": login.authorization,
            "actor": json.dumps(request.agent, separators=(",", ":")),
            "registration": request.registration,
            "activity_id": unit["activity_id"],
        })
        return LaunchResult(url=url, own_window=False)

    def _launched(self, request: LaunchRequest) -> dict:
        """The LMS's own record of the launch, about the unit inside the module."""
        unit = request.unit
        scope = ("preview", request.version_id) if request.preview else (
            "module", request.module_slug)
        return {
            "id": str(uuid.uuid4()),
            "actor": request.agent,
            "verb": {"id": Verb.LAUNCHED, "display": {"de-DE": "gestartet"}},
            "object": {"objectType": "Activity",
                       "id": activity_iri(request.base_url, *scope, "unit", unit["key"]),
                       "definition": {"name": {"und": pick_text(unit["titles"]) or unit["key"]},
                                      "type": "http://adlnet.gov/expapi/activities/lesson"}},
            "context": {"registration": request.registration,
                        "revision": request.version_label,
                        "contextActivities": {
                            "parent": [{"id": activity_iri(request.base_url, *scope)}],
                            "other": [{"id": unit["activity_id"]}]}},
        }
