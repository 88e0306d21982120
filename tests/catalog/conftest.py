"""Builders for catalogue tests: modules with a current version, courses and progress rows."""

from collections.abc import Callable
from datetime import timedelta
from itertools import count

import pytest

from lms.catalog.models import Course, CourseModule, Module, ModuleVersion
from lms.core.models import utcnow
from lms.extensions import db
from lms.progress.models import ModuleProgress, Status

_numbers = count(1)


def manifest_for(slug: str, **fields) -> dict:
    """A module manifest as the loader stores it, with test defaults."""
    return {
        "id": slug,
        "version": fields.get("version", "1.0.0"),
        "title": fields["title"],
        "summary": fields.get("summary", ""),
        "topics": list(fields.get("topics", ["mobilitaet"])),
        "target_groups": list(fields.get("target_groups", ["verwaltung"])),
        "level": fields.get("level", "einstieg"),
        "minutes": fields.get("minutes", 45),
        "language": "de",
        "authors": ["Netzwerkstelle"],
        "objectives": list(fields.get("objectives", [])),
        "prerequisites": list(fields.get("prerequisites", [])),
        "wiki": list(fields.get("wiki", [])),
        "seminars": list(fields.get("seminars", [])),
        "certificate_hours": fields.get("certificate_hours", 1.0),
        "certificate": False,
        "completion": fields.get("completion", {"pages": "all", "quiz": True}),
        "quiz": fields.get("quiz", {"pass_threshold": 0.8, "max_attempts": 3, "shuffle": True}),
    }


def add_version(module: Module, *, pages: int = 4, **fields) -> ModuleVersion:
    """Store a new version of ``module`` and make it the current one."""
    fields.setdefault("title", f"Modul {module.slug}")
    manifest = manifest_for(module.slug, **fields)
    content = {
        "pages": [
            {"position": n, "file": f"pages/{n:02d}.md", "title": f"Seite {n}", "segments": []}
            for n in range(1, pages + 1)
        ],
        "quiz": {"questions": [{"id": "q-test", "kind": "true-false"}]},
    }
    version = ModuleVersion(
        module_id=module.id,
        version=manifest["version"],
        title=manifest["title"],
        summary=manifest["summary"],
        level=manifest["level"],
        minutes=manifest["minutes"],
        certificate_hours=manifest["certificate_hours"],
        content_hash=f"hash-{next(_numbers)}",
        manifest=manifest,
        content=content,
    )
    db.session.add(version)
    db.session.flush()
    module.current_version = version
    db.session.commit()
    return version


@pytest.fixture
def make_module(app) -> Callable[..., Module]:
    """Builder for a published module with one current version; fields go into its manifest."""

    def build(
        slug: str | None = None,
        *,
        kind: str = "native",
        published: bool = True,
        pages: int = 4,
        **fields,
    ) -> Module:
        module = Module(slug=slug or f"modul-{next(_numbers)}", kind=kind, published=published)
        db.session.add(module)
        db.session.flush()
        add_version(module, pages=pages, **fields)
        return module

    return build


@pytest.fixture
def make_course(app) -> Callable[..., Course]:
    """Builder for a course from required and elective modules."""

    def build(
        slug: str = "demografie-vor-ort",
        *,
        required=(),
        electives=(),
        electives_needed: int = 0,
        title: str = "Demografischen Wandel vor Ort gestalten",
    ) -> Course:
        course = Course(
            slug=slug,
            version="1.0.0",
            title=title,
            summary="Der Basiskurs.",
            electives_needed=electives_needed,
        )
        wanted = [(module, True) for module in required] + [(module, False) for module in electives]
        course.entries = [
            CourseModule(module_id=module.id, required=is_required, position=position)
            for position, (module, is_required) in enumerate(wanted)
        ]
        db.session.add(course)
        db.session.commit()
        return course

    return build


@pytest.fixture
def make_progress(app) -> Callable[..., ModuleProgress]:
    """Builder for a learner's progress row in a module, pinned to its current version."""

    def build(
        user,
        module: Module,
        *,
        status: str = Status.IN_PROGRESS,
        pages_seen=(1,),
        last_page: int = 1,
        best_score: float | None = None,
        minutes_ago: int = 10,
        version: ModuleVersion | None = None,
    ):
        now = utcnow()
        progress = ModuleProgress(
            user_id=user.id,
            module_id=module.id,
            module_version_id=(version or module.current_version).id,
            registration=f"00000000-0000-4000-8000-{next(_numbers):012d}",
            status=status,
            best_score=best_score,
            pages_seen=list(pages_seen),
            last_page=last_page,
            started_at=now - timedelta(minutes=minutes_ago + 5),
            last_activity_at=now - timedelta(minutes=minutes_ago),
            completed_at=now if status in (Status.COMPLETED, Status.PASSED) else None,
        )
        db.session.add(progress)
        db.session.commit()
        return progress

    return build
