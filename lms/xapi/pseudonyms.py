"""Replacing a learner's account in stored statements by a pseudonym (GDPR erasure): the
statements stay, so every count over them stays right, but name nobody any more."""

import json

from sqlalchemy import delete, select, update

from lms.extensions import db
from lms.xapi.formats import agent_key
from lms.xapi.models import LaunchCredential, XapiDocument, XapiStatement, XapiStatementTerm
from lms.xapi.storage import dumps
from lms.xapi.terms import term

BATCH = 500


def _home_pages(base_url: str) -> set[str]:
    bare = base_url.rstrip("/")
    return {bare, bare + "/"}


def _rewrite(value, home_pages: set[str], old_name: str, new_name: str) -> bool:
    """Replace the account in place wherever it appears; True if anything changed."""
    changed = False
    if isinstance(value, dict):
        account = value.get("account")
        if (isinstance(account, dict) and account.get("name") == old_name
                and account.get("homePage") in home_pages):
            value["account"] = {**account, "name": new_name}
            value.pop("name", None)
            changed = True
        for key, item in list(value.items()):
            if key != "account" and isinstance(item, dict | list):
                changed = _rewrite(item, home_pages, old_name, new_name) or changed
    elif isinstance(value, list):
        for item in value:
            changed = _rewrite(item, home_pages, old_name, new_name) or changed
    return changed


def replace_account(base_url: str, old_name: str, new_name: str) -> int:
    """Rewrite every stored statement that names the account ``old_name`` of this platform
    (as actor, object, team, instructor, in sub-statements) to ``new_name`` without a display
    name, move its filter terms along, and drop its State documents and launch credentials.
    Returns how many statements were rewritten; does not commit."""
    home_pages = _home_pages(base_url)
    keys = {agent_key({"account": {"homePage": page, "name": old_name}}): page
            for page in home_pages}
    old_terms = [term(prefix, key) for key in keys for prefix in ("g", "p")]
    seqs = list(db.session.scalars(select(XapiStatementTerm.seq).where(
        XapiStatementTerm.term.in_(old_terms)).distinct()))
    rewritten = 0
    for start in range(0, len(seqs), BATCH):
        rows = db.session.execute(select(XapiStatement.seq, XapiStatement.document).where(
            XapiStatement.seq.in_(seqs[start:start + BATCH]))).all()
        for seq, document in rows:
            statement = json.loads(document)
            if _rewrite(statement, home_pages, old_name, new_name):
                db.session.execute(update(XapiStatement).where(XapiStatement.seq == seq)
                                   .values(document=dumps(statement)))
                rewritten += 1
    for key, page in keys.items():
        new_key = agent_key({"account": {"homePage": page, "name": new_name}})
        for prefix in ("g", "p"):
            db.session.execute(update(XapiStatementTerm)
                               .where(XapiStatementTerm.term == term(prefix, key))
                               .values(term=term(prefix, new_key)))
        db.session.execute(delete(XapiDocument).where(XapiDocument.agent_key == key))
        db.session.execute(delete(LaunchCredential).where(LaunchCredential.agent_key == key))
    return rewritten
