"""Learners propose changes; authors review them as a diff and accept or decline."""

import pytest
from sqlalchemy import func, select

from lms.core.mail import stored_mails
from lms.extensions import db
from lms.wiki import proposals, services
from lms.wiki.models import ACCEPTED, DECLINED, OPEN, WikiPage, WikiProposal


@pytest.fixture
def author(make_user):
    return make_user(roles=["author"], name="Autorin Beispiel")


@pytest.fixture
def learner(make_user):
    return make_user(name="Lernende Person", email="lernende@kommune.de")


@pytest.fixture
def page(make_page, author):
    return make_page(user=author, body="Der Bürgerbus fährt montags.")


def _propose(client, page, **changes):
    data = {"title": page.title, "summary": page.summary, "body": "Der Bürgerbus fährt "
            "dienstags.", "note": "Fahrtag stimmt nicht mehr",
            "base_revision": services.latest_revision_id(page), **changes}
    return client.post(f"/wiki/{page.slug}/vorschlagen", data=data)


def test_a_learner_proposes_and_the_page_stays_unchanged(client, login, learner, page):
    login(learner)
    assert "Änderung vorschlagen" in client.get(f"/wiki/{page.slug}").get_data(as_text=True)
    response = _propose(client, page)
    assert response.status_code == 302
    proposal = db.session.scalars(select(WikiProposal)).one()
    assert (proposal.status, proposal.body) == (OPEN, "Der Bürgerbus fährt dienstags.")
    db.session.expire_all()
    assert db.session.get(WikiPage, page.id).body == "Der Bürgerbus fährt montags."


def test_a_proposal_needs_a_reason_and_text(client, login, learner, page):
    login(learner)
    response = _propose(client, page, note="", body="")
    assert response.status_code == 200 and "Bitte beschreiben Sie kurz Ihren Vorschlag." in (
        response.get_data(as_text=True))
    assert db.session.scalar(select(func.count()).select_from(WikiProposal)) == 0


def test_visitors_cannot_propose_and_learners_cannot_review(client, login, learner, page):
    assert client.get(f"/wiki/{page.slug}/vorschlagen").status_code == 302
    login(learner)
    _propose(client, page)
    proposal = db.session.scalars(select(WikiProposal)).one()
    assert client.get("/wiki/vorschlaege").status_code == 403
    assert client.post(f"/wiki/vorschlaege/{proposal.id}", data={"accept": "1"}).status_code == 403


def test_the_author_sees_a_diff_and_accepting_makes_a_revision(client, login, learner, author,
                                                               page):
    login(learner)
    _propose(client, page)
    proposal = db.session.scalars(select(WikiProposal)).one()
    client.post("/abmelden")
    login(author)
    html = client.get(f"/wiki/vorschlaege/{proposal.id}").get_data(as_text=True)
    assert '<del><span class="visually-hidden">gelöscht: </span>montags.</del>' in html
    response = client.post(f"/wiki/vorschlaege/{proposal.id}",
                           data={"accept": "1", "decision_note": "Danke!"})
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(WikiPage, page.id)
    assert stored.body == "Der Bürgerbus fährt dienstags."
    assert stored.revisions[0].note.startswith("Vorschlag von Lernende Person übernommen")
    assert db.session.get(WikiProposal, proposal.id).status == ACCEPTED
    [mail] = stored_mails()
    assert mail.recipient == "lernende@kommune.de" and "übernommen" in mail.subject
    assert "Danke!" in mail.body


def test_declining_leaves_the_page_and_tells_the_proposer(client, login, learner, author, page):
    login(learner)
    _propose(client, page)
    proposal = db.session.scalars(select(WikiProposal)).one()
    client.post("/abmelden")
    login(author)
    client.post(f"/wiki/vorschlaege/{proposal.id}", data={"decline": "1"})
    db.session.expire_all()
    assert db.session.get(WikiProposal, proposal.id).status == DECLINED
    assert db.session.get(WikiPage, page.id).body == "Der Bürgerbus fährt montags."
    assert "nicht übernommen" in stored_mails()[0].subject


def test_a_decided_proposal_cannot_be_decided_again(client, login, learner, author, page):
    login(learner)
    _propose(client, page)
    proposal = db.session.scalars(select(WikiProposal)).one()
    proposals.decline(proposal, author_id=author.id)
    db.session.commit()
    client.post("/abmelden")
    login(author)
    client.post(f"/wiki/vorschlaege/{proposal.id}", data={"accept": "1"})
    db.session.expire_all()
    assert db.session.get(WikiPage, page.id).body == "Der Bürgerbus fährt montags."


def test_too_many_open_proposals_are_refused(learner, page):
    for number in range(proposals.MAX_OPEN_PER_PERSON):
        proposals.propose(page, user_id=learner.id, title="T", summary="S", body=f"B{number}",
                          note="n", base_revision_id=None)
    with pytest.raises(services.WikiError):
        proposals.propose(page, user_id=learner.id, title="T", summary="S", body="B", note="n",
                          base_revision_id=None)
