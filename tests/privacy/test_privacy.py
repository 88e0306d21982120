"""Learners' own data: the readable page, the JSON download, account deletion with
pseudonymised statements (totals unchanged, nobody named), and the access log."""

import json
import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.accounts.models import User
from lms.certificates.models import Certificate, CertificateFile
from lms.extensions import db
from lms.monitoring import services as monitoring
from lms.player.models import NotebookEntry
from lms.privacy.models import AccountDeletion, DataAccess
from lms.progress.services import rebuild_progress
from lms.reports import funnel, overview, services
from lms.reports.services import Filters, Scope
from lms.xapi.models import XapiStatement
from lms.xapi.services import record_statements
from tests.conftest import PASSWORD
from tests.reports.dataset import NOW, Learning, build_dataset


@pytest.fixture
def dataset(make_organisation, make_user):
    return build_dataset(make_organisation, make_user, sizes=(6, 5, 5))


@pytest.fixture
def graduate(dataset):
    """A learner of the first organisation who completed the course (so holds a certificate),
    with a note in the notebook."""
    user = dataset.learners[dataset.organisations[0].id][0]
    learning = Learning(random.Random(1), "http://lernraum.test", user, NOW - timedelta(days=3))
    for module in dataset.modules[:2]:
        learning.module(module, pages=3, answers=[[True, True]])
    record_statements(learning.statements)
    db.session.add(NotebookEntry(user_id=user.id, module_id=dataset.modules[0].id,
                                 element_id="transfer", prompt="Was nehmen Sie mit?",
                                 text="Bürgerbus in Nordheim anfragen"))
    db.session.commit()
    assert db.session.scalars(select(Certificate).where(Certificate.user_id == user.id)).all()
    return user


def test_own_data_json_holds_every_section(client, login, graduate):
    login(graduate)

    response = client.get("/konto/daten.json")

    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["email"] == graduate.email
    assert data["profile"]["organisation"]["name"] == "Generierte Gemeinde 1"
    assert {m["status"] for m in data["progress"]["modules"]} >= {"passed"}
    assert data["notes"][0]["text"] == "Bürgerbus in Nordheim anfragen"
    assert data["certificates"][0]["name_on_certificate"] == graduate.name
    mine = db.session.scalars(select(XapiStatement.document)).all()
    expected = [d for d in mine if graduate.xapi_name in d]
    assert len(data["xapi_statements"]) == len(expected)
    assert data["access_log"] == []


def test_own_data_page_reads_as_german_sentences(client, login, graduate):
    login(graduate)

    html = client.get("/konto/daten").get_data(as_text=True)

    assert "Meine Daten" in html and graduate.email in html
    assert "hat das Modul „Generiertes Modul 2“ abgeschlossen" in html
    assert "hat die Quizfrage 2 im Modul „Generiertes Modul 2“ richtig beantwortet" in html
    assert "Niemand aus Koordination oder Administration hat diese Daten bisher angesehen." in html
    assert "(gültig)" in html and "(valid)" not in html


def test_coordinator_views_are_logged_and_shown_to_the_learner(client, login, dataset,
                                                              graduate):
    coordinator = dataset.coordinators[dataset.organisations[0].id]
    login(coordinator)
    client.get(f"/koordination/fortschritt/lernende/{graduate.id}")
    client.get("/abmelden")
    client.post("/abmelden")

    login(graduate)
    html = client.get("/konto/daten").get_data(as_text=True)

    [entry] = db.session.scalars(select(DataAccess)).all()
    assert (entry.viewer_id, entry.subject_id, entry.what) == (coordinator.id, graduate.id,
                                                               "learner_page")
    assert coordinator.name in html and "Lernstand (Einzelansicht)" in html


def test_admins_see_the_access_log(client, login, dataset, graduate, make_user):
    coordinator = dataset.coordinators[dataset.organisations[0].id]
    login(coordinator)
    client.get(f"/koordination/fortschritt/lernende/{graduate.id}")
    client.post("/abmelden")
    login(make_user(roles=["admin"]))

    html = client.get("/admin/datenzugriffe").get_data(as_text=True)

    assert coordinator.name in html and graduate.name in html


def _totals(dataset):
    everyone = Scope(None, everyone=True)
    return (overview.key_figures(everyone, NOW.date()),
            [(f.started, f.completed, f.passed) for f in funnel.funnels(everyone,
                                                                        services.modules())],
            [p.shown for p in monitoring.active_by_week(NOW.date()).points],
            db.session.query(XapiStatement).count())


def test_deleting_the_own_account_keeps_totals_and_names_nobody(client, login, dataset,
                                                                graduate):
    before = _totals(dataset)
    old = (graduate.xapi_name, graduate.email, graduate.name)
    login(graduate)

    page = client.get("/konto/loeschen").get_data(as_text=True)
    response = client.post("/konto/loeschen", data={"password": PASSWORD, "understood": "y"})

    assert "zufällige Kennung" in page
    assert response.status_code == 200 and "Ihr Konto ist gelöscht" in response.get_data(
        as_text=True)
    db.session.expire_all()
    assert _totals(dataset) == before
    documents = db.session.scalars(select(XapiStatement.document)).all()
    assert not [d for d in documents if any(value in d for value in old)]
    user = db.session.get(User, graduate.id)
    assert user.name == "Gelöschtes Konto" and not user.active
    assert db.session.scalars(select(NotebookEntry)).all() == []
    assert client.post("/anmelden", data={"email": old[1], "password": PASSWORD}
                       ).status_code != 302


def test_pseudonymised_statements_still_find_their_progress(dataset, graduate, client, login):
    login(graduate)
    client.post("/konto/loeschen", data={"password": PASSWORD, "understood": "y"})
    db.session.expire_all()
    before = db.session.scalars(select(Certificate)).all()
    done_before = overview.key_figures(Scope(None, everyone=True), NOW.date())

    rebuild_progress()

    shell = db.session.get(User, graduate.id)
    figures = overview.key_figures(Scope(None, everyone=True), NOW.date())
    assert figures == done_before
    assert services.learner_report(Scope(shell.organisation), shell.id) is None  # not listed
    assert len(db.session.scalars(select(Certificate)).all()) == len(before)


def test_deleted_accounts_leave_lists_but_count_in_totals(client, login, dataset, graduate):
    organisation = dataset.organisations[0]
    learners = services.learner_count(Scope(organisation))
    login(graduate)
    client.post("/konto/loeschen", data={"password": PASSWORD, "understood": "y"})
    db.session.expire_all()

    names = [row.name for row in db.session.execute(
        services.learner_table(Scope(organisation), Filters()))]

    assert services.learner_count(Scope(organisation)) == learners
    assert "Gelöschtes Konto" not in names and graduate.name not in names


def test_certificates_stay_verifiable_without_the_name(client, login, graduate):
    [certificate] = db.session.scalars(select(Certificate).where(
        Certificate.user_id == graduate.id)).all()
    login(graduate)
    client.post("/konto/loeschen", data={"password": PASSWORD, "understood": "y"})

    html = client.get(f"/nachweis/{certificate.code}").get_data(as_text=True)

    db.session.expire_all()
    assert certificate.learner_name == "" and "learner_name" not in json.dumps(
        certificate.snapshot).replace('"learner_name": ""', "")
    assert db.session.get(CertificateFile, certificate.id) is None
    assert "gültig" in html and graduate.name not in html
    assert "auf Wunsch der Person entfernt" in html


def test_wrong_password_or_missing_tick_deletes_nothing(client, login, graduate):
    login(graduate)

    wrong = client.post("/konto/loeschen", data={"password": "falsch", "understood": "y"})
    untick = client.post("/konto/loeschen", data={"password": PASSWORD})

    assert wrong.status_code == 400 and "Das Passwort stimmt nicht." in wrong.get_data(
        as_text=True)
    assert untick.status_code == 400
    db.session.expire_all()
    assert db.session.scalars(select(AccountDeletion)).all() == []
    assert db.session.get(User, graduate.id).active


def test_admin_deletes_on_request_and_may_keep_certificate_names(client, login, graduate,
                                                                 make_user):
    admin = make_user(roles=["admin"])
    login(admin)

    client.get(f"/admin/nutzer/{graduate.id}/daten")
    response = client.post(f"/admin/nutzer/{graduate.id}/loeschen",
                           data={"understood": "y", "keep_certificate_names": "y"})

    assert response.status_code == 302
    db.session.expire_all()
    [certificate] = db.session.scalars(select(Certificate).where(
        Certificate.user_id == graduate.id)).all()
    assert certificate.learner_name == "Lernende 1-00"
    record = db.session.scalars(select(AccountDeletion)).one()
    assert record.by_admin and record.kept_certificate_names
    whats = sorted(a.what for a in db.session.scalars(select(DataAccess)))
    assert whats == ["data_page", "deletion"]


def test_admins_cannot_delete_themselves(client, login, make_user):
    admin = make_user(roles=["admin"])
    login(admin)

    response = client.post("/konto/loeschen", data={"password": PASSWORD, "understood": "y"})

    assert "kann sich nicht selbst löschen" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).active


def test_other_open_sessions_end_with_the_deletion(app, login, client, graduate):
    other = app.test_client()
    other.post("/anmelden", data={"email": graduate.email, "password": PASSWORD})
    assert other.get("/konto/daten").status_code == 200
    login(graduate)

    client.post("/konto/loeschen", data={"password": PASSWORD, "understood": "y"})

    assert other.get("/konto/daten").status_code == 302  # back to the login page
