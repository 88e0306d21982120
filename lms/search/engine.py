"""The databases' own full-text engines behind one interface: SQLite FTS5 and PostgreSQL.

Both keep ``search_fts`` beside ``search_document`` (same ``id``): on SQLite an FTS5 table of
Snowball stems (``german.stemmed``), on PostgreSQL a ``tsvector`` built with the ``german``
configuration, title weighted A, summary B, body C, transcript D (stripped of positions:
long transcripts would otherwise make ranking read large vectors; unweighted counts as D).
``matches`` returns ``(doc_id, score)`` rows where a lower score is a better match, the
same on both.
"""

from sqlalchemy import Connection, Float, Integer, text
from sqlalchemy.sql.elements import TextClause

from lms.search import german

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, summary, body, transcript, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_document_unindex AFTER DELETE ON search_document "
    "BEGIN DELETE FROM search_fts WHERE rowid = old.id; END",
)
SQLITE_DROP = ("DROP TRIGGER IF EXISTS search_document_unindex", "DROP TABLE IF EXISTS search_fts")
POSTGRES_DDL = (
    "CREATE TABLE IF NOT EXISTS search_fts (doc_id integer PRIMARY KEY "
    "REFERENCES search_document (id) ON DELETE CASCADE, document tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_search_fts_document ON search_fts USING gin (document)",
)
POSTGRES_DROP = ("DROP TABLE IF EXISTS search_fts",)


def is_engine_table(name: str) -> bool:
    """True for a table the engines own, outside the models (``search_fts_*`` are FTS5's)."""
    return name == "search_fts" or name.startswith("search_fts_")

WEIGHTS = (10.0, 4.0, 1.0, 1.0)
"""FTS5 bm25 weights of title, summary, body and transcript."""


def _fts_term(stem: str) -> str:
    """One FTS5 term: the quoted stem, a prefix query when it is long enough."""
    return f'"{stem}"' + ("*" if len(stem) >= german.PREFIX_MIN else "")


class SqliteEngine:
    """FTS5 over Snowball stems computed in Python."""

    name = "sqlite"
    search_settings = ()

    def install(self, connection: Connection) -> None:
        for statement in SQLITE_DDL:
            connection.exec_driver_sql(statement)

    def uninstall(self, connection: Connection) -> None:
        for statement in SQLITE_DROP:
            connection.exec_driver_sql(statement)

    def write(self, connection: Connection, doc) -> None:
        connection.execute(text("DELETE FROM search_fts WHERE rowid = :id"), {"id": doc.id})
        connection.execute(
            text("INSERT INTO search_fts (rowid, title, summary, body, transcript) "
                 "VALUES (:id, :title, :summary, :body, :transcript)"),
            {"id": doc.id, "title": german.stemmed(f"{doc.title} {doc.context}"),
             "summary": german.stemmed(doc.summary), "body": german.stemmed(doc.body),
             "transcript": german.stemmed(doc.transcript)},
        )

    def clear(self, connection: Connection) -> None:
        connection.exec_driver_sql("DELETE FROM search_fts")

    def matches(self, query: str) -> TextClause | None:
        groups = german.stem_groups(query)
        if not groups:
            return None
        expression = " AND ".join(
            "(" + " OR ".join(_fts_term(stem) for stem in group) + ")" for group in groups)
        weights = ", ".join(str(weight) for weight in WEIGHTS)
        return text(
            f"SELECT rowid AS doc_id, bm25(search_fts, {weights}) AS score FROM search_fts "
            "WHERE search_fts MATCH :fts_query"
        ).bindparams(fts_query=expression).columns(doc_id=Integer, score=Float)


class PostgresEngine:
    """A weighted ``tsvector`` per document with the German configuration, GIN-indexed."""

    name = "postgresql"
    # The planner prices scans by heap pages and does not see that every row's tsvector
    # lives in TOAST: it then reads (and decompresses) all documents, by a sequential or a
    # primary-key scan, instead of asking the GIN index for the few that match (measured:
    # 137 ms against 34 ms for 809 of 5,500 documents). Searches run with both scans off,
    # inside a savepoint that is rolled back, so the settings never outlive the search.
    search_settings = ("SET LOCAL enable_seqscan = off", "SET LOCAL enable_indexscan = off")

    def install(self, connection: Connection) -> None:
        for statement in POSTGRES_DDL:
            connection.exec_driver_sql(statement)

    def uninstall(self, connection: Connection) -> None:
        for statement in POSTGRES_DROP:
            connection.exec_driver_sql(statement)

    def write(self, connection: Connection, doc) -> None:
        connection.execute(
            text(
                "INSERT INTO search_fts (doc_id, document) VALUES (:id, "
                "setweight(to_tsvector('german', :title), 'A') || "
                "setweight(to_tsvector('german', :summary), 'B') || "
                "setweight(to_tsvector('german', :body), 'C') || "
                "strip(to_tsvector('german', :transcript))) "
                "ON CONFLICT (doc_id) DO UPDATE SET document = excluded.document"
            ),
            {"id": doc.id, "title": f"{doc.title} {doc.context}", "summary": doc.summary,
             "body": doc.body, "transcript": doc.transcript},
        )

    def clear(self, connection: Connection) -> None:
        connection.exec_driver_sql("DELETE FROM search_fts")

    def matches(self, query: str) -> TextClause | None:
        groups = german.query_groups(query)
        if not groups:
            return None
        params, parts = {}, []
        for g, group in enumerate(groups):
            alternatives = []
            for f, form in enumerate(group):
                # words are letters and digits only (german.WORD), so ":*" is safe syntax
                params[f"w{g}_{f}"] = form + (":*" if len(form) >= german.PREFIX_MIN else "")
                alternatives.append(f"to_tsquery('german', :w{g}_{f})")
            parts.append("(" + " || ".join(alternatives) + ")")
        tsquery = " && ".join(parts)
        return text(
            "SELECT doc_id, -ts_rank(document, q.query, 1) AS score "
            f"FROM search_fts, (SELECT {tsquery} AS query) AS q WHERE document @@ q.query"
        ).bindparams(**params).columns(doc_id=Integer, score=Float)


def engine_for(dialect_name: str):
    """The full-text engine of a database dialect."""
    return PostgresEngine() if dialect_name == "postgresql" else SqliteEngine()
