"""``lms backup`` while the app writes, ``lms restore`` into a fresh instance: all is back."""

import threading
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from lms import create_app, signals
from lms.accounts import services as accounts
from lms.certificates import services as certificates
from lms.certificates.models import Certificate, CertificateFile
from lms.core import backup
from lms.extensions import db
from lms.xapi.models import XapiStatement, XapiStatementTerm
from lms.xapi.services import record_statements
from tests.certificates.builders import build_course, build_module, complete
from tests.lrs_process import scratch_database

SECRET = "backup-test-secret-key-0123456789abcdefghij"


_apps: list = []


def _app(tmp_path, name: str):
    app = create_app({"SECRET_KEY": SECRET, "TESTING": True, "BASE_URL": "http://lernraum.test",
                      "SQLALCHEMY_DATABASE_URI": scratch_database(tmp_path, name),
                      "INSTANCE_PATH": str(tmp_path / name)})
    _apps.append(app)
    return app


@pytest.fixture(autouse=True)
def _close_connections():
    """Each instance made here closes its database connections when the test ends."""
    yield
    while _apps:
        with _apps.pop().app_context():
            db.session.remove()
            db.engine.dispose()


def _statement() -> dict:
    return {"id": str(uuid.uuid4()),
            "actor": {"account": {"homePage": "http://lernraum.test", "name": "lernende-1"}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
            "object": {"id": "http://lernraum.test/xapi/activities/page/1"}}


def _fill(app) -> dict:
    """Statements, a rendered certificate and uploaded files; returns what to look for."""
    with app.app_context():
        db.create_all()
        ids = record_statements([_statement() for _ in range(30)])
        learner = accounts.create_user(email="annegret@beispiel.de", name="Annegret Müller",
                                       password="Sonnenblume-im-Rathaus-7", organisation_id=None)
        db.session.commit()
        modules = [build_module("Grundlagen", 1.5)]
        course = build_course(modules, title="Demografischen Wandel gestalten")
        complete(learner, modules[0], datetime(2026, 11, 20, tzinfo=UTC))
        signals.course_completed.send(None, user_id=learner.id, course_id=course.id,
                                      completed_at=datetime(2026, 11, 21, tzinfo=UTC))
        db.session.commit()
        certificate = db.session.scalar(select(Certificate))
        assert certificates.render_certificate(certificate.id)
        pdf = db.session.get(CertificateFile, certificate.id).pdf
        packages = backup.Path(app.config["PACKAGE_STORAGE"]) / "kurs-a" / "1.0.0"
        packages.mkdir(parents=True)
        (packages / "index.html").write_text("<h1>Paket</h1>")
        upload = backup.Path(app.instance_path) / "uploads" / "karte.png"
        upload.parent.mkdir()
        upload.write_bytes(b"\x89PNG Karte")
        db.session.remove()
    return {"ids": ids, "code": certificate.code, "pdf": pdf}


def _keep_writing(app, stop: threading.Event, written: list) -> None:
    with app.app_context():
        while not stop.is_set():
            written.extend(record_statements([_statement() for _ in range(20)]))
        db.session.remove()


def test_a_backup_taken_while_writing_restores_into_a_fresh_instance(tmp_path):
    source = _app(tmp_path, "quelle")
    expected = _fill(source)
    stop, written = threading.Event(), []
    writer = threading.Thread(target=_keep_writing, args=(source, stop, written))
    writer.start()
    try:
        with source.app_context():
            result = source.test_cli_runner().invoke(args=["lms", "backup",
                                                           str(tmp_path / "sicherung")])
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert "Sicherung in" in result.output and "2 Dateien" in result.output

    fresh = _app(tmp_path, "neu")
    with fresh.app_context():
        restored = fresh.test_cli_runner().invoke(args=["lms", "restore",
                                                        str(tmp_path / "sicherung")])
        assert restored.exit_code == 0, restored.output
        stored = set(db.session.scalars(select(XapiStatement.statement_id)))
        assert set(expected["ids"]) <= stored <= set(expected["ids"]) | set(written)
        # One consistent moment: every statement restored with all of its filter terms.
        actor_terms = db.session.scalar(select(func.count()).select_from(XapiStatementTerm)
                                        .where(XapiStatementTerm.term.like("p:%")))
        assert actor_terms == len(stored)
        certificate = db.session.scalar(select(Certificate))
        assert certificate.code == expected["code"]
        assert db.session.get(CertificateFile, certificate.id).pdf == expected["pdf"]
        db.session.remove()
    package = tmp_path / "neu" / "packages" / "kurs-a" / "1.0.0" / "index.html"
    assert package.read_text() == "<h1>Paket</h1>"
    assert (tmp_path / "neu" / "uploads" / "karte.png").read_bytes() == b"\x89PNG Karte"


def test_restore_refuses_to_overwrite_data_unless_asked(tmp_path):
    source = _app(tmp_path, "quelle")
    _fill(source)
    with source.app_context():
        backup.create_backup(tmp_path / "sicherung")
        with pytest.raises(backup.BackupError, match="--ueberschreiben"):
            backup.restore_backup(tmp_path / "sicherung")
        db.session.remove()


def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path):
    source = _app(tmp_path, "quelle")
    _fill(source)
    with source.app_context():
        backup.create_backup(tmp_path / "sicherung")
        db.session.remove()
    (tmp_path / "sicherung" / "files" / "instance" / "uploads" / "karte.png").write_bytes(b"x")
    fresh = _app(tmp_path, "neu")
    with fresh.app_context():
        result = fresh.test_cli_runner().invoke(args=["lms", "restore",
                                                      str(tmp_path / "sicherung")])
        assert result.exit_code == 1
        assert "karte.png: fehlt oder ist beschädigt" in result.output
        assert db.inspect(db.engine).get_table_names() == []


def test_backup_into_a_folder_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "voll").mkdir()
    (tmp_path / "voll" / "alt.txt").write_text("alt")
    source = _app(tmp_path, "quelle")
    with source.app_context():
        db.create_all()
        result = source.test_cli_runner().invoke(args=["lms", "backup", str(tmp_path / "voll")])
    assert result.exit_code == 1 and "nicht leer" in result.output
    assert sorted(p.name for p in (tmp_path / "voll").iterdir()) == ["alt.txt"]
