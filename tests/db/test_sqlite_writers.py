"""SQLite: a second writer waits for the first or gets a clear StoreBusy, never a late lock."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from tracker import store as store_module
from tracker.enums import ElectionType
from tracker.errors import StoreBusy
from tracker.models import Election
from tracker.store import Store


def test_write_transactions_begin_immediately(sqlite_store: Store) -> None:
    with sqlite_store.transaction() as session:
        connection = session.connection()
        raw = connection.connection.dbapi_connection
        assert raw is not None
        assert raw.in_transaction  # the write lock is taken before the first statement


def test_second_writer_gets_store_busy_after_the_timeout(
    sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SQLITE_BUSY_TIMEOUT_S", 0.2)
    impatient = Store(sqlite_store.url)
    holding = threading.Event()
    release = threading.Event()

    def first_writer() -> None:
        with sqlite_store.transaction() as session:
            session.add(Election(country="MD", type=ElectionType.LOCAL, date=dt.date(2023, 11, 5)))
            session.flush()
            holding.set()
            release.wait(5)

    thread = threading.Thread(target=first_writer)
    thread.start()
    try:
        assert holding.wait(5)
        with pytest.raises(StoreBusy, match="busy"), impatient.transaction() as session:
            session.add(
                Election(country="MD", type=ElectionType.PRESIDENTIAL, date=dt.date(2024, 10, 20))
            )
    finally:
        release.set()
        thread.join()
        impatient.dispose()

    with sqlite_store.read() as session:
        assert list(session.scalars(select(Election.type))) == [ElectionType.LOCAL]
