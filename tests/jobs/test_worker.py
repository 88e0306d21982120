"""``flask lms worker`` processes what the app queued in the SQLite queue file."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from lms import create_app
from lms.core.mail import send_mail
from lms.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def test_the_worker_sends_a_queued_mail(tmp_path):
    settings = {"LMS_DATABASE_URL": f"sqlite:///{tmp_path}/app.db",
                "LMS_QUEUE_URL": f"sqlite:///{tmp_path}/queue.db",
                "LMS_SECRET_KEY": "worker-test-secret-key-0123456789abcdef"}
    mail = tmp_path / "instance-mail"
    app = create_app({"SECRET_KEY": settings["LMS_SECRET_KEY"], "MAIL_FOLDER": str(mail),
                      "SQLALCHEMY_DATABASE_URI": settings["LMS_DATABASE_URL"],
                      "QUEUE_URL": settings["LMS_QUEUE_URL"]})
    with app.app_context():
        db.create_all()
        send_mail("person@beispiel.de", "Erinnerung", "Morgen ist Seminar.")
        db.engine.dispose()
    assert not mail.exists()  # queued, not sent: no worker runs yet
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "lms", "worker", "--threads", "1"],
        cwd=ROOT, env={**os.environ, **settings, "FLASK_RUN_FROM_CLI": "true",
                       "LMS_MAIL_FOLDER": str(mail)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while not list(mail.glob("*.eml")) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGINT)
        output = worker.communicate(timeout=20)[0].decode()
    [sent] = list(mail.glob("*.eml"))
    assert "Morgen ist Seminar." in sent.read_text(), output
