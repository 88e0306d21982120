"""The catalogue page costs a fixed number of queries, however many modules and rows it shows."""

from contextlib import contextmanager

from sqlalchemy import event

from lms.catalog import services
from lms.extensions import db


@contextmanager
def _counted():
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _catalogue_queries(client, make_module, make_course, make_progress, user, modules: int) -> int:
    built = [
        make_module(f"modul-{modules}-{n:03d}", title=f"Modul {n:03d}") for n in range(modules)
    ]
    make_course(f"kurs-{modules}", required=built[:2], electives=built[2:], electives_needed=1)
    for module in built:
        services.add_to_plan(user.id, module)
        make_progress(user, module)
    with _counted() as statements:
        assert client.get("/module").status_code == 200
    return len(statements)


def test_catalogue_queries_do_not_grow_with_modules(
    client, login, make_user, make_module, make_course, make_progress
):
    user = make_user()
    login(user)
    few = _catalogue_queries(client, make_module, make_course, make_progress, user, 3)
    many = _catalogue_queries(client, make_module, make_course, make_progress, user, 20)
    assert many == few, (few, many)
