"""Engine tuning that must hold on every connection (SQLite pragmas), and SQLite's write lock."""

import fcntl
import os
import threading
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine

CACHE_KIB = 32_768
"""Page cache per connection (SQLite's default is 2 MiB)."""
CHECKPOINT_PAGES = 10_000
"""Write-ahead log size (4 KiB pages) that triggers a checkpoint (SQLite's default: 1,000)."""

_lock_files: dict[tuple[int, str], int] = {}
_thread_lock = threading.RLock()
_held = threading.local()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # FULL: every commit is on disk (the write-ahead log synced) before it is acknowledged,
    # so a statement the LRS answered 200 for survives a power cut, not only kill -9.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # The filter-term index takes a page per distinct term of a batch: keep more of it in
    # memory (pages read once stay) and checkpoint the log less often (a page written by
    # several batches is copied back once).
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
    cursor.close()


def configure_engine(engine: Engine) -> None:
    """Turn on WAL, foreign keys and a busy timeout for SQLite; nothing for PostgreSQL."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)


def _lock_file(path: str) -> int:
    """This process's descriptor of the lock file next to the database (opened once)."""
    key = (os.getpid(), path)
    if key not in _lock_files:
        _lock_files[key] = os.open(path + ".write-lock", os.O_RDWR | os.O_CREAT, 0o600)
    return _lock_files[key]


@contextmanager
def one_writer_at_a_time(engine: Engine):
    """Hold the database's write lock around a writing transaction (SQLite files only).

    SQLite lets one writer in at a time and makes the others retry with growing sleeps
    (1, 2, 5, 10 ms …); under a stream of short statement writes from several processes
    that sleeping, not the work, limited throughput. Waiting on a lock file instead wakes
    the next writer the moment the previous one is done. PostgreSQL needs none of this.
    """
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:" or path.startswith("file:"):
        yield
        return
    with _thread_lock:
        if getattr(_held, "depth", 0):  # a writer inside a writer: the lock is ours already
            _held.depth += 1
            try:
                yield
            finally:
                _held.depth -= 1
            return
        descriptor = _lock_file(os.path.abspath(path))
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            fcntl.flock(descriptor, fcntl.LOCK_UN)
