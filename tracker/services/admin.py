"""Opening a store, creating or upgrading its schema, and describing it."""

from __future__ import annotations

from dataclasses import dataclass

from tracker import schema
from tracker.errors import NotPermitted, StoreNotReady
from tracker.repositories.counts import table_counts
from tracker.services import roles
from tracker.store import Store, display_url, resolve_url, sqlite_file_path


def open_store(url: str | None = None, *, check_schema: bool = True) -> Store:
    """The store named by `url`, `RECTRACK_DB` or the default file; checked to be at head.

    Checked, a missing SQLite file is refused before anything touches the disk: connecting
    would create it (and its folder), and only `rectrack init` (`check_schema=False`) may."""
    resolved = resolve_url(url)
    if check_schema:
        path = sqlite_file_path(resolved)
        if path is not None and not path.exists():
            raise StoreNotReady(
                f"there is no store at {display_url(resolved)}: run `rectrack init` to create it"
            )
    store = Store(resolved)
    if check_schema:
        try:
            _check_schema(store)
        except BaseException:
            store.dispose()
            raise
    return store


def _check_schema(store: Store) -> None:
    """At head, and readable by this login: on PostgreSQL a login with no role is told so
    (without privileges it cannot read the schema's revision, and would hear "no schema")."""
    roles.check_can_open(store)
    try:
        schema.ensure_current(store)
    except StoreNotReady:
        unreadable = roles.unreadable_schema(store)
        if unreadable is not None:
            raise NotPermitted(unreadable) from None
        raise


def init_store(url: str | None = None) -> tuple[Store, schema.UpgradeResult]:
    """Create or upgrade the schema. On PostgreSQL, once the store's roles exist, only an
    admin may (the first `init` creates them, as the database's owner)."""
    store = open_store(url, check_schema=False)
    try:
        roles.require_for_init(store)
        return store, schema.upgrade(store)
    except BaseException:
        store.dispose()
        raise


@dataclass(frozen=True)
class StoreInfo:
    url: str
    backend: str
    revision: str | None
    head: str
    counts: dict[str, int]

    def as_dict(self) -> dict[str, object]:
        return {
            "url": self.url,
            "backend": self.backend,
            "revision": self.revision,
            "head": self.head,
            "counts": self.counts,
        }


def describe(store: Store) -> StoreInfo:
    with store.read() as session:
        counts = table_counts(session)
    return StoreInfo(
        url=store.display_url,
        backend=store.engine.dialect.name,
        revision=schema.current_revision(store),
        head=schema.head_revision(),
        counts=counts,
    )
