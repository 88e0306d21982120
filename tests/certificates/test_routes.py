"""Pages: my certificates, downloads, coordinators' and admins' lists, and who may see what."""

import pytest

from lms.certificates import services
from lms.certificates.models import Certificate
from lms.extensions import db
from tests.certificates.builders import build_course, build_module, complete


@pytest.fixture
def certificate(completed_course, issue_course):
    learner, course, _ = completed_course
    return issue_course(learner, course)


def test_my_certificates_lists_mine_and_links_the_pdf(client, login, certificate):
    login(certificate.user)
    page = client.get("/nachweise").get_data(as_text=True)
    assert "Demografischen Wandel gestalten" in page
    assert certificate.code[:4] in page
    assert "Ihr Nachweis wird vorbereitet." in page
    assert f"/nachweise/{certificate.id}/pdf" in page


def test_empty_state_links_to_the_catalogue(client, login, make_user):
    login(make_user())
    page = client.get("/nachweise").get_data(as_text=True)
    assert "Sie haben noch keine Nachweise." in page
    assert 'href="/module"' in page


def test_menu_entry_is_shown_to_logged_in_users_only(client, login, make_user):
    assert "Meine Nachweise" not in client.get("/").get_data(as_text=True)
    login(make_user())
    assert "Meine Nachweise" in client.get("/").get_data(as_text=True)


def test_owner_downloads_the_pdf_rendered_on_demand(client, login, certificate):
    login(certificate.user)
    response = client.get(f"/nachweise/{certificate.id}/pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "private, no-store"


def test_failed_rendering_shows_that_the_certificate_is_being_prepared(client, login, certificate):
    certificate.template = "gibt-es-nicht"
    db.session.commit()
    login(certificate.user)
    response = client.get(f"/nachweise/{certificate.id}/pdf")
    assert response.status_code == 202
    assert "Ihr Nachweis wird vorbereitet" in response.get_data(as_text=True)
    assert db.session.get(Certificate, certificate.id).status == "valid"


def _other_org_coordinator(make_user, make_organisation):
    return make_user(roles=["coordinator"], organisation=make_organisation())


@pytest.mark.parametrize(("who", "expected"), [
    ("owner", 200), ("other_learner", 404), ("same_org_learner", 404),
    ("same_org_coordinator", 200), ("other_org_coordinator", 404), ("admin", 200),
])
def test_who_may_download(client, login, make_user, make_organisation, certificate, who, expected):
    organisation = certificate.user.organisation
    users = {
        "owner": lambda: certificate.user,
        "other_learner": lambda: make_user(),
        "same_org_learner": lambda: make_user(organisation=organisation),
        "same_org_coordinator": lambda: make_user(roles=["coordinator"], organisation=organisation),
        "other_org_coordinator": lambda: _other_org_coordinator(make_user, make_organisation),
        "admin": lambda: make_user(roles=["admin"]),
    }
    login(users[who]())
    assert client.get(f"/nachweise/{certificate.id}/pdf").status_code == expected


def test_anonymous_download_redirects_to_login(client, certificate):
    response = client.get(f"/nachweise/{certificate.id}/pdf")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]


@pytest.mark.parametrize(("url", "learner", "coordinator", "admin"), [
    ("/nachweise", 200, 200, 200),
    ("/koordination/nachweise", 403, 200, 200),
    ("/admin/nachweise", 403, 403, 200),
    ("/admin/nachweise/{id}", 403, 403, 200),
    ("/admin/nachweise/{id}/widerrufen", 403, 403, 200),
    ("/admin/nachweise/{id}/neu-ausstellen", 403, 403, 200),
    ("/nachweis", 200, 200, 200),
])
def test_permission_table(client, login, make_user, certificate, url, learner, coordinator, admin):
    url = url.format(id=certificate.id)
    roles = {"learner": ([], learner), "coordinator": (["coordinator"], coordinator),
             "admin": (["admin"], admin)}
    for name, (role_list, expected) in roles.items():
        client.post("/abmelden")
        login(make_user(roles=role_list, organisation=certificate.user.organisation))
        assert client.get(url).status_code == expected, name


def test_coordinator_sees_only_their_organisation(client, login, make_user, make_organisation,
                                                  certificate, issue_course):
    stranger = make_user(name="Fremde Person", organisation=make_organisation())
    module = build_module()
    complete(stranger, module)
    issue_course(stranger, build_course([module], title="Fremder Kurs"))
    login(make_user(roles=["coordinator"], organisation=certificate.user.organisation))
    page = client.get("/koordination/nachweise").get_data(as_text=True)
    assert "Annegret Müller" in page
    assert "Fremde Person" not in page and "Fremder Kurs" not in page


def test_admin_list_finds_by_code_with_dashes(client, login, make_user, certificate):
    login(make_user(roles=["admin"]))
    search = services.format_code(certificate.code).lower()
    page = client.get("/admin/nachweise", query_string={"q": search}).get_data(as_text=True)
    assert "Annegret Müller" in page
    page = client.get("/admin/nachweise", query_string={"q": "niemand"}).get_data(as_text=True)
    assert "Keine Nachweise gefunden." in page


def test_admin_menu_has_the_certificates_entry(client, login, make_user):
    login(make_user(roles=["admin"]))
    assert 'href="/admin/nachweise"' in client.get("/admin/").get_data(as_text=True)


@pytest.mark.parametrize("action", ["widerrufen", "neu-ausstellen", "pdf-erstellen"])
def test_admin_actions_are_refused_to_coordinators(client, login, make_user, certificate, action):
    login(make_user(roles=["coordinator"], organisation=certificate.user.organisation))
    response = client.post(f"/admin/nachweise/{certificate.id}/{action}", data={"reason": "x"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).status == "valid"


def test_coordinators_find_their_organisation_list_from_my_certificates(client, login, make_user,
                                                                        make_organisation):
    login(make_user(roles=["coordinator"], organisation=make_organisation()))
    assert 'href="/koordination/nachweise"' in client.get("/nachweise").get_data(as_text=True)


def test_learners_get_no_link_to_the_organisation_list(client, login, make_user):
    login(make_user())
    assert "/koordination/nachweise" not in client.get("/nachweise").get_data(as_text=True)


def test_start_page_offers_visitors_the_public_check(client):
    page = client.get("/").get_data(as_text=True)
    assert "Zur Echtheitsprüfung" in page and 'href="/nachweis"' in page


def test_start_page_shows_the_learners_newest_certificate(client, login, certificate):
    login(certificate.user)
    page = client.get("/").get_data(as_text=True)
    assert "Neuester Nachweis: Kurszertifikat „Demografischen Wandel gestalten“" in page


def test_start_page_has_no_certificate_panel_for_learners_without_one(client, login, make_user):
    login(make_user())
    page = client.get("/").get_data(as_text=True)
    assert "Ihre Nachweise" not in page and "Zur Echtheitsprüfung" not in page
