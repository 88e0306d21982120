"""SCORM 1.2 and SCORM 2004 packages: ``imsmanifest.xml`` at the zip root, launched in the
player's frame through an API adapter on the content origin (docs/scorm.md).

Every item with a resource becomes a unit; the organization tree is the structure. A SCO
talks to ``window.API`` (1.2) or ``window.API_1484_11`` (2004) in the adapter page, which
commits to the platform's runtime endpoint with a token scoped to this launch.
"""

from flask_babel import gettext as _

from lms.core.vocabulary import Verb
from lms.packages.content_origin import content_base
from lms.packages.kinds.base import (
    LaunchRefused,
    LaunchRequest,
    LaunchResult,
    PackageKind,
    PackageSource,
    ParsedPackage,
)
from lms.packages.kinds.scorm.manifest import VERSION_LABELS, ManifestReader
from lms.packages.kinds.urls import launch_url
from lms.packages.xmlread import ManifestError, parse_xml
from lms.scorm import attempts, navigation, runtime, statements
from lms.scorm.wrapper import adapter_url
from lms.xapi.services import record_statements

NAVIGATION_REQUESTS = ("", "start", "choice", "continue", "previous")


class ScormKind(PackageKind):
    """``imsmanifest.xml``: SCORM 1.2 or SCORM 2004 content package."""

    name = "scorm"
    label = "SCORM-Paket (imsmanifest.xml)"
    manifest = "imsmanifest.xml"
    priority = 40
    nested_folder = False

    def parse(self, source: PackageSource) -> ParsedPackage:
        parsed = ParsedPackage(kind=self.name, manifest_file=self.manifest)
        try:
            root = parse_xml(source.read(self.manifest))
        except ManifestError as error:
            parsed.error(str(error))
            return parsed
        reader = ManifestReader(parsed, source.names)
        reader.read(root)
        if parsed.ok:
            count = len(parsed.units)
            parsed.descriptions = {"": f"Paket im Format {VERSION_LABELS[reader.version]} mit "
                                       + ("einer Lerneinheit" if count == 1
                                          else f"{count} Lerneinheiten") + "."}
        return parsed

    def unit_activity_id(self, base_url, module_slug, unit, *, preview=False, version_id=0):
        scope = statements.Scope(base_url, module_slug, version_id, "", preview, "", {}, unit,
                                 "", "")
        return scope.sco_iri

    def launch(self, request: LaunchRequest) -> LaunchResult:
        """Check the navigation request, open a session (or deliver an asset), record
        ``launched``; the caller commits."""
        unit = request.unit
        reached = attempts.reached(request.user_id, request.version_id, request.registration)
        here = attempts.current_unit(request.user_id, request.version_id, request.registration)
        _check_request(request, reached, here)
        previous = attempts.latest_attempt(request.user_id, request.version_id, unit["key"],
                                           request.registration)
        found = runtime.end_open_sessions(previous) if previous else []
        if found:
            reached = attempts.reached(request.user_id, request.version_id,
                                       request.registration)
        nav = navigation.navigation(request.structure, request.units, reached, unit["key"])
        scope = statements.Scope(
            base_url=request.base_url, module_slug=request.module_slug,
            version_id=request.version_id, version_label=request.version_label,
            preview=request.preview, registration=request.registration, agent=request.agent,
            unit=unit, course_title=next(iter(request.course_titles.values()), ""),
            attempt_id="")
        sco_url = launch_url(request.files_url, unit["url"], {})
        units = {u["key"]: u for u in request.units}
        session, token = attempts.open_session(attempts.SessionRequest(
            user_id=request.user_id, version_id=request.version_id, unit=unit,
            registration=request.registration,
            scorm_version=request.structure.get("scorm_version", "1.2"),
            preview=request.preview, sco_url=sco_url, navigation=nav.as_adapter(units)))
        scope.attempt_id = session.attempt.attempt_id
        found.append(statements.launched(scope))
        if unit["scorm"]["type"] == "asset":
            found += _deliver_asset(scope, session)
            return _result(sco_url, nav, found)
        return _result(adapter_url(content_base(request.files_url), token), nav, found)


def _result(url: str, nav, found: list[dict]) -> LaunchResult:
    record_statements(found, commit=False)
    return LaunchResult(url=url, own_window=False, navigation=nav)


def _deliver_asset(scope: statements.Scope, session) -> list[dict]:
    """Assets have no API: delivering one completes it (SCORM 2004 SN, "asset")."""
    attempt = session.attempt
    attempt.completion_status = "completed"
    attempt.ended_at = attempt.updated_at = session.created_at
    session.terminated_at = session.initialized_at = session.created_at
    return [statements.about_sco(scope, Verb.COMPLETED, {"completion": True})]


def _check_request(request: LaunchRequest, reached: dict, here: str | None) -> None:
    """Previous/next must be the neighbours in flow order, a choice must be allowed by the
    control modes and visibility of the items (docs/scorm.md)."""
    wanted = request.navigation or ""
    if wanted not in NAVIGATION_REQUESTS:
        raise LaunchRefused(_("Unbekannte Navigationsanfrage."))
    key = request.unit["key"]
    if wanted in ("continue", "previous"):
        nav = navigation.navigation(request.structure, request.units, reached, here)
        if key != (nav.next if wanted == "continue" else nav.previous):
            raise LaunchRefused(_("Dorthin führt „Weiter“ bzw. „Zurück“ in diesem Paket nicht."))
        return
    if wanted == "choice":
        nav = navigation.navigation(request.structure, request.units, reached, here)
        if key not in nav.choosable:
            raise LaunchRefused(_("Diese Lerneinheit lässt sich im Inhaltsverzeichnis nicht "
                                  "wählen; das Paket gibt die Reihenfolge vor."))
        return
    suspended = attempts.suspended_unit(request.user_id, request.version_id,
                                        request.registration)
    first = navigation.start_key(request.structure, request.units, reached, suspended)
    nav = navigation.navigation(request.structure, request.units, reached, here)
    if key != first and key not in nav.choosable:
        raise LaunchRefused(_("Diese Lerneinheit startet nicht von hier aus; bitte beginnen "
                              "Sie mit der ersten Einheit."))
