"""Shared fixtures: migrated stores on SQLite and on PostgreSQL.

`RECTRACK_TEST_PG` names a PostgreSQL database (any SQLAlchemy URL); each test gets a schema of
its own there, dropped afterwards. Without it, the first PostgreSQL test starts a throw-away
server (`tests/throwaway_pg.py`: initdb and pg_ctl from PATH or the usual install places), which
is stopped and removed when the session ends, also on a failure or a Ctrl-C. Where there are
no server binaries either, PostgreSQL tests skip, unless `RECTRACK_REQUIRE_PG=1` (set by CI),
which makes them fail instead.

At the end, one line says what was skipped and why (PostgreSQL, Chromium, anything else).
"""

from __future__ import annotations

import os
import shutil
import signal
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType

import pytest
from sqlalchemy import create_engine, text

from tracker import schema
from tracker.store import Store, create_store_engine, normalise_url

from . import throwaway_pg

PG_ENV = "RECTRACK_TEST_PG"
REQUIRE_PG_ENV = "RECTRACK_REQUIRE_PG"
REPO_ROOT = Path(__file__).resolve().parent.parent

# What the session's PostgreSQL tests ran on, for the closing summary.
_postgres_used: list[str] = []


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"terminated by signal {signum}")


@pytest.fixture(scope="session")
def postgres_test_url() -> Iterator[str]:
    """`RECTRACK_TEST_PG` if set, else a throw-away server for this session."""
    url = os.environ.get(PG_ENV)
    if url:
        _postgres_used.append(f"the database in {PG_ENV}")
        yield url
        return
    try:
        server = throwaway_pg.start()
    except throwaway_pg.Unavailable as exc:
        why = str(exc)
    else:
        why = ""
    if why:  # outside the except block: the report shows the reason alone, no chained exception
        if os.environ.get(REQUIRE_PG_ENV) == "1":
            pytest.fail(f"{REQUIRE_PG_ENV}=1 but {why}", pytrace=False)
        pytest.skip(why)
    previous = signal.getsignal(signal.SIGTERM)
    if previous == signal.SIG_DFL:
        # A `kill` or a CI time-out would end pytest without its teardown and leave the server
        # running: stop the session as a Ctrl-C does, which tears down and stops the server.
        signal.signal(signal.SIGTERM, _terminated)
    try:
        yield server.url
    finally:
        server.stop()
        if previous == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, previous)
    _postgres_used.append(
        f"a throw-away PostgreSQL {server.version} server ({server.bindir}), now removed"
    )


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file per test session; each test copies it."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    store = Store(f"sqlite:///{path}")
    schema.upgrade(store)
    store.dispose()
    return path


def _sqlite_store(template: Path, folder: Path) -> Store:
    path = folder / "store.db"
    shutil.copyfile(template, path)
    return Store(f"sqlite:///{path}")


class PostgresSchemas:
    """Creates a schema per test in the configured database and drops it afterwards."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.admin = create_store_engine(url)

    def create(self) -> tuple[Store, str]:
        name = f"t_{uuid.uuid4().hex[:12]}"
        with self.admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        url = normalise_url(self.url)
        scoped_engine = create_engine(
            url, connect_args={"options": f"-csearch_path={name}"}, pool_pre_ping=True
        )
        return Store(self.url, engine=scoped_engine), name

    def drop(self, name: str) -> None:
        with self.admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))


@pytest.fixture(scope="session")
def postgres_schemas(postgres_test_url: str) -> Iterator[PostgresSchemas]:
    schemas = PostgresSchemas(postgres_test_url)
    yield schemas
    schemas.admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path) -> Iterator[Store]:
    """A store migrated to head, on each backend."""
    if request.param == "sqlite":
        sqlite_store = _sqlite_store(sqlite_template, tmp_path)
        yield sqlite_store
        sqlite_store.dispose()
        return
    schemas: PostgresSchemas = request.getfixturevalue("postgres_schemas")
    pg_store, name = schemas.create()
    try:
        schema.upgrade(pg_store)
        yield pg_store
    finally:
        pg_store.dispose()
        schemas.drop(name)


@pytest.fixture
def sqlite_store(sqlite_template: Path, tmp_path: Path) -> Iterator[Store]:
    """A migrated SQLite store, for tests that are about SQLite itself."""
    result = _sqlite_store(sqlite_template, tmp_path)
    yield result
    result.dispose()


def _skip_reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    reason = str(longrepr[2]) if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


def _skip_kind(report: pytest.TestReport | pytest.CollectReport) -> str:
    keywords = getattr(report, "keywords", {})
    if "postgres" in keywords:
        return "PostgreSQL"
    if "browser" in keywords:
        return "Chromium"
    return "other"


def skipped_summary(reports: Sequence[pytest.TestReport | pytest.CollectReport]) -> str | None:
    """`skipped: 120 PostgreSQL (why), 1 Chromium (why), 2 other (why; why)`, or None."""
    counts: Counter[str] = Counter()
    reasons: dict[str, list[str]] = {}
    for report in reports:
        kind = _skip_kind(report)
        counts[kind] += 1
        found = reasons.setdefault(kind, [])
        if (reason := _skip_reason(report)) not in found:
            found.append(reason)
    if not counts:
        return None
    order = ["PostgreSQL", "Chromium", "other"]
    parts = [
        f"{counts[kind]} {kind} ({'; '.join(reasons[kind])})" for kind in order if counts[kind]
    ]
    return "skipped: " + ", ".join(parts)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """A newcomer's `make test` says what did not run and why, and what PostgreSQL ran on."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report, (pytest.TestReport, pytest.CollectReport))
    ]
    line = skipped_summary(skipped)
    if line:
        terminalreporter.write_line(line, yellow=True)
    if _postgres_used:
        terminalreporter.write_line(f"PostgreSQL tests ran on {_postgres_used[0]}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs PostgreSQL in any way carries the `postgres` marker, so that
    `-m "not postgres"` leaves it out and the summary counts its skip as PostgreSQL's."""
    for item in items:
        if "postgres_test_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)
