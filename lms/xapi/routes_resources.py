"""About, Activities and Agents resources, and the error handlers of the LRS."""

from flask import current_app, g, request
from sqlalchemy import select
from werkzeug.datastructures import Headers, MultiDict

from lms.core.input_checks import NulCharacterRefused
from lms.extensions import db
from lms.xapi import bp, health
from lms.xapi.auth import ACTIVITIES, AGENTS, authenticate, authorize, version_for_unversioned
from lms.xapi.formats import StatementError
from lms.xapi.http import (
    LATEST,
    XapiError,
    XapiRequest,
    current_request,
    error_response,
    finish_response,
    json_response,
)
from lms.xapi.models import XapiActivity
from lms.xapi.params import agent_param, iri_param, reject_unknown
from lms.xapi.storage import StatementConflict

PERSON_KEYS = ("name", "mbox", "mbox_sha1sum", "openid", "account")


@bp.get("/about")
def about():
    xreq = current_request(versioned=False)
    if xreq.method not in ("GET", "HEAD"):
        raise XapiError(405, f"{xreq.method}: not allowed on the About resource")
    return json_response({
        "version": ["1.0.3", "2.0.0"],
        "extensions": {current_app.config["BASE_URL"] + "/xapi/about/lernraum": {
            "name": "Lernraum LRS", "alternateRequestSyntax": "1.0.3 only"}},
    })


@bp.get("/activities")
def activities():
    xreq = current_request()
    authorize(authenticate(xreq), ACTIVITIES, write=False)
    reject_unknown(xreq, {"activityId"})
    iri = iri_param(xreq, "activityId")
    row = db.session.execute(select(XapiActivity).where(XapiActivity.iri == iri)).scalar()
    activity = {"objectType": "Activity", "id": iri}
    if row is not None and row.definition:
        activity["definition"] = row.definition
    return json_response(activity)


@bp.get("/agents")
def agents():
    xreq = current_request()
    principal = authenticate(xreq)
    reject_unknown(xreq, {"agent"})
    agent = agent_param(xreq)
    authorize(principal, AGENTS, write=False, agent=agent)
    if agent.get("objectType") == "Group":
        raise XapiError(400, "agent: the Agents resource takes an Agent, not a Group")
    person = {"objectType": "Person"}
    for key in PERSON_KEYS:
        if key in agent:
            person[key] = [agent[key]]
    return json_response(person)


@bp.errorhandler(XapiError)
def _xapi_error(error: XapiError):
    db.session.rollback()
    health.note_statement_rejection(error.status, error.message)
    if "xapi_version" not in g and "X-Experience-API-Version" not in request.headers:
        unversioned = XapiRequest(method=request.method, params=MultiDict(request.args),
                                  headers=Headers(request.headers), body=b"")
        g.xapi_version = version_for_unversioned(unversioned) or LATEST
    return error_response(error)


@bp.errorhandler(StatementConflict)
def _conflict(error: StatementConflict):
    db.session.rollback()
    health.note_statement_rejection(409, str(error))
    return error_response(XapiError(409, str(error)))


@bp.errorhandler(NulCharacterRefused)
def _nul(error: NulCharacterRefused):
    """The app-wide NUL check, answered in the LRS's own error format."""
    return error_response(XapiError(400, error.description))


@bp.errorhandler(StatementError)
def _invalid(error: StatementError):
    db.session.rollback()
    health.note_statement_rejection(400, str(error))
    return error_response(XapiError(400, str(error)))


@bp.after_request
def _headers(response):
    return finish_response(response)
