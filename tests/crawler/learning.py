"""How a learner works through a module in the test client: every page, the transfer tasks,
and the final test answered rightly or wrongly (the answer key is read from the module)."""

from flask.testing import FlaskClient
from sqlalchemy import select

from lms.catalog.models import Module
from lms.extensions import db


def _content(slug: str) -> dict:
    module = db.session.scalar(select(Module).where(Module.slug == slug))
    return module.current_version.content


def right_answer(element: dict) -> dict[str, str | list[str]]:
    """Form fields that answer ``element`` correctly, as the player's form would send them."""
    name, kind = element["id"], element["kind"]
    if kind == "single-choice":
        return {name: next(o["id"] for o in element["options"] if o["correct"])}
    if kind == "multiple-choice":
        return {name: [o["id"] for o in element["options"] if o["correct"]]}
    if kind == "true-false":
        return {name: "true" if element["answer"] else "false"}
    if kind == "fill-in":
        return {f"{name}-gap-{n}": gap[0] for n, gap in enumerate(element["gaps"], start=1)}
    if kind == "ordering":
        return {f"{name}-pos-i{n}": str(n) for n in range(1, len(element["items"]) + 1)}
    if kind == "matching":
        targets = sorted({pair["right"] for pair in element["pairs"]}, key=str.casefold)
        return {f"{name}-match-l{n}": f"r{targets.index(pair['right']) + 1}"
                for n, pair in enumerate(element["pairs"], start=1)}
    return {name: "Meine Antwort"}


def wrong_answer(element: dict) -> dict[str, str | list[str]]:
    """Form fields that answer ``element`` completely but wrongly."""
    name, kind = element["id"], element["kind"]
    if kind == "single-choice":
        return {name: next(o["id"] for o in element["options"] if not o["correct"])}
    if kind == "multiple-choice":
        return {name: [o["id"] for o in element["options"] if not o["correct"]]}
    if kind == "true-false":
        return {name: "false" if element["answer"] else "true"}
    if kind == "fill-in":
        return {f"{name}-gap-{n}": "falsch" for n in range(1, len(element["gaps"]) + 1)}
    if kind == "ordering":
        count = len(element["items"])
        return {f"{name}-pos-i{n}": str(count + 1 - n) for n in range(1, count + 1)}
    if kind == "matching":
        count = len(element["pairs"])
        return {f"{name}-match-l{n}": f"r{n % count + 1}" for n in range(1, count + 1)}
    return {name: "Meine Antwort"}


def read_pages(client: FlaskClient, slug: str, pages: int | None = None) -> None:
    """Open the module and read its first ``pages`` pages (all by default), writing an answer
    to every transfer task on them (they land in the notebook)."""
    assert client.get(f"/lernen/{slug}").status_code == 302
    for page in _content(slug)["pages"][:pages]:
        position = page["position"]
        assert client.get(f"/lernen/{slug}/seite/{position}").status_code == 200
        for segment in page["segments"]:
            element = segment.get("element") or {}
            if element.get("kind") == "reflection":
                response = client.post(
                    f"/lernen/{slug}/seite/{position}/antwort/{element['id']}",
                    data={element["id"]: f"Für unsere Kommune heißt das: {slug} angehen."})
                assert response.status_code == 302, response.get_data(as_text=True)


def take_quiz(client: FlaskClient, slug: str, *, right: bool) -> None:
    """Start an attempt at the final test and submit every question answered."""
    started = client.post(f"/lernen/{slug}/test")
    assert started.status_code == 302, started.get_data(as_text=True)
    answers: dict = {}
    for question in _content(slug)["quiz"]["questions"]:
        answers.update(right_answer(question) if right else wrong_answer(question))
    submitted = client.post(started.location, data=answers)
    assert submitted.status_code == 302, submitted.get_data(as_text=True)
