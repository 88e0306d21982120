"""Error pages: German for people, and an unexpected exception leaves its traceback in the log."""

import logging

import pytest

from lms import create_app


@pytest.fixture
def production_app(tmp_path):
    """An app as in production (not TESTING), so the handler for every exception is on."""
    app = create_app({"SECRET_KEY": "k" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "MAIL_FOLDER": str(tmp_path / "mail")})

    @app.get("/kaputt")
    def broken():
        raise RuntimeError("Absicht: kaputt")

    return app


def test_an_unexpected_exception_gets_the_german_page_and_goes_to_the_log(production_app,
                                                                          caplog):
    with caplog.at_level(logging.ERROR):
        response = production_app.test_client().get("/kaputt")

    assert response.status_code == 500
    assert "Fehler auf unserer Seite" in response.get_data(as_text=True)
    [record] = [r for r in caplog.records if r.exc_info]
    assert "Absicht: kaputt" in str(record.exc_info[1])
    assert "/kaputt" in record.getMessage()
