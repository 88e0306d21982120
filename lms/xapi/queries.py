"""Reading statements: single lookups, filtered lists with stable ``more`` paging, formats."""

import base64
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select, tuple_
from sqlalchemy.orm import aliased

from lms.extensions import db
from lms.xapi import jsontext
from lms.xapi.formats import StatementError, agent_key, format_timestamp, parse_timestamp
from lms.xapi.models import XapiStatement, XapiStatementTerm
from lms.xapi.terms import term

MAX_LIMIT = 100
FORMATS = ("exact", "ids", "canonical")
LANGUAGE_MAPS = ("display", "name", "description")


def get_statement(statement_id: str, *, voided: bool = False) -> dict | None:
    """The statement with ``statement_id`` (a voided one only when ``voided`` is true)."""
    row = db.session.execute(
        select(XapiStatement.document, XapiStatement.voided)
        .where(XapiStatement.statement_id == statement_id.lower())
    ).first()
    if row is None or row.voided != voided:
        return None
    return json.loads(row.document)


def filter_terms(*, agent=None, verb=None, activity=None, registration=None,
                 related_activities=False, related_agents=False) -> list[str]:
    """The index terms a query must match, most selective first."""
    terms = []
    if registration:
        terms.append(term("r", registration.lower()))
    if agent is not None:
        key = agent_key(agent)
        if key is None:
            raise StatementError("agent: must identify an agent or identified group")
        terms.append(term("g" if related_agents else "p", key))
    if activity:
        terms.append(term("a" if related_activities else "o", activity))
    if verb:
        terms.append(term("v", verb))
    return terms


def encode_more(params: dict, cursor: tuple[str, int]) -> str:
    """An opaque token holding the query and the position after the last statement served."""
    raw = json.dumps({"q": params, "c": list(cursor)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_more(token: str) -> tuple[dict, tuple[datetime, int]]:
    """The query and position of a ``more`` token; raises on a damaged token."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = jsontext.loads(raw)
        stored = parse_timestamp(data["c"][0], "more", "2.0.0")
        return data["q"], (stored, int(data["c"][1]))
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise StatementError("more: invalid or damaged paging token") from error


def _parse_moment(value, name: str):
    if value is None or isinstance(value, datetime):
        return value
    return parse_timestamp(value, name, "2.0.0")


def run_query(*, terms: list[str], since=None, until=None, limit: int = 0,
              ascending: bool = False, cursor: tuple[datetime, int] | None = None) -> list:
    """Rows ``(document, stored, seq)`` matching every term, one index walk on the first."""
    limit = MAX_LIMIT if not limit or limit > MAX_LIMIT else limit
    statement = XapiStatement
    if terms:
        walk = aliased(XapiStatementTerm)
        stored_col, seq_col = walk.stored, walk.seq
        query = (select(statement.document, stored_col, seq_col)
                 .select_from(walk).join(statement, statement.seq == walk.seq)
                 .where(walk.term == terms[0]))
        for extra in terms[1:]:
            other = aliased(XapiStatementTerm)
            query = query.join(other, and_(other.term == extra, other.stored == walk.stored,
                                           other.seq == walk.seq))
    else:
        stored_col, seq_col = statement.stored, statement.seq
        query = select(statement.document, stored_col, seq_col)
    query = query.where(statement.voided.is_(False))
    if since is not None:
        query = query.where(stored_col > since)
    if until is not None:
        query = query.where(stored_col <= until)
    if cursor is not None:
        position = tuple_(stored_col, seq_col)
        query = query.where(position > tuple_(*cursor) if ascending
                            else position < tuple_(*cursor))
    order = (stored_col.asc(), seq_col.asc()) if ascending else (stored_col.desc(),
                                                                  seq_col.desc())
    return db.session.execute(query.order_by(*order).limit(limit + 1)).all(), limit


@dataclass
class Page:
    """One page of a statement query: stored rows, the ``more`` token, the format asked for."""

    rows: list
    more: str | None
    format: str

    def statements(self, languages: list[str] | None = None) -> list[dict]:
        return [shape(json.loads(row.document), self.format, languages) for row in self.rows]

    def json_texts(self, languages: list[str] | None = None) -> list[str]:
        """The statements as JSON texts (``exact`` needs no decoding at all)."""
        if self.format == "exact":
            return [row.document for row in self.rows]
        return [jsontext.dumps(s) for s in self.statements(languages)]

    @property
    def newest(self) -> datetime | None:
        return max((row.stored for row in self.rows), default=None)


def query_statements(*, languages=None, **filters):
    """Statements matching the filters, newest first, and a ``more`` token when there are more."""
    page = find_statements(**filters)
    return page.statements(languages), page.more


def find_statements(*, agent=None, verb=None, activity=None, registration=None,
                    related_activities=False, related_agents=False, since=None, until=None,
                    limit=0, ascending=False, format="exact", more=None) -> Page:
    """The :class:`Page` of stored rows matching the filters (or continuing ``more``)."""
    if more:
        params, cursor = decode_more(more)
    else:
        params = {"agent": agent, "verb": verb, "activity": activity,
                  "registration": registration, "related_activities": related_activities,
                  "related_agents": related_agents, "limit": limit, "ascending": ascending,
                  "format": format,
                  "since": format_timestamp(_parse_moment(since, "since")) if since else None,
                  "until": format_timestamp(_parse_moment(until, "until")) if until else None}
        cursor = None
    if params["format"] not in FORMATS:
        raise StatementError("format: must be exact, ids or canonical")
    terms = filter_terms(agent=params["agent"], verb=params["verb"],
                         activity=params["activity"], registration=params["registration"],
                         related_activities=params["related_activities"],
                         related_agents=params["related_agents"])
    rows, limit = run_query(terms=terms, since=_parse_moment(params["since"], "since"),
                            until=_parse_moment(params["until"], "until"),
                            limit=params["limit"], ascending=params["ascending"], cursor=cursor)
    token = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        token = encode_more(params, (format_timestamp(last.stored), last.seq))
    return Page(rows, token, params["format"])


def _ids_agent(agent: dict) -> dict:
    shaped = {key: agent[key] for key in ("objectType", "mbox", "mbox_sha1sum", "openid",
                                          "account") if key in agent}
    if agent.get("objectType") == "Group" and agent_key(agent) is None:
        shaped["member"] = [_ids_agent(member) for member in agent.get("member", [])]
    return shaped


def _ids_object(obj: dict) -> dict:
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return {"id": obj["id"]}
    if kind in ("Agent", "Group"):
        return _ids_agent(obj)
    if kind == "SubStatement":
        return {**obj, "actor": _ids_agent(obj["actor"]), "verb": {"id": obj["verb"]["id"]},
                "object": _ids_object(obj["object"])}
    return obj


def _canonical(language_map, languages: list[str]):
    if not isinstance(language_map, dict) or not language_map:
        return language_map
    for language in languages:
        if language in language_map:
            return {language: language_map[language]}
    first = next(iter(language_map))
    return {first: language_map[first]}


def shape(statement: dict, fmt: str, languages: list[str] | None = None) -> dict:
    """A statement in the ``exact``, ``ids`` or ``canonical`` format."""
    if fmt == "ids":
        shaped = dict(statement)
        shaped["actor"] = _ids_agent(statement["actor"])
        shaped["verb"] = {"id": statement["verb"]["id"]}
        shaped["object"] = _ids_object(statement["object"])
        if "authority" in statement:
            shaped["authority"] = _ids_agent(statement["authority"])
        return shaped
    if fmt == "canonical":
        return _canonical_part(statement, languages or [])
    return statement


def _canonical_part(value, languages: list[str]):
    if isinstance(value, dict):
        return {key: (_canonical(item, languages) if key in LANGUAGE_MAPS
                      else item if key == "extensions"
                      else _canonical_part(item, languages)) for key, item in value.items()}
    if isinstance(value, list):
        return [_canonical_part(item, languages) for item in value]
    return value
