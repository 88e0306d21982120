"""Builders for modules, courses and completed progress, shared by the certificate tests."""

from datetime import datetime, timedelta
from itertools import count

from lms.catalog.models import Course, CourseModule, Module, ModuleVersion
from lms.core.models import utcnow
from lms.extensions import db
from lms.progress.models import ModuleProgress, Status

_sequence = count(1)


def build_module(title: str = "", hours: float = 1.5, grants: bool = False) -> Module:
    """A published module with one version."""
    n = next(_sequence)
    module = Module(slug=f"modul-{n}", kind="native")
    db.session.add(module)
    db.session.flush()
    version = ModuleVersion(
        module_id=module.id, version="1.0", title=title or f"Lernmodul {n}", summary="Kurz gesagt.",
        certificate_hours=hours, grants_certificate=grants, content_hash=f"{n:064d}",
        manifest={"id": module.slug, "certificate": grants}, content={"pages": []},
    )
    db.session.add(version)
    db.session.flush()
    module.current_version_id = version.id
    db.session.commit()
    return module


def build_course(modules: list[Module], title: str = "", template: str = "kurs") -> Course:
    """A course whose required modules are ``modules``, in order."""
    n = next(_sequence)
    course = Course(slug=f"kurs-{n}", version="1.0", title=title or f"Kurs {n}",
                    summary="Ein Kurs.", certificate_template=template)
    course.entries = [CourseModule(module_id=m.id, required=True, position=i)
                      for i, m in enumerate(modules)]
    db.session.add(course)
    db.session.commit()
    return course


def complete(user, module: Module, at: datetime | None = None) -> ModuleProgress:
    """Record that ``user`` completed ``module`` (as the progress projector would)."""
    at = at or utcnow()
    row = ModuleProgress(
        user_id=user.id, module_id=module.id, module_version_id=module.current_version_id,
        registration=f"{next(_sequence):036d}", status=Status.COMPLETED, attempts=1,
        started_at=at - timedelta(hours=1), last_activity_at=at, completed_at=at,
    )
    db.session.add(row)
    db.session.commit()
    return row
