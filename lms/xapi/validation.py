"""Strict validation of incoming statements for xAPI 1.0.3 and 2.0.0."""

import re

from lms.xapi.formats import (
    allowed_keys,
    check_duration,
    check_extensions,
    check_ifi,
    check_iri,
    check_language_map,
    check_media_type,
    check_uuid,
    fail,
    parse_timestamp,
    require_bool,
    require_dict,
    require_number,
    require_string,
)

VERSION_1 = re.compile(r"^1\.0(\.\d+)?$")
VERSION_ANY = re.compile(r"^[12]\.0(\.\d+)?$")
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"
STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored",
                  "authority", "version", "attachments"}
SUB_KEYS = {"objectType", "actor", "verb", "object", "result", "context", "timestamp",
            "attachments"}
INTERACTION_TYPES = {
    "true-false": set(), "choice": {"choices"}, "fill-in": set(), "long-fill-in": set(),
    "matching": {"source", "target"}, "performance": {"steps"}, "sequencing": {"choices"},
    "likert": {"scale"}, "numeric": set(), "other": set(),
}
COMPONENT_LISTS = {"choices", "scale", "source", "target", "steps"}
DEFINITION_KEYS = {"name", "description", "type", "moreInfo", "extensions", "interactionType",
                   "correctResponsesPattern"} | COMPONENT_LISTS
CONTEXT_ACTIVITY_KEYS = {"parent", "grouping", "category", "other"}


def validate_statement(statement, version: str, path: str = "statement") -> None:
    """Raise :class:`StatementError` unless ``statement`` is a valid statement for ``version``."""
    require_dict(statement, path)
    allowed_keys(statement, STATEMENT_KEYS, path)
    if "id" in statement:
        check_uuid(statement["id"], f"{path}.id")
    for key in ("actor", "verb", "object"):
        if key not in statement:
            fail(f"{path}.{key}", "is required")
    _actor(statement["actor"], f"{path}.actor", version)
    _verb(statement["verb"], f"{path}.verb")
    _object(statement["object"], f"{path}.object", version, sub=False)
    _common(statement, path, version)
    if "stored" in statement:
        parse_timestamp(statement["stored"], f"{path}.stored", version)
    if "authority" in statement:
        _authority(statement["authority"], f"{path}.authority", version)
    if "version" in statement:
        _version(statement["version"], f"{path}.version", version)
    if statement["verb"].get("id") == VOIDED:
        target = statement["object"]
        if target.get("objectType") != "StatementRef":
            fail(f"{path}.object", "a voiding statement must target a StatementRef")


def _common(statement: dict, path: str, version: str) -> None:
    if "result" in statement:
        _result(statement["result"], f"{path}.result")
    if "context" in statement:
        _context(statement["context"], f"{path}.context", version, statement["object"])
    if "timestamp" in statement:
        parse_timestamp(statement["timestamp"], f"{path}.timestamp", version)
    if "attachments" in statement:
        _attachments(statement["attachments"], f"{path}.attachments")


def _version(value, path: str, version: str) -> None:
    require_string(value, path)
    pattern = VERSION_1 if version.startswith("1.") else VERSION_ANY
    if not pattern.match(value):
        fail(path, "must be a supported xAPI version (1.0.x" +
             (")" if version.startswith("1.") else " or 2.0.x)"))


def _agent(agent, path: str, version: str) -> None:
    require_dict(agent, path)
    if "objectType" in agent and agent["objectType"] != "Agent":
        fail(f"{path}.objectType", "must be 'Agent'")
    allowed_keys(agent, {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}, path)
    if "name" in agent:
        require_string(agent["name"], f"{path}.name")
    check_ifi(agent, path, required=True)


def _group(group, path: str, version: str) -> None:
    allowed_keys(group, {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account",
                         "member"}, path)
    if "name" in group:
        require_string(group["name"], f"{path}.name")
    check_ifi(group, path, required=False)
    identified = any(key in group for key in ("mbox", "mbox_sha1sum", "openid", "account"))
    if not identified and "member" not in group:
        fail(f"{path}.member", "is required for an anonymous group")
    if "member" in group:
        members = group["member"]
        if not isinstance(members, list):
            fail(f"{path}.member", "must be an array of agents")
        if not identified and not members:
            fail(f"{path}.member", "must not be empty for an anonymous group")
        for index, member in enumerate(members):
            _agent(member, f"{path}.member[{index}]", version)


def _actor(actor, path: str, version: str) -> None:
    require_dict(actor, path)
    if actor.get("objectType") == "Group":
        _group(actor, path, version)
    else:
        _agent(actor, path, version)


def _authority(authority, path: str, version: str) -> None:
    _actor(authority, path, version)
    if authority.get("objectType") == "Group":
        if any(key in authority for key in ("mbox", "mbox_sha1sum", "openid", "account")):
            fail(path, "an authority group must be an anonymous OAuth group")
        if len(authority.get("member") or []) != 2:
            fail(f"{path}.member", "an OAuth authority group must have exactly two agents")


def _verb(verb, path: str) -> None:
    require_dict(verb, path)
    allowed_keys(verb, {"id", "display"}, path)
    if "id" not in verb:
        fail(f"{path}.id", "is required")
    check_iri(verb["id"], f"{path}.id")
    if "display" in verb:
        check_language_map(verb["display"], f"{path}.display")


def _object(obj, path: str, version: str, *, sub: bool) -> None:
    require_dict(obj, path)
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        _activity(obj, path)
    elif kind == "Agent":
        _agent(obj, path, version)
    elif kind == "Group":
        _group(obj, path, version)
    elif kind == "StatementRef":
        allowed_keys(obj, {"objectType", "id"}, path)
        if "id" not in obj:
            fail(f"{path}.id", "is required")
        check_uuid(obj["id"], f"{path}.id")
    elif kind == "SubStatement" and not sub:
        _substatement(obj, path, version)
    elif kind == "SubStatement":
        fail(f"{path}.objectType", "a SubStatement must not contain a SubStatement")
    else:
        fail(f"{path}.objectType", f"unknown objectType {kind!r}")


def _substatement(sub: dict, path: str, version: str) -> None:
    allowed_keys(sub, SUB_KEYS, path)
    for key in ("actor", "verb", "object"):
        if key not in sub:
            fail(f"{path}.{key}", "is required")
    _actor(sub["actor"], f"{path}.actor", version)
    _verb(sub["verb"], f"{path}.verb")
    _object(sub["object"], f"{path}.object", version, sub=True)
    _common(sub, path, version)


def _activity(activity: dict, path: str) -> None:
    allowed_keys(activity, {"objectType", "id", "definition"}, path)
    if "id" not in activity:
        fail(f"{path}.id", "is required")
    check_iri(activity["id"], f"{path}.id")
    if "definition" in activity:
        _definition(activity["definition"], f"{path}.definition")


def _definition(definition, path: str) -> None:
    require_dict(definition, path)
    allowed_keys(definition, DEFINITION_KEYS, path)
    for key in ("name", "description"):
        if key in definition:
            check_language_map(definition[key], f"{path}.{key}")
    if "type" in definition:
        check_iri(definition["type"], f"{path}.type")
    if "moreInfo" in definition:
        check_iri(definition["moreInfo"], f"{path}.moreInfo")
    if "extensions" in definition:
        check_extensions(definition["extensions"], f"{path}.extensions")
    interaction = definition.get("interactionType")
    if interaction is not None and (not isinstance(interaction, str)
                                    or interaction not in INTERACTION_TYPES):
        fail(f"{path}.interactionType", "is not a known interaction type")
    if "correctResponsesPattern" in definition:
        if interaction is None:
            fail(f"{path}.correctResponsesPattern", "needs an interactionType")
        patterns = definition["correctResponsesPattern"]
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            fail(f"{path}.correctResponsesPattern", "must be an array of strings")
    for key in COMPONENT_LISTS & set(definition):
        if interaction is None or key not in INTERACTION_TYPES[interaction]:
            fail(f"{path}.{key}", f"is not allowed for interactionType {interaction!r}")
        _components(definition[key], f"{path}.{key}")


def _components(components, path: str) -> None:
    if not isinstance(components, list):
        fail(path, "must be an array of interaction components")
    seen = set()
    for index, component in enumerate(components):
        where = f"{path}[{index}]"
        require_dict(component, where)
        allowed_keys(component, {"id", "description"}, where)
        if "id" not in component:
            fail(f"{where}.id", "is required")
        require_string(component["id"], f"{where}.id")
        if component["id"] in seen:
            fail(f"{where}.id", "must be unique within the list")
        seen.add(component["id"])
        if "description" in component:
            check_language_map(component["description"], f"{where}.description")


def _result(result, path: str) -> None:
    require_dict(result, path)
    allowed_keys(result, {"score", "success", "completion", "response", "duration",
                          "extensions"}, path)
    if "score" in result:
        _score(result["score"], f"{path}.score")
    for key in ("success", "completion"):
        if key in result:
            require_bool(result[key], f"{path}.{key}")
    if "response" in result:
        require_string(result["response"], f"{path}.response")
    if "duration" in result:
        check_duration(result["duration"], f"{path}.duration")
    if "extensions" in result:
        check_extensions(result["extensions"], f"{path}.extensions")


def _score(score, path: str) -> None:
    require_dict(score, path)
    allowed_keys(score, {"scaled", "raw", "min", "max"}, path)
    for key in score:
        require_number(score[key], f"{path}.{key}")
    if "scaled" in score and not -1 <= score["scaled"] <= 1:
        fail(f"{path}.scaled", "must be between -1 and 1")
    if "min" in score and "max" in score and score["min"] >= score["max"]:
        fail(f"{path}.min", "must be less than max")
    if "raw" in score:
        if "min" in score and score["raw"] < score["min"]:
            fail(f"{path}.raw", "must not be below min")
        if "max" in score and score["raw"] > score["max"]:
            fail(f"{path}.raw", "must not be above max")


def _context(context, path: str, version: str, obj: dict) -> None:
    require_dict(context, path)
    keys = {"registration", "instructor", "team", "contextActivities", "revision", "platform",
            "language", "statement", "extensions"}
    if not version.startswith("1."):
        keys |= {"contextAgents", "contextGroups"}
    allowed_keys(context, keys, path)
    if "registration" in context:
        check_uuid(context["registration"], f"{path}.registration")
    if "instructor" in context:
        _actor(context["instructor"], f"{path}.instructor", version)
    if "team" in context:
        team = require_dict(context["team"], f"{path}.team")
        if team.get("objectType") != "Group":
            fail(f"{path}.team.objectType", "must be 'Group'")
        _group(team, f"{path}.team", version)
    if "contextActivities" in context:
        _context_activities(context["contextActivities"], f"{path}.contextActivities")
    is_activity = obj.get("objectType", "Activity") == "Activity"
    for key in ("revision", "platform"):
        if key in context:
            require_string(context[key], f"{path}.{key}")
            if not is_activity:
                fail(f"{path}.{key}", "is only allowed when the object is an Activity")
    if "language" in context:
        check_language_map({context["language"]: ""} if isinstance(context["language"], str)
                           else None, f"{path}.language")
    if "statement" in context:
        ref = require_dict(context["statement"], f"{path}.statement")
        allowed_keys(ref, {"objectType", "id"}, f"{path}.statement")
        if ref.get("objectType") != "StatementRef":
            fail(f"{path}.statement.objectType", "must be 'StatementRef'")
        check_uuid(ref.get("id"), f"{path}.statement.id")
    if "extensions" in context:
        check_extensions(context["extensions"], f"{path}.extensions")
    if "contextAgents" in context:
        _context_members(context["contextAgents"], f"{path}.contextAgents", "contextAgent",
                         "agent", version)
    if "contextGroups" in context:
        _context_members(context["contextGroups"], f"{path}.contextGroups", "contextGroup",
                         "group", version)


def _context_activities(value, path: str) -> None:
    require_dict(value, path)
    allowed_keys(value, CONTEXT_ACTIVITY_KEYS, path)
    for key, activities in value.items():
        items = activities if isinstance(activities, list) else [activities]
        for index, activity in enumerate(items):
            where = f"{path}.{key}[{index}]"
            require_dict(activity, where)
            if activity.get("objectType", "Activity") != "Activity":
                fail(f"{where}.objectType", "must be 'Activity'")
            _activity(activity, where)


def _context_members(value, path: str, object_type: str, member: str, version: str) -> None:
    if not isinstance(value, list):
        fail(path, "must be an array")
    for index, item in enumerate(value):
        where = f"{path}[{index}]"
        require_dict(item, where)
        allowed_keys(item, {"objectType", member, "relevantTypes"}, where)
        if item.get("objectType") != object_type:
            fail(f"{where}.objectType", f"must be {object_type!r}")
        if member not in item:
            fail(f"{where}.{member}", "is required")
        if member == "agent":
            _agent(item["agent"], f"{where}.agent", version)
        else:
            group = require_dict(item["group"], f"{where}.group")
            if group.get("objectType") != "Group":
                fail(f"{where}.group.objectType", "must be 'Group'")
            _group(group, f"{where}.group", version)
        if "relevantTypes" in item:
            types = item["relevantTypes"]
            if not isinstance(types, list) or not types:
                fail(f"{where}.relevantTypes", "must be a non-empty array of IRIs")
            for position, iri in enumerate(types):
                check_iri(iri, f"{where}.relevantTypes[{position}]")


def _attachments(value, path: str) -> None:
    if not isinstance(value, list):
        fail(path, "must be an array")
    for index, attachment in enumerate(value):
        where = f"{path}[{index}]"
        require_dict(attachment, where)
        allowed_keys(attachment, {"usageType", "display", "description", "contentType",
                                  "length", "sha2", "fileUrl"}, where)
        for key in ("usageType", "display", "contentType", "length", "sha2"):
            if key not in attachment:
                fail(f"{where}.{key}", "is required")
        check_iri(attachment["usageType"], f"{where}.usageType")
        check_language_map(attachment["display"], f"{where}.display")
        if "description" in attachment:
            check_language_map(attachment["description"], f"{where}.description")
        check_media_type(attachment["contentType"], f"{where}.contentType")
        length = attachment["length"]
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            fail(f"{where}.length", "must be a non-negative integer")
        require_string(attachment["sha2"], f"{where}.sha2")
        if "fileUrl" in attachment:
            check_iri(attachment["fileUrl"], f"{where}.fileUrl")


def validate_actor(actor, path: str, version: str) -> None:
    """Raise :class:`StatementError` unless ``actor`` is a valid Agent or Group."""
    _actor(actor, path, version)
