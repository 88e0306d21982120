"""State, Activity Profile and Agent Profile resources (GET, PUT, POST merge, DELETE)."""

import json

from flask import Response
from werkzeug.http import http_date

from lms.extensions import db
from lms.xapi import bp, cmi5, documents
from lms.xapi.auth import (
    ACTIVITY_PROFILE,
    AGENT_PROFILE,
    STATE,
    authenticate,
    authorize,
)
from lms.xapi.formats import StatementError
from lms.xapi.http import XapiError, XapiRequest, current_request, json_response
from lms.xapi.params import agent_param, iri_param, reject_unknown, required, time_param, uuid_param


@bp.route("/activities/state", methods=["GET", "PUT", "POST", "DELETE"])
def state():
    xreq = current_request()
    principal = authenticate(xreq)
    reject_unknown(xreq, {"activityId", "agent", "registration", "stateId", "since"})
    activity_id = iri_param(xreq, "activityId")
    agent = agent_param(xreq)
    registration = uuid_param(xreq, "registration")
    authorize(principal, STATE, write=xreq.method not in ("GET", "HEAD"), agent=agent,
              registration=registration, document_id=xreq.param("stateId"))
    address = documents.Address(documents.STATE, activity_id, agent, registration or "")
    return _document(xreq, address, "stateId", guarded_put=xreq.version != "1.0.3")


@bp.route("/activities/profile", methods=["GET", "PUT", "POST", "DELETE"])
def activity_profile():
    xreq = current_request()
    principal = authenticate(xreq)
    reject_unknown(xreq, {"activityId", "profileId", "since"})
    authorize(principal, ACTIVITY_PROFILE, write=xreq.method not in ("GET", "HEAD"))
    address = documents.Address(documents.ACTIVITY_PROFILE, iri_param(xreq, "activityId"))
    return _document(xreq, address, "profileId", guarded_put=True)


@bp.route("/agents/profile", methods=["GET", "PUT", "POST", "DELETE"])
def agent_profile():
    xreq = current_request()
    principal = authenticate(xreq)
    reject_unknown(xreq, {"agent", "profileId", "since"})
    agent = agent_param(xreq)
    authorize(principal, AGENT_PROFILE, write=xreq.method not in ("GET", "HEAD"), agent=agent)
    if principal.launch is not None and principal.launch.is_cmi5:
        cmi5.note_preferences_read(principal.launch, xreq.param("profileId"))
    address = documents.Address(documents.AGENT_PROFILE, agent=agent)
    return _document(xreq, address, "profileId", guarded_put=True)


def _document(xreq: XapiRequest, address: documents.Address, id_name: str, *,
              guarded_put: bool) -> Response:
    try:
        if xreq.method in ("GET", "HEAD"):
            return _read(xreq, address, id_name)
        if xreq.method == "DELETE":
            return _delete(xreq, address, id_name)
        if xreq.method in ("PUT", "POST"):
            return _write(xreq, address, id_name, guarded_put=guarded_put)
    except documents.PreconditionFailed as error:
        db.session.rollback()
        raise XapiError(412, str(error)) from error
    except StatementError as error:
        db.session.rollback()
        raise XapiError(400, str(error)) from error
    raise XapiError(405, f"{xreq.method}: not allowed on this resource")


def _read(xreq: XapiRequest, address: documents.Address, id_name: str) -> Response:
    document_id = xreq.param(id_name)
    if document_id is None:
        ids = documents.list_document_ids(address, time_param(xreq, "since"))
        changed = documents.last_modified(address)
        headers = {"Last-Modified": http_date(changed)} if changed else {}
        return json_response(ids, headers=headers)
    if "since" in xreq.params:
        raise XapiError(400, f"since: not allowed together with {id_name}")
    document = documents.get_document(address, document_id)
    if document is None:
        raise XapiError(404, f"{id_name}: no such document")
    response = Response(document.content, content_type=document.content_type)
    response.headers["ETag"] = f'"{document.etag}"'
    response.headers["Last-Modified"] = http_date(document.updated_at)
    return response


def _delete(xreq: XapiRequest, address: documents.Address, id_name: str) -> Response:
    document_id = xreq.param(id_name)
    if document_id is not None:
        existing = documents.get_document(address, document_id)
        documents.check_preconditions(existing, xreq.headers.get("If-Match"),
                                      xreq.headers.get("If-None-Match"))
    elif id_name == "profileId":
        raise XapiError(400, "profileId: parameter is required for DELETE")
    documents.delete_documents(address, document_id)
    db.session.commit()
    return Response(status=204)


def _write(xreq: XapiRequest, address: documents.Address, id_name: str, *,
           guarded_put: bool) -> Response:
    document_id = required(xreq, id_name)
    content_type = xreq.content_type or "application/octet-stream"
    if documents.is_json(content_type):
        try:
            json.loads(xreq.body or b"")
        except (ValueError, UnicodeDecodeError) as error:
            raise XapiError(400, "body: Content-Type is application/json but the body is "
                                 "not valid JSON") from error
    existing = documents.get_document(address, document_id)
    if_match = xreq.headers.get("If-Match")
    if_none_match = xreq.headers.get("If-None-Match")
    documents.check_preconditions(existing, if_match, if_none_match)
    unguarded = xreq.method == "PUT" and if_match is None and if_none_match is None
    if unguarded and guarded_put and existing is not None:
        raise XapiError(409, "If-Match: the document exists; send If-Match with its ETag "
                             "(or If-None-Match: *) to overwrite it")
    if unguarded and guarded_put and xreq.version == "1.0.3" and id_name == "profileId":
        raise XapiError(400, "If-None-Match: xAPI 1.0.3 asks for If-Match or If-None-Match: * "
                             "when a profile is PUT")
    documents.save_document(address, document_id, xreq.body, content_type,
                            merge=xreq.method == "POST")
    db.session.commit()
    return Response(status=204)
