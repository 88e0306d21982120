"""The Statement Resource: PUT, POST, GET single and filtered lists with ``more`` paging."""

import json
from datetime import UTC, datetime

from flask import Response, url_for
from sqlalchemy import select
from werkzeug.http import http_date

from lms.extensions import db
from lms.xapi import bp, jsontext, limits, queries, services
from lms.xapi.attachments import build_multipart, check_attachments, statements_and_attachments
from lms.xapi.auth import (
    STATEMENTS,
    authenticate,
    authorize,
    authorize_statement_query,
    authorize_statement_read,
    authorize_statements,
)
from lms.xapi.formats import StatementError, format_timestamp, parse_timestamp
from lms.xapi.http import XapiError, XapiRequest, current_request, json_response
from lms.xapi.models import XapiAttachment
from lms.xapi.params import (
    agent_param,
    bool_param,
    iri_param,
    limit_param,
    reject_unknown,
    time_param,
    uuid_param,
)

LIST_PARAMS = {"agent", "verb", "activity", "registration", "related_activities",
               "related_agents", "since", "until", "limit", "format", "attachments",
               "ascending", "more"}
SINGLE_PARAMS = {"statementId", "voidedStatementId", "format", "attachments"}


@bp.route("/statements", methods=["GET", "PUT", "POST"])
def statements():
    xreq = current_request()
    principal = authenticate(xreq)
    if xreq.method in ("GET", "HEAD"):
        authorize(principal, STATEMENTS, write=False)
        return _get(xreq, principal)
    if xreq.method not in ("PUT", "POST"):
        raise XapiError(405, f"{xreq.method}: not allowed on the Statement resource")
    authorize(principal, STATEMENTS, write=True)
    body, contents = _read_body(xreq)
    if xreq.method == "PUT":
        reject_unknown(xreq, {"statementId"})
        statement_id = uuid_param(xreq, "statementId")
        if statement_id is None:
            raise XapiError(400, "statementId: parameter is required for PUT")
        if not isinstance(body, dict):
            raise XapiError(400, "statement: PUT takes a single statement object")
        if "id" in body and str(body["id"]).lower() != statement_id.lower():
            raise XapiError(400, "statement.id: differs from the statementId parameter")
        body = {**body, "id": statement_id}
        batch = [body]
    else:
        reject_unknown(xreq, set())
        batch = body if isinstance(body, list) else [body]
    limits.check_batch(batch, len(xreq.body))
    _store(xreq, principal, batch, contents)
    if xreq.method == "PUT":
        return Response(status=204)
    return json_response([statement["id"] for statement in batch])


def _read_body(xreq: XapiRequest):
    try:
        if xreq.media_type == "application/json":
            return jsontext.loads(xreq.body), {}
        if xreq.media_type == "multipart/mixed":
            return statements_and_attachments(xreq.body, xreq.content_type)
    except ValueError as error:
        raise XapiError(400, f"body: {error}") from error
    raise XapiError(400, "Content-Type: must be application/json or multipart/mixed")


def _store(xreq, principal, batch: list, contents: dict) -> None:
    try:
        services.validate_statements(batch, xreq.version)
        check_attachments(batch, contents)
    except StatementError as error:
        raise XapiError(400, str(error)) from error
    authorize_statements(principal, batch)
    try:
        ids = services.record_statements(batch, authority=principal.authority,
                                         version=xreq.version, attachments=contents,
                                         validated=True)
    except services.StatementConflict as error:
        raise XapiError(409, str(error)) from error
    for statement, statement_id in zip(batch, ids, strict=True):
        statement["id"] = statement_id


def _languages(xreq: XapiRequest) -> list[str]:
    header = xreq.headers.get("Accept-Language", "")
    return [item.split(";")[0].strip() for item in header.split(",") if item.strip()]


def _get(xreq: XapiRequest, principal) -> Response:
    fmt = xreq.param("format") or "exact"
    if fmt not in queries.FORMATS:
        raise XapiError(400, "format: must be exact, ids or canonical")
    with_attachments = bool_param(xreq, "attachments")
    if "statementId" in xreq.params or "voidedStatementId" in xreq.params:
        return _get_single(xreq, fmt, with_attachments, principal)
    reject_unknown(xreq, LIST_PARAMS)
    agent = agent_param(xreq, needed=False)
    registration = uuid_param(xreq, "registration")
    if principal.is_launch and xreq.param("more"):
        try:
            paged = queries.decode_more(xreq.param("more"))[0]
        except StatementError as error:
            raise XapiError(400, str(error)) from error
        agent, registration = paged.get("agent"), paged.get("registration")
    authorize_statement_query(principal, agent, registration)
    try:
        page = queries.find_statements(
            agent=agent, verb=iri_param(xreq, "verb", needed=False),
            activity=iri_param(xreq, "activity", needed=False),
            registration=uuid_param(xreq, "registration"),
            related_activities=bool_param(xreq, "related_activities"),
            related_agents=bool_param(xreq, "related_agents"),
            since=time_param(xreq, "since"), until=time_param(xreq, "until"),
            limit=limit_param(xreq), ascending=bool_param(xreq, "ascending"), format=fmt,
            more=xreq.param("more"))
    except StatementError as error:
        raise XapiError(400, str(error)) from error
    more = url_for("xapi.statements", more=page.more) if page.more else ""
    texts = page.json_texts(_languages(xreq))
    body = '{"statements":[' + ",".join(texts) + '],"more":' + json.dumps(more) + "}"
    if with_attachments:
        return _respond(json.loads(body), page.statements(), True, page.newest)
    return _respond(body, [], False, page.newest)


def _get_single(xreq: XapiRequest, fmt: str, with_attachments: bool, principal) -> Response:
    reject_unknown(xreq, SINGLE_PARAMS)
    if "statementId" in xreq.params and "voidedStatementId" in xreq.params:
        raise XapiError(400, "statementId: use either statementId or voidedStatementId")
    voided = "voidedStatementId" in xreq.params
    statement_id = uuid_param(xreq, "voidedStatementId" if voided else "statementId")
    statement = queries.get_statement(statement_id, voided=voided)
    if statement is None:
        raise XapiError(404, f"{'voidedStatementId' if voided else 'statementId'}: "
                             "no such statement")
    authorize_statement_read(principal, statement)
    statement = queries.shape(statement, fmt, _languages(xreq))
    stored = parse_timestamp(statement["stored"], "stored", "2.0.0")
    return _respond(statement, [statement], with_attachments, stored)


def _respond(result, found: list[dict], with_attachments: bool, newest: datetime | None):
    """JSON (a dict or ready JSON text), or multipart/mixed with the attachments."""
    headers = {"X-Experience-API-Consistent-Through": format_timestamp(datetime.now(UTC)),
               "Last-Modified": http_date(newest or datetime.now(UTC))}
    if isinstance(result, str):
        response = Response(result, mimetype="application/json")
        response.headers.update(headers)
        return response
    if not with_attachments:
        return json_response(result, headers=headers)
    wanted = sorted({a["sha2"].lower() for s in found for a in _attachments_of(s)})
    rows = db.session.execute(
        select(XapiAttachment).where(XapiAttachment.sha2.in_(wanted))).scalars() if wanted else []
    body, content_type = build_multipart(
        result, {row.sha2: (row.content_type, row.content) for row in rows})
    response = Response(body, content_type=content_type)
    response.headers.update(headers)
    return response


def _attachments_of(statement: dict) -> list[dict]:
    found = list(statement.get("attachments") or [])
    obj = statement.get("object") or {}
    if obj.get("objectType") == "SubStatement":
        found.extend(obj.get("attachments") or [])
    return found
