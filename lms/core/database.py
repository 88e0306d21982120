"""SQLite: pragmas on every connection, durable commits that share their fsync, the write lock.

Durability: a commit that wrote anything returns only once SQLite's write-ahead log is
on disk (fsync), so an acknowledged statement survives a power cut, not only kill -9.
SQLite's own way to do that (``synchronous=FULL``) syncs inside the commit, while the
writer holds the database's only write lock, so concurrent writers queue behind each
other's fsync. Here the commit runs with ``synchronous=NORMAL`` (the log is written, not
synced) and the committing thread then syncs the log itself, after the lock is free:
writers that commit meanwhile are covered by the same fsync (a group commit). The log
is append-only and a later commit's frames follow an earlier one's, so whatever a
completed fsync covers stays complete and in order.
"""

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
_log_files: dict[tuple[int, str], tuple[int, int]] = {}
_pending = threading.local()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # NORMAL: the commit writes the log without syncing it; sync_log() syncs it right
    # after the commit, outside the write lock (see the module docstring).
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    # The filter-term index takes a page per distinct term of a batch: keep more of it in
    # memory (pages read once stay) and checkpoint the log less often (a page written by
    # several batches is copied back once).
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
    cursor.close()


def _sqlite_file(engine: Engine) -> str | None:
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return os.path.abspath(path)


def _note_write(connection) -> None:
    """Before a commit: remember whether this transaction wrote (pysqlite began one)."""
    if connection.connection.dbapi_connection.in_transaction:
        _pending.wrote = True


def configure_engine(engine: Engine) -> None:
    """Turn on WAL, foreign keys and a busy timeout for SQLite; nothing for PostgreSQL."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        if _sqlite_file(engine):
            event.listen(engine, "commit", _note_write)


def _log_descriptor(path: str) -> int | None:
    """This process's descriptor of the database's write-ahead log (reopened if replaced)."""
    log_path = path + "-wal"
    try:
        inode = os.stat(log_path).st_ino
    except FileNotFoundError:
        return None
    key = (os.getpid(), path)
    known = _log_files.get(key)
    if known is not None and known[1] == inode:
        return known[0]
    if known is not None:
        os.close(known[0])
    descriptor = os.open(log_path, os.O_RDONLY)
    directory = os.open(os.path.dirname(path), os.O_RDONLY)
    try:
        os.fsync(directory)  # a new log file's name must be on disk as well
    finally:
        os.close(directory)
    _log_files[key] = (descriptor, inode)
    return descriptor


def sync_log(engine: Engine) -> None:
    """After a commit that wrote: put the write-ahead log on disk (SQLite files only)."""
    if not getattr(_pending, "wrote", False):
        return
    _pending.wrote = False
    path = _sqlite_file(engine)
    descriptor = _log_descriptor(path) if path else None
    if descriptor is not None:
        os.fsync(descriptor)


def _sync_after_commit(session) -> None:
    if not getattr(_pending, "wrote", False):
        return
    if getattr(_held, "depth", 0):  # committed under the write lock: sync once it is free
        _pending.engine = session.get_bind()
        return
    sync_log(session.get_bind())


def make_commits_durable(session) -> None:
    """Sync the log after every commit of ``session`` that wrote (once per session)."""
    if not event.contains(session, "after_commit", _sync_after_commit):
        event.listen(session, "after_commit", _sync_after_commit)


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
    path = _sqlite_file(engine)
    if not path:
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
        descriptor = _lock_file(path)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            engine_to_sync, _pending.engine = getattr(_pending, "engine", None), None
            if engine_to_sync is not None:
                sync_log(engine_to_sync)
