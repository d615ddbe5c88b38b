"""Drafting a report's YAML from its file: `rectrack extract`.

The taxonomy comes from the store when it holds one, and otherwise from the shipped
`seed/topics.yaml`, so that a reviewer can draft before any store exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy.exc import SQLAlchemyError

from tracker import atomic
from tracker.errors import ExtractionFailed, TrackerError
from tracker.extracting import Draft, ReportMeta, TopicInfo, draft_document, load_document
from tracker.extracting.rendering import render_draft
from tracker.repositories import catalog
from tracker.schema import seed_dir
from tracker.services.admin import open_store
from tracker.services.importing import ImportSummary, import_paths
from tracker.store import Store, is_memory_sqlite, normalise_url, resolve_url

SEED_TOPICS = "topics.yaml"


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[TopicInfo, ...]
    source: str  # "the store" or the seed file's path, for the summary
    path: Path | None = None  # the seed file, where the topics come from one


@dataclass(frozen=True)
class Extraction:
    draft: Draft
    text: str  # the draft as rectrack/1 YAML
    taxonomy: Taxonomy


def seed_taxonomy(path: Path | None = None) -> Taxonomy:
    """The topics of the shipped seed file (ids, labels, descriptions)."""
    path = path or seed_dir() / SEED_TOPICS
    try:
        # BaseLoader: every scalar is text, as the format wants.
        document = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=yaml.BaseLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise TrackerError(f"cannot read the topic taxonomy {path}: {exc}") from None
    entries = document.get("topics") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise TrackerError(f"{path}: no `topics:` list")
    topics = tuple(
        TopicInfo(entry["id"], entry.get("label") or entry["id"], entry.get("description"))
        for entry in entries
        if isinstance(entry, dict) and isinstance(entry.get("id"), str)
    )
    if not topics:
        raise TrackerError(f"{path}: the taxonomy holds no topics")
    return Taxonomy(topics, str(path), path)


def store_taxonomy(store: Store) -> Taxonomy | None:
    """The store's topics, or None where it holds none yet."""
    with store.read() as session:
        stored = catalog.topics(session)
    if not stored:
        return None
    topics = tuple(TopicInfo(t.id, t.label, t.description) for t in stored.values())
    return Taxonomy(topics, "the store")


def taxonomy(store: Store | None) -> Taxonomy:
    """The store's taxonomy where there is one, else the shipped seed's."""
    if store is not None:
        found = store_taxonomy(store)
        if found is not None:
            return found
    return seed_taxonomy()


def existing_store(url: str | None) -> tuple[Store | None, str | None]:
    """The configured store if it exists and is ready, else None (and why, where a store exists
    but cannot be used).

    Drafting does not need a store, so a missing SQLite file is not created, and a store that is
    not ready is passed over (the taxonomy then comes from the seed)."""
    resolved = resolve_url(url)
    parsed = normalise_url(resolved)
    if parsed.get_backend_name() == "sqlite" and not is_memory_sqlite(parsed):
        database = Path(parsed.database or "").expanduser()
        if not database.is_file():
            return None, None
    try:
        return open_store(resolved), None
    except (TrackerError, SQLAlchemyError) as exc:
        message = exc.message if isinstance(exc, TrackerError) else type(exc).__name__
        return None, message


def extract(path: Path, meta: ReportMeta, topics: Taxonomy) -> Extraction:
    """The draft of the report in `path`: loaded, cleaned, split, with topics suggested."""
    document = load_document(path)
    draft = draft_document(document, meta, topics.topics)
    return Extraction(draft=draft, text=render_draft(draft), taxonomy=topics)


def write_draft(extraction: Extraction, target: Path, *, overwrite: bool = False) -> None:
    """Writes the draft; an existing file (perhaps a reviewer's edited draft) is kept unless
    `overwrite`."""
    existed = atomic.exists(target)
    if existed and not overwrite:
        raise ExtractionFailed(f"{target} exists: refusing to overwrite it (use --force)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.replace_text(target, extraction.text)
    except OSError as exc:
        left = f"{target} was left as it was" if existed else "nothing was written"
        raise ExtractionFailed(f"cannot write {target}: {exc.strerror or exc}; {left}") from None


def keep_draft(text: str, target: Path) -> bool:
    """Keeps a draft that did not import in `target`, so that the reviewer can fix it; never
    over an existing file. Whether it was written (a failure here must not hide the import's)."""
    if atomic.exists(target):
        return False
    try:
        atomic.replace_text(target, text)
    except OSError:
        return False
    return True


def import_draft(
    store: Store, extraction: Extraction, draft: Path, *, actor: str, match: bool = True
) -> ImportSummary:
    """Imports a written draft with `rectrack import`'s service. Where the topics came from the
    seed (the store holds none yet), the seed's taxonomy is imported in the same batch, so that
    the topics the draft names exist. `match=False` leaves the matching to the caller (the CLI
    runs it apart, so that a failure there can say the import itself is complete)."""
    paths = [draft]
    if extraction.taxonomy.path is not None:
        paths.insert(0, extraction.taxonomy.path)
    return import_paths(store, paths, actor=actor, match=match)
