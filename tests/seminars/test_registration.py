"""Registration for upcoming seminars: places, waiting list, moving up, real concurrency."""

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from lms.core.mail import stored_mails
from lms.extensions import db
from lms.seminars import registration
from lms.seminars.models import REGISTERED, WAITING, Seminar, SeminarRegistration

NEXT_MONTH = date.today() + timedelta(days=30)


@pytest.fixture
def upcoming(make_seminar):
    return make_seminar("demnaechst", title="Dorfläden der Zukunft", held_on=NEXT_MONTH,
                        capacity=2, online_url="https://konferenz.example.org/raum-7")


def _statuses(seminar) -> dict[int, str]:
    rows = db.session.execute(select(SeminarRegistration.user_id, SeminarRegistration.status)
                              .where(SeminarRegistration.seminar_id == seminar.id))
    return dict(rows.all())


def _seats(seminar) -> int:
    return db.session.scalar(select(Seminar.seats_taken).where(Seminar.id == seminar.id))


def test_places_then_waiting_list_then_moving_up(upcoming, make_user):
    first, second, third, fourth = (make_user() for _ in range(4))
    assert registration.register(upcoming, first).registration.status == REGISTERED
    assert registration.register(upcoming, second).registration.status == REGISTERED
    assert registration.register(upcoming, third).registration.status == WAITING
    assert registration.register(upcoming, fourth).registration.status == WAITING

    outcome = registration.cancel(upcoming, first)

    assert outcome.moved_up.user_id == third.id
    assert _statuses(upcoming)[third.id] == REGISTERED
    assert _statuses(upcoming)[fourth.id] == WAITING and _seats(upcoming) == 2
    assert registration.waiting_position(registration.registration_of(upcoming, fourth.id)) == 1


def test_cancelling_from_the_waiting_list_keeps_the_places(upcoming, make_user):
    people = [make_user() for _ in range(3)]
    for person in people:
        registration.register(upcoming, person)
    outcome = registration.cancel(upcoming, people[2])
    assert outcome.moved_up is None and _seats(upcoming) == 2


def test_a_cancelled_place_without_waiting_list_becomes_free(upcoming, make_user):
    person = make_user()
    registration.register(upcoming, person)
    registration.cancel(upcoming, person)
    assert _seats(upcoming) == 0
    assert registration.register(upcoming, person).registration.status == REGISTERED


def test_registering_twice_changes_nothing(upcoming, make_user):
    person = make_user()
    registration.register(upcoming, person)
    registration.register(upcoming, person)
    assert _seats(upcoming) == 1
    assert db.session.scalar(select(func.count()).select_from(SeminarRegistration)) == 1


def test_a_past_seminar_takes_no_registrations(make_seminar, make_user):
    past = make_seminar("vorbei", held_on=date.today() - timedelta(days=3))
    with pytest.raises(registration.RegistrationError):
        registration.register(past, make_user())


def test_more_places_move_the_waiting_list_up(upcoming, make_user):
    people = [make_user() for _ in range(4)]
    for person in people:
        registration.register(upcoming, person)
    upcoming = db.session.get(Seminar, upcoming.id)
    upcoming.capacity = 3
    db.session.commit()
    moved = registration.fill_free_places(upcoming)
    assert [entry.user_id for entry in moved] == [people[2].id] and _seats(upcoming) == 3


def _in_threads(app, work, count):
    barrier, errors = threading.Barrier(count), []

    def run(index):
        with app.app_context():
            try:
                barrier.wait()
                work(index)
            except Exception as error:  # reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_concurrent_registrations_never_exceed_the_places(app, make_seminar, make_user):
    seminar = make_seminar("voll", held_on=NEXT_MONTH, capacity=3)
    people = [make_user() for _ in range(10)]
    ids = [person.id for person in people]

    def work(index):
        fresh_seminar = db.session.get(Seminar, seminar.id)
        fresh_user = db.session.get(type(people[0]), ids[index])
        registration.register(fresh_seminar, fresh_user)

    _in_threads(app, work, 10)

    db.session.expire_all()
    statuses = list(_statuses(seminar).values())
    assert statuses.count(REGISTERED) == 3 and statuses.count(WAITING) == 7
    assert _seats(seminar) == 3


def test_concurrent_cancellations_move_up_each_waiting_person_once(app, make_seminar, make_user):
    seminar = make_seminar("wechsel", held_on=NEXT_MONTH, capacity=3)
    people = [make_user() for _ in range(6)]
    for person in people:
        registration.register(seminar, person)
    ids = [person.id for person in people[:3]]

    def work(index):
        registration.cancel(db.session.get(Seminar, seminar.id),
                            db.session.get(type(people[0]), ids[index]))

    _in_threads(app, work, 3)

    db.session.expire_all()
    statuses = _statuses(seminar)
    assert [statuses[person.id] for person in people[3:]] == [REGISTERED] * 3
    assert _seats(seminar) == 3


def test_the_routes_register_and_cancel_with_mails(client, login, upcoming, make_user):
    person = make_user(email="teilnehmerin@kommune.de")
    login(person)
    html = client.get("/seminare/demnaechst").get_data(as_text=True)
    assert "Jetzt anmelden" in html and "raum-7" not in html
    assert client.post("/seminare/demnaechst/anmelden").status_code == 303
    html = client.get("/seminare/demnaechst").get_data(as_text=True)
    assert "Sie sind angemeldet." in html and "https://konferenz.example.org/raum-7" in html
    [confirmation] = stored_mails()
    assert confirmation.attachments == ("demnaechst.ics",)
    client.post("/seminare/demnaechst/abmelden")
    assert "Abmeldung" in stored_mails()[0].subject
    assert "raum-7" not in client.get("/seminare/demnaechst").get_data(as_text=True)


def test_anonymous_people_are_sent_to_log_in(client, upcoming):
    assert client.post("/seminare/demnaechst/anmelden").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SeminarRegistration)) == 0
