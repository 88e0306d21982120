"""The learner's timeline in words: seminar pages and recordings read as what happened."""

from lms.core.vocabulary import Verb
from lms.progress.timeline import Describer

BASE = "http://lernraum.test"


def _statement(verb: str, path: str, name: str) -> dict:
    return {"verb": {"id": verb},
            "object": {"id": f"{BASE}/xapi/activities/{path}",
                       "definition": {"name": {"de-DE": name}}}}


def test_opening_a_seminar_page_is_not_watching_a_recording(app):
    with app.test_request_context():
        describe = Describer(BASE).describe
        page = describe(_statement(Verb.EXPERIENCED, "seminar/mobilitaet-2027-03",
                                   "Bürgerbusse und Rufbusse"))
        played = describe(_statement(Verb.PLAYED, "seminar/mobilitaet-2025-03/recording",
                                     "Aufzeichnung: Mobil im Alter"))
        seeked = describe(_statement(Verb.SEEKED, "seminar/mobilitaet-2025-03/recording",
                                     "Aufzeichnung: Mobil im Alter"))
        completed = describe(_statement(Verb.COMPLETED, "seminar/mobilitaet-2025-03/recording",
                                        "Aufzeichnung: Mobil im Alter"))

    assert page == "hat das Online-Seminar „Bürgerbusse und Rufbusse“ aufgerufen"
    assert played == "hat „Aufzeichnung: Mobil im Alter“ abgespielt"
    assert seeked == "ist in „Aufzeichnung: Mobil im Alter“ gesprungen"
    assert completed == "hat „Aufzeichnung: Mobil im Alter“ bis zum Ende angesehen"
