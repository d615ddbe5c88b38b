"""The demo store: a throw-away SQLite file built from the shipped seed data, matched, ready for
the terminal UI. It lives in the user's data folder as `demo.db`, is removed and rebuilt on
every run, and is never the user's own store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

from tracker import schema
from tracker.errors import InvalidInput
from tracker.services import admin, importing, matching
from tracker.services.importing import ImportSummary
from tracker.services.matching import MatchSummary
from tracker.store import Store, resolve_url, sqlite_file_path

DEMO_FILE = "demo.db"


def default_demo_path() -> Path:
    return Path(platformdirs.user_data_dir("rectrack", appauthor=False)) / DEMO_FILE


@dataclass(frozen=True)
class DemoStore:
    store: Store
    path: Path
    imported: ImportSummary
    matched: MatchSummary


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def build_demo(path: Path | None = None, *, actor: str, user_url: str | None = None) -> DemoStore:
    """Remove and rebuild the demo store at `path`: schema, the seed data, matching."""
    target = (path or default_demo_path()).expanduser()
    # Only the path: opening the user's store would create its folder.
    user_path = sqlite_file_path(resolve_url(user_url))
    if user_path is not None and _same_file(user_path, target):
        raise InvalidInput(
            f"{target} is your configured store; the demo never replaces it: "
            "point --db or RECTRACK_DB elsewhere"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    store, _ = admin.init_store(f"sqlite:///{target}")
    try:
        imported = importing.import_paths(store, [schema.seed_dir()], actor=actor, match=False)
        matched = matching.propose(store, actor=actor)
    except Exception:
        store.dispose()
        raise
    return DemoStore(store=store, path=target, imported=imported, matched=matched)
