"""The engine factory and the `Store`, which owns sessions and transactions.

SQLite (the default, one file in the user's data folder) runs with foreign keys on, WAL, a busy
timeout, and write transactions that begin immediately, so that a second writer waits for the
first or gets a clear `StoreBusy`, never a late "database is locked" halfway through its work.
PostgreSQL is reached through psycopg 3 with any SQLAlchemy URL.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, NoReturn

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import StaticPool

from tracker.errors import (
    ConflictError,
    ConstraintViolation,
    InvalidInput,
    StoreBusy,
    TrackerError,
)

DB_ENV = "RECTRACK_DB"
SQLITE_BUSY_TIMEOUT_S = 10.0


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir("rectrack", appauthor=False)) / "rectrack.db"


def resolve_url(explicit: str | None = None) -> str:
    """`--db` wins, then `RECTRACK_DB`, then the SQLite file in the user's data folder."""
    if explicit:
        return explicit
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return from_env
    return f"sqlite:///{default_db_path()}"


def normalise_url(raw: str) -> URL:
    try:
        url = make_url(raw)
    except Exception as exc:  # sqlalchemy raises ArgumentError with a terse text
        raise InvalidInput(f"not a database URL: {raw!r} ({exc})") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def is_memory_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def display_url(raw_url: str) -> str:
    """The URL as messages show it: without its password."""
    return make_url(raw_url).render_as_string(hide_password=True)


def sqlite_file_path(raw_url: str) -> Path | None:
    """The file an SQLite URL names; None for another backend, an in-memory database, or a
    `file:` URI (`?uri=true`), whose path SQLite itself reads."""
    url = normalise_url(raw_url)
    if url.get_backend_name() != "sqlite" or is_memory_sqlite(url) or not url.database:
        return None
    if str(url.query.get("uri", "")).lower() in ("true", "1"):
        return None
    return Path(url.database).expanduser()


def create_store_engine(raw_url: str) -> Engine:
    url = normalise_url(raw_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url)
    if backend == "postgresql":
        try:
            return create_engine(url, pool_pre_ping=True)
        except ModuleNotFoundError:
            raise InvalidInput(
                "PostgreSQL needs psycopg: pip install 'rectrack[postgres]'"
            ) from None
    raise InvalidInput(f"unsupported database {backend!r}: use sqlite or postgresql")


def _sqlite_engine(url: URL) -> Engine:
    in_memory = is_memory_sqlite(url)
    if not in_memory and url.database:
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, Any] = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_S}}
    if in_memory:
        # One connection, so that the schema and the data live in the same memory database.
        kwargs["poolclass"] = StaticPool
        kwargs["connect_args"]["check_same_thread"] = False
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the driver, so that "begin" below decides the mode.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def translate_db_error(exc: Exception) -> TrackerError:
    """A driver exception becomes the user's kind of error, with a message they can act on."""
    if isinstance(exc, TrackerError):
        return exc
    if isinstance(exc, StaleDataError):
        return ConflictError(
            "someone else changed this row since you read it; reload and try again"
        )
    if isinstance(exc, IntegrityError):
        return ConstraintViolation(f"the store refused the change: {_driver_message(exc)}")
    if isinstance(exc, OperationalError) and "locked" in str(exc.orig).lower():
        return StoreBusy(
            "the store is busy: another rectrack process is writing to it; try again shortly"
        )
    if isinstance(exc, DBAPIError):
        return TrackerError(f"database error: {_driver_message(exc)}")
    return TrackerError(str(exc))


def _driver_message(exc: DBAPIError) -> str:
    text = str(exc.orig).strip()
    return text.splitlines()[0] if text else type(exc.orig).__name__


_pending_interrupt = threading.Event()
_this_thread = threading.local()


def defer_interrupt() -> None:
    """Note a Ctrl-C that cannot be raised where it arrived: inside a commit (raised there, it
    would report a transaction as failed that the database has just made durable), or inside
    a weakref callback or a finaliser (where Python prints an exception as "ignored" and drops
    it). `raise_pending_interrupt` raises it: at the start of the next session scope, before
    the next commit, or wherever a caller checks."""
    _pending_interrupt.set()


def raise_pending_interrupt() -> None:
    """Raise, once, the KeyboardInterrupt that `defer_interrupt` noted, if any. Only on the
    main thread, where Python delivers Ctrl-C."""
    if _pending_interrupt.is_set() and threading.current_thread() is threading.main_thread():
        _pending_interrupt.clear()
        raise KeyboardInterrupt


def clear_pending_interrupt() -> None:
    _pending_interrupt.clear()


def interrupt_pending() -> bool:
    return _pending_interrupt.is_set()


def committing() -> bool:
    """Whether this thread is committing a transaction (and closing its session): a Ctrl-C
    that arrives now is deferred (`defer_interrupt`) by the CLI's handler, not raised."""
    return bool(getattr(_this_thread, "committing", False))


@contextmanager
def _committing() -> Iterator[None]:
    _this_thread.committing = True
    try:
        yield
    finally:
        _this_thread.committing = False


def interruption(exc: BaseException) -> KeyboardInterrupt | None:
    """The KeyboardInterrupt behind `exc`: itself, or one that `exc` was raised while handling
    (cleanup that failed on the connection the interrupt left invalid, say)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _discard(session: Session, *, roll_back: bool) -> None:
    """Roll back (if asked) and close, never raising: this runs while another exception is on
    its way out, and must not replace it. A rollback or close that fails (on a connection that
    an interrupted statement left invalid, or a server gone) leaves the transaction to the
    database, which discards uncommitted work when the connection goes."""
    try:
        if roll_back:
            session.rollback()
        session.close()
    except Exception:
        with suppress(Exception):
            session.invalidate()


class Store:
    """Owns the engine and hands out sessions. A service call owns its transaction:

    with store.transaction() as session:   # writes; commits at the end, rolls back on error
    with store.read() as session:          # reads only

    Whatever ends a transaction early (an error, Ctrl-C, even one that the cleanup of the
    interrupted statement then masked) rolls it back; a Ctrl-C comes out as KeyboardInterrupt.
    A Ctrl-C noted for later (`defer_interrupt`) is raised as a scope begins or before it
    commits, never once the commit has begun.
    """

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or create_store_engine(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        write_engine = (
            self.engine.execution_options(sqlite_begin="IMMEDIATE")
            if self.is_sqlite
            else self.engine
        )
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(write_engine, expire_on_commit=False)

    @property
    def display_url(self) -> str:
        return display_url(self.url)

    @property
    def sqlite_path(self) -> Path | None:
        return sqlite_file_path(self.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        raise_pending_interrupt()
        session = self._write_sessions()
        try:
            yield session
            raise_pending_interrupt()  # a Ctrl-C, however late, and nothing is committed
            with _committing():  # once the commit has begun, it ends as the database says
                session.commit()
                session.close()
        except BaseException as exc:
            _abandon(session, exc, roll_back=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        raise_pending_interrupt()
        session = self._read_sessions()
        try:
            yield session
        except BaseException as exc:
            # close(), not rollback(): the connection's transaction ends either way, and the
            # objects read stay usable (unexpired) once detached.
            _abandon(session, exc, roll_back=False)
        session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _abandon(session: Session, exc: BaseException, *, roll_back: bool) -> NoReturn:
    """End a session scope that `exc` ended early, and raise what the caller should see."""
    _discard(session, roll_back=roll_back)
    reason = _reason(exc)
    if reason is exc:
        raise exc
    raise reason from exc


def _reason(exc: BaseException) -> BaseException:
    """What a session scope ended by `exc` raises: the user's kind of error for a driver error,
    a KeyboardInterrupt for a Ctrl-C that cleanup masked, else `exc` itself."""
    interrupt = interruption(exc)
    if interrupt is not None and interrupt is not exc:
        return KeyboardInterrupt()
    if isinstance(exc, (DBAPIError, StaleDataError)):
        return translate_db_error(exc)
    return exc
