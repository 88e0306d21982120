"""The filter terms a statement is found by: its agents, activities, verb and registration."""

import hashlib

from lms.xapi.formats import agent_key

MAX_TERM = 500


def term(prefix: str, value: str) -> str:
    """``prefix:value``; values too long for the index are replaced by their SHA-256."""
    text = f"{prefix}:{value}"
    if len(text) <= MAX_TERM:
        return text
    return f"{prefix}#{hashlib.sha256(value.encode()).hexdigest()}"


def agent_terms(agent: dict | None, *, direct: bool) -> set[str]:
    """Terms for an agent or group: ``p:`` when it is actor/object, ``g:`` always, members too."""
    if not isinstance(agent, dict):
        return set()
    found = set()
    key = agent_key(agent)
    if key:
        found.add(term("g", key))
        if direct:
            found.add(term("p", key))
    for member in agent.get("member") or []:
        member_key = agent_key(member)
        if member_key:
            found.add(term("g", member_key))
    return found


def _context_activity_ids(context: dict) -> list[str]:
    ids = []
    for activities in (context.get("contextActivities") or {}).values():
        items = activities if isinstance(activities, list) else [activities]
        ids.extend(item["id"] for item in items)
    return ids


def _context_agent_terms(context: dict) -> set[str]:
    found = agent_terms(context.get("instructor"), direct=False)
    found |= agent_terms(context.get("team"), direct=False)
    for item in context.get("contextAgents") or []:
        found |= agent_terms(item.get("agent"), direct=False)
    for item in context.get("contextGroups") or []:
        found |= agent_terms(item.get("group"), direct=False)
    return found


def statement_terms(statement: dict) -> set[str]:
    """Every filter term of a validated statement (StatementRef targets are added by storage)."""
    found = {term("v", statement["verb"]["id"])}
    found |= agent_terms(statement["actor"], direct=True)
    found |= agent_terms(statement.get("authority"), direct=False)
    obj = statement["object"]
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        found |= {term("o", obj["id"]), term("a", obj["id"])}
    elif kind in ("Agent", "Group"):
        found |= agent_terms(obj, direct=True)
    elif kind == "SubStatement":
        found |= agent_terms(obj["actor"], direct=False)
        inner = obj["object"]
        if inner.get("objectType", "Activity") == "Activity":
            found.add(term("a", inner["id"]))
        elif inner.get("objectType") in ("Agent", "Group"):
            found |= agent_terms(inner, direct=False)
        inner_context = obj.get("context") or {}
        found |= {term("a", iri) for iri in _context_activity_ids(inner_context)}
        found |= _context_agent_terms(inner_context)
    context = statement.get("context") or {}
    found |= {term("a", iri) for iri in _context_activity_ids(context)}
    found |= _context_agent_terms(context)
    if "registration" in context:
        found.add(term("r", context["registration"].lower()))
    return found


def activities_with_definitions(statement: dict) -> list[dict]:
    """Every activity object in a statement (object, context activities, sub-statement)."""
    found = []

    def visit(obj: dict, context: dict) -> None:
        if obj.get("objectType", "Activity") == "Activity":
            found.append(obj)
        for activities in (context.get("contextActivities") or {}).values():
            found.extend(activities if isinstance(activities, list) else [activities])

    visit(statement["object"], statement.get("context") or {})
    if statement["object"].get("objectType") == "SubStatement":
        sub = statement["object"]
        visit(sub["object"], sub.get("context") or {})
    return found
