"""The schema's revision: where the Alembic scripts are, what the store is at, and upgrades.

The scripts live in the checkout's `migrations/`; a wheel carries them as `tracker/_migrations`.
The configuration is built here, so that `rectrack init` works from any folder
(`alembic.ini` serves developers in the checkout only).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from tracker.errors import StoreNotReady, TrackerError
from tracker.store import Store

if TYPE_CHECKING:
    from alembic.config import Config

_PACKAGE_DIR = Path(__file__).resolve().parent

# The newest revision in migrations/versions. Every command checks the store against it, so it
# is a constant rather than a walk of the scripts through Alembic (which costs a third of a
# second at start-up); tests/db/test_schema.py fails when it and the scripts disagree.
SCHEMA_HEAD = "0006"


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise TrackerError(f"installation is incomplete: none of {[str(c) for c in candidates]}")


def migrations_dir() -> Path:
    return _first_existing(_PACKAGE_DIR / "_migrations", _PACKAGE_DIR.parent / "migrations")


def seed_dir() -> Path:
    return _first_existing(_PACKAGE_DIR / "_seed", _PACKAGE_DIR.parent / "seed")


def alembic_config(store: Store | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if store is not None:
        config.set_main_option("sqlalchemy.url", store.url.replace("%", "%%"))
        config.attributes["engine"] = store.engine
    return config


def head_revision() -> str:
    return SCHEMA_HEAD


def scripts_head() -> str:
    """The head as Alembic finds it in the scripts (what SCHEMA_HEAD must equal)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise TrackerError("installation is incomplete: no schema revisions found")
    return head


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as connection:
        try:
            revisions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        except DBAPIError:
            return None  # no alembic_version table: a store without a schema yet
        finally:
            connection.rollback()
    return str(revisions[0][0]) if len(revisions) == 1 else None


@dataclass(frozen=True)
class UpgradeResult:
    old_revision: str | None
    new_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.old_revision != self.new_revision


def upgrade(store: Store) -> UpgradeResult:
    """Create the schema, or bring it to head; copy an existing SQLite file aside first."""
    old = current_revision(store)
    head = head_revision()
    backup = None
    if old is None and _has_foreign_tables(store):
        raise StoreNotReady(
            f"{store.display_url} holds tables but no rectrack schema revision; "
            "refusing to write into it"
        )
    if old != head:
        path = store.sqlite_path
        if old is not None and path is not None and path.exists():
            backup = path.with_name(f"{path.name}.bak-{old}")
            _copy_sqlite(store, backup)
        from alembic import command

        command.upgrade(alembic_config(store), "head")
    return UpgradeResult(old_revision=old, new_revision=head, backup=backup)


def _has_foreign_tables(store: Store) -> bool:
    names = set(inspect(store.engine).get_table_names())
    return bool(names - {"alembic_version"})


def _copy_sqlite(store: Store, target: Path) -> None:
    """A consistent copy even in WAL mode: SQLite's own backup, not a file copy."""
    import sqlite3

    source_path = store.sqlite_path
    assert source_path is not None
    store.engine.dispose()
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as destination:
        source.backup(destination)
    if not target.exists():  # pragma: no cover - sqlite3 always creates it
        shutil.copy2(source_path, target)


def ensure_current(store: Store) -> None:
    """Every command but `init` opens the store through this: an older schema is named."""
    current = current_revision(store)
    head = head_revision()
    if current == head:
        return
    if current is None:
        raise StoreNotReady(
            f"the store at {store.display_url} has no schema yet: run `rectrack init`"
        )
    raise StoreNotReady(
        f"the store at {store.display_url} is at schema revision {current}, "
        f"this rectrack needs {head}: run `rectrack init` to upgrade it (a copy is kept)"
    )
