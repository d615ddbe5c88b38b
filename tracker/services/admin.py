"""Opening a store, creating or upgrading its schema, and describing it."""

from __future__ import annotations

from dataclasses import dataclass

from tracker import schema
from tracker.errors import StoreNotReady
from tracker.repositories.counts import table_counts
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
            schema.ensure_current(store)
        except Exception:
            store.dispose()
            raise
    return store


def init_store(url: str | None = None) -> tuple[Store, schema.UpgradeResult]:
    store = open_store(url, check_schema=False)
    return store, schema.upgrade(store)


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
