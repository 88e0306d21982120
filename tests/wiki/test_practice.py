"""Praxisbeispiele: structured fields, filters, organisation link, images, sanitising."""

import io

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.wiki import services
from lms.wiki.models import WikiPage

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35"
       b"\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def author(make_user):
    return make_user(roles=["author"])


def _practice(make_page, author, slug, **fields):
    values = {"kind": "praxisbeispiel", "municipality": "Beispielau", "state": "Hessen",
              "size_class": "kleinstadt", "period": "2021 bis 2023",
              "contact_role": "Seniorenbeauftragte", "results": "Mehr Fahrgäste.",
              "transferable": "Telefonbuchung neben der App.", **fields}
    return make_page(slug, user=author, title=f"Praxis {slug}", **values)


def test_a_practice_example_shows_every_field_and_its_organisation(client, make_page, author,
                                                                   make_organisation):
    organisation = make_organisation(name="Stadt Beispielau")
    _practice(make_page, author, "a", organisation_id=organisation.id)
    html = client.get("/wiki/a").get_data(as_text=True)
    for text in ("Beispielau", "Hessen", "5.000 bis 20.000 Einwohner", "2021 bis 2023",
                 "Seniorenbeauftragte", "Mehr Fahrgäste.", "Was andere übernehmen können",
                 "Telefonbuchung neben der App.", "Mitglied im Netzwerk: Stadt Beispielau"):
        assert text in html


@pytest.mark.parametrize(("query", "expected"), [
    ("land=Hessen", {"a", "b"}),
    ("groesse=landkreis", {"b"}),
    ("kommune=Musterdorf", {"c"}),
    ("zeitraum=seit+2019", {"b"}),
    ("rolle=Quartiersmanagerin", {"c"}),
    ("land=Hessen&groesse=kleinstadt", {"a"}),
    ("land=Atlantis", {"a", "b", "c"}),
])
def test_the_list_filters_by_each_structured_field(client, make_page, author, query, expected):
    _practice(make_page, author, "a")
    _practice(make_page, author, "b", size_class="landkreis", period="seit 2019")
    _practice(make_page, author, "c", municipality="Musterdorf", state="Bayern",
              contact_role="Quartiersmanagerin")
    html = client.get(f"/wiki/?{query}").get_data(as_text=True)
    assert {slug for slug in "abc" if f'href="/wiki/{slug}"' in html} == expected


def test_a_filter_by_organisation_lists_its_examples(client, make_page, author,
                                                     make_organisation):
    organisation = make_organisation()
    _practice(make_page, author, "a", organisation_id=organisation.id)
    _practice(make_page, author, "b")
    html = client.get(f"/wiki/?organisation={organisation.id}").get_data(as_text=True)
    assert 'href="/wiki/a"' in html and 'href="/wiki/b"' not in html


@pytest.mark.parametrize("field", ["municipality", "period", "contact_role", "results",
                                   "transferable", "title", "summary", "image_alt"])
def test_script_in_any_structured_field_is_shown_as_text(client, make_page, author, field):
    page = _practice(make_page, author, "a")
    fields = {**{name: getattr(page, name) for name in services.CONTENT_FIELDS}, field: EVIL}
    if field == "image_alt":
        fields["image_file"] = ""
    services.save_page(page, slug="a", fields=fields, user_id=author.id, note="x")
    db.session.commit()
    html = client.get("/wiki/a").get_data(as_text=True)
    assert "<script>alert" not in html and "onerror=alert" not in html.replace(
        "onerror=alert(1)&gt;", "")


def test_script_in_the_markdown_body_is_removed(client, make_page, author):
    make_page("a", user=author, body=f"Text {EVIL} [klick](javascript:alert(1))")
    html = client.get("/wiki/a").get_data(as_text=True)
    assert "<script>" not in html and "javascript:" not in html and "onerror" not in html


def test_a_bad_size_class_or_organisation_is_refused(make_page, author):
    page = _practice(make_page, author, "a")
    fields = {name: getattr(page, name) for name in services.CONTENT_FIELDS}
    with pytest.raises(services.WikiError):
        services.save_page(page, slug="a", fields={**fields, "size_class": "riesig"},
                           user_id=author.id, note="x")
    with pytest.raises(services.WikiError):
        services.save_page(page, slug="a", fields={**fields, "organisation_id": 99999},
                           user_id=author.id, note="x")


def _form(page, **changes):
    data = {"title": page.title, "kind": page.kind, "topics": page.topics,
            "summary": page.summary, "body": page.body, "municipality": "", "state": "",
            "size_class": "", "note": "Bild", "base_revision": services.latest_revision_id(page)}
    return {**data, **changes}


def test_an_image_with_alt_text_is_uploaded_and_served(client, login, make_page, author):
    page = make_page("a", user=author)
    login(author)
    response = client.post("/wiki/a/bearbeiten", content_type="multipart/form-data", data=_form(
        page, image=(io.BytesIO(PNG), "foto.png"), image_alt="Ein Kleinbus vor dem Rathaus."))
    assert response.status_code == 302
    stored = db.session.scalar(select(WikiPage).where(WikiPage.slug == "a"))
    db.session.refresh(stored)
    name = stored.image_file.rsplit("/", 1)[-1]
    html = client.get("/wiki/a").get_data(as_text=True)
    assert f'src="/wiki/a/bild/{name}" alt="Ein Kleinbus vor dem Rathaus."' in html
    image = client.get(f"/wiki/a/bild/{name}")
    assert image.status_code == 200 and image.mimetype == "image/png" and image.data == PNG
    image.close()
    assert client.get("/wiki/a/bild/../../secret_key").status_code == 404


def test_an_image_without_alt_text_or_a_fake_image_is_refused(client, login, make_page, author):
    page = make_page("a", user=author)
    login(author)
    no_alt = client.post("/wiki/a/bearbeiten", content_type="multipart/form-data", data=_form(
        page, image=(io.BytesIO(PNG), "foto.png"), image_alt=""))
    fake = client.post("/wiki/a/bearbeiten", content_type="multipart/form-data", data=_form(
        page, image=(io.BytesIO(b"<html><script>x</script>"), "foto.png"), image_alt="Bild"))
    assert no_alt.status_code == 200 and "Alternativtext" in no_alt.get_data(as_text=True)
    assert fake.status_code == 200 and "kein PNG" in fake.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(WikiPage.image_file).where(WikiPage.slug == "a")) == ""


def test_backlinks_list_pages_and_seminars_linking_here(client, make_page, make_seminar,
                                                        author):
    make_page("ziel", user=author, title="Zielseite")
    make_page("quelle", user=author, title="Quellseite", body="Siehe [[ziel]].")
    make_seminar("sem", title="Ein Seminar", description="Dazu [Ziel](wiki:ziel).")
    html = client.get("/wiki/ziel").get_data(as_text=True)
    section = html[html.index("Links auf diese Seite"):]
    assert 'href="/wiki/quelle">Quellseite</a>' in section
    assert 'href="/seminare/sem">Ein Seminar</a>' in section
