"""Modules and their pages in the search index, kept in step whenever a version is published.

A module is (re)indexed in the transaction that changes its current version or its
``published`` flag: the change is noted on the session and indexed just before commit.
"""

from sqlalchemy import event, select
from sqlalchemy.orm import Session, object_session

from lms.catalog.models import Module, ModuleVersion
from lms.extensions import db
from lms.search import services as search
from lms.search.text import plain_text

PENDING = "search_pending_modules"


def page_text(page: dict) -> str:
    """The readable text of one module page: its Markdown segments."""
    return "\n".join(plain_text(segment.get("text", "")) for segment in page.get("segments", [])
                     if segment.get("type") == "markdown")


def index_module(module: Module) -> None:
    """Index the module's current version and each of its pages, or drop them if unpublished."""
    search.remove_documents("modulseite", f"{module.slug}/")
    version = module.current_version
    if version is None or not module.published:
        search.remove_document("modul", module.slug)
        return
    manifest = version.manifest or {}
    topics = manifest.get("topics", [])
    search.index_document("modul", module.slug, title=version.title, summary=version.summary,
                          body="\n".join(str(item) for item in manifest.get("objectives", [])),
                          topics=topics)
    for page in (version.content or {}).get("pages", []):
        search.index_document("modulseite", f"{module.slug}/{page['position']}",
                              title=page.get("title", ""), body=page_text(page),
                              context=version.title, topics=topics)


def reindex_modules() -> int:
    """Index every module afresh (``lms reindex-search``)."""
    modules = list(db.session.scalars(select(Module)))
    for module in modules:
        index_module(module)
    return len(modules)


def _note(module: Module, *_args) -> None:
    session = object_session(module)
    if session is not None:
        session.info.setdefault(PENDING, set()).add(module.slug)


def _index_pending(session: Session) -> None:
    slugs = session.info.pop(PENDING, set())
    if not slugs:
        return
    session.flush()
    for module in session.scalars(select(Module).where(Module.slug.in_(sorted(slugs)))):
        index_module(module)


def listen() -> None:
    """Watch version and publication changes of modules (once per process)."""
    if not event.contains(Module.current_version, "set", _note):
        event.listen(Module.current_version, "set", _note)
        event.listen(Module.published, "set", _note)
        event.listen(Session, "before_commit", _index_pending)


__all__ = ["ModuleVersion", "index_module", "listen", "reindex_modules"]
