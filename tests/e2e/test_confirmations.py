"""Actions that cannot be undone ask first in the browser: 'Abbrechen' leaves everything."""

from playwright.sync_api import expect

from tests.e2e.steps import log_in
from tests.e2e.test_module_upload_journey import _zip
from tests.packages.sample import write_module


def test_discarding_a_draft_asks_first(page, make_user, tmp_path):
    author = make_user(roles=["author"])
    package = _zip(write_module(tmp_path / "entwurf", title="Entwurf zum Verwerfen"),
                   tmp_path / "entwurf.zip")
    log_in(page, author)
    page.goto("/autorenbereich/module")
    page.get_by_label("Paket (ZIP-Datei oder cmi5-Kursstruktur als XML)").set_input_files(package)
    page.get_by_role("button", name="Hochladen und prüfen").click()
    expect(page.get_by_role("status")).to_contain_text("ist als Entwurf gespeichert")
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name="Entwurf verwerfen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Entwurf zum Verwerfen")
    assert questions == ["Den Entwurf „Entwurf zum Verwerfen“ verwerfen? Das lässt sich nicht "
                         "rückgängig machen."]

    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_role("button", name="Entwurf verwerfen").click()
    expect(page.get_by_role("status")).to_contain_text("wurde verworfen")
