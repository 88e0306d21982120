"""cmi5 courses: ``cmi5.xml`` at the zip root (or the course structure XML alone), launched
exactly as the cmi5 specification (Quartz) says.

A cmi5 course becomes one Lernraum module; each AU is a unit of it, blocks group units.
"""

import json

from lms.core.i18n import N_
from lms.packages.kinds.base import (
    LaunchRequest,
    LaunchResult,
    PackageKind,
    PackageSource,
    ParsedPackage,
)
from lms.packages.kinds.cmi5 import statements
from lms.packages.kinds.cmi5.satisfaction import Iris, objects_with_verb, write_satisfaction
from lms.packages.kinds.cmi5.structure import StructureReader
from lms.packages.kinds.urls import launch_url
from lms.packages.xmlread import ManifestError, parse_xml
from lms.xapi import launches
from lms.xapi.services import get_agent_profile, put_agent_profile, put_state, record_statements

SESSION_MINUTES = 240


class Cmi5Kind(PackageKind):
    """``cmi5.xml``: course, objectives, nested blocks, AUs with moveOn and launch data."""

    name = "cmi5"
    label = N_("cmi5-Kurs (cmi5.xml)")
    manifest = "cmi5.xml"
    priority = 20
    accepts_standalone = True
    nested_folder = False

    def parse(self, source: PackageSource) -> ParsedPackage:
        parsed = ParsedPackage(kind=self.name, manifest_file=self.manifest)
        data = source.standalone if source.standalone is not None else source.read(self.manifest)
        try:
            root = parse_xml(data)
        except ManifestError as error:
            parsed.error(str(error))
            return parsed
        reader = StructureReader(parsed, None if source.archive is None else source.names)
        reader.read(root)
        if not parsed.errors:
            reader.check_references()
        if not parsed.units and not parsed.errors:
            parsed.error("Die Kursstruktur enthält keine AU.")
        if any(unit["url"].startswith("http://") for unit in parsed.units):
            parsed.warnings.append(
                "Mindestens eine AU startet unter einer http-Adresse ohne Verschlüsselung; "
                "auf einer https-Seite blockieren Browser sie im Rahmen. Besser: https.")
        return parsed

    def unit_activity_id(self, base_url, module_slug, unit, *, preview=False, version_id=0):
        return Iris(base_url, module_slug, version_id, preview).au(unit["key"])

    def launch(self, request: LaunchRequest) -> LaunchResult:
        """Everything sections 8 and 10 ask before an AU runs, then the launch URL (the caller
        commits)."""
        iris = Iris(request.base_url, request.module_slug, request.version_id, request.preview,
                    request.version_label)
        unit = request.unit
        activity_id = iris.au(unit["key"])
        if request.first_launch:
            # cmi5 9.6.1: evaluate moveOn at registration (NotApplicable AUs are satisfied).
            write_satisfaction(request.structure, request.units, iris, request.agent,
                               request.registration, launches.new_session_id(), commit=False)
        abandon_active_sessions(request.registration)
        session, token = launches.open_session(
            request.agent, request.registration, activity_id, user_id=request.user_id,
            launch_mode=request.launch_mode, mastery_score=unit.get("mastery_score"),
            publisher_id=unit["publisher_id"], ttl_minutes=SESSION_MINUTES,
            launch_info={"module_version_id": request.version_id, "unit": unit["key"],
                         "preview": request.preview, "module": request.module_slug,
                         "revision": request.version_label})
        put_state(activity_id, request.agent, statements.LAUNCH_DATA,
                  statements.launch_data(unit, session.session_id, request.launch_mode,
                                         request.return_url),
                  request.registration, commit=False)
        _offer_learner_preferences(request)
        plain_url = launch_url(request.files_url, unit["url"], {})
        record_statements([statements.launched(
            request.agent, activity_id, unit, request.registration, session.session_id,
            request.launch_mode, plain_url, request.version_label)], commit=False)
        url = launch_url(request.files_url, unit["url"], {
            "endpoint": request.base_url.rstrip("/") + "/xapi/",
            "fetch": request.base_url.rstrip("/") + f"/xapi/cmi5/fetch/{token}",
            "actor": json.dumps(request.agent, separators=(",", ":")),
            "registration": request.registration,
            "activityId": activity_id,
        })
        return LaunchResult(url=url, own_window=unit.get("launch_method") == "OwnWindow",
                            session_id=session.session_id)


def _offer_learner_preferences(request: LaunchRequest) -> None:
    """cmi5 section 11: the learner's language (from their Lernraum setting) and audio."""
    languages = ",".join({"de": "de-DE", "en": "en-US"}.get(tag, tag)
                         for tag in request.languages)
    wanted = {"languagePreference": languages, "audioPreference": "on"}
    current = get_agent_profile(request.agent, statements.LEARNER_PREFERENCES)
    if current != wanted:
        put_agent_profile(request.agent, statements.LEARNER_PREFERENCES, wanted, commit=False)


def abandon_active_sessions(registration: str) -> int:
    """cmi5 9.3.6: a new launch in a registration abandons its sessions still open."""
    ended = 0
    for session in launches.active_sessions(registration):
        seconds = launches.mark_abandoned(session)
        record_statements([statements.abandoned(
            session.agent, session.activity_id, session.publisher_id, session.registration,
            session.session_id, seconds, (session.launch_info or {}).get("revision", ""))],
            commit=False)
        ended += 1
    return ended


def waive(agent: dict, registration: str, unit: dict, structure: dict, units: list[dict],
          iris: Iris, reason: str) -> bool:
    """Record ``waived`` for one AU (once per registration) and any satisfaction it brings."""
    activity_id = iris.au(unit["key"])
    session_id = launches.new_session_id()
    if activity_id in objects_with_verb(registration, statements.WAIVED):
        return False
    record_statements([statements.waived(agent, activity_id, unit["publisher_id"],
                                         registration, session_id, reason, iris.revision)],
                      commit=False)
    write_satisfaction(structure, units, iris, agent, registration, session_id, commit=False)
    return True
