"""Shared fixtures: migrated stores on SQLite and, where configured, PostgreSQL.

`RECTRACK_TEST_PG` names a PostgreSQL database (any SQLAlchemy URL); each test gets a schema of
its own there, dropped afterwards. Without it PostgreSQL tests skip, unless
`RECTRACK_REQUIRE_PG=1` (set by CI), which makes them fail instead.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tracker import schema
from tracker.store import Store, create_store_engine, normalise_url

PG_ENV = "RECTRACK_TEST_PG"
REQUIRE_PG_ENV = "RECTRACK_REQUIRE_PG"
REPO_ROOT = Path(__file__).resolve().parent.parent


def postgres_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get(REQUIRE_PG_ENV) == "1":
            pytest.fail(f"{REQUIRE_PG_ENV}=1 but {PG_ENV} is not set", pytrace=False)
        pytest.skip(f"PostgreSQL not configured (set {PG_ENV} to a database URL)")
    return url


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
def postgres_schemas() -> Iterator[PostgresSchemas]:
    schemas = PostgresSchemas(postgres_url() or "")
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
