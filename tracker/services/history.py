"""The history: listing it, and undoing a person's last action from it.

Undo works from the history alone (so it survives restarts): it takes the actor's latest
batch that is neither an import, a matching proposal, an undo nor already undone, checks that
nobody changed the same rows since, and writes the reverse as a new batch whose `reverts` names
the one undone. The queries are `tracker.repositories.history`'s; how each entity's row is read
and put back is `tracker.repositories.reverting`'s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from tracker.errors import ConflictError, InvalidInput, NotFound
from tracker.history_entries import HistoryKey, parse_key, recommendations_named
from tracker.models import HistoryEntry
from tracker.repositories import history as repo
from tracker.repositories import reverting
from tracker.repositories.history import HistoryRecorder
from tracker.store import Store

# Imports are undone by re-importing the earlier files; matching proposals by rejecting them.
NOT_UNDOABLE_ACTIONS = frozenset({"import", "propose", "undo"})


@dataclass(frozen=True)
class HistoryView:
    at: dt.datetime
    actor: str
    action: str
    entity: str
    key: str
    field: str | None
    old: Any
    new: Any
    batch: str
    reverts: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(timespec="seconds"),
            "actor": self.actor,
            "action": self.action,
            "entity": self.entity,
            "key": self.key,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "batch": self.batch,
            "reverts": self.reverts,
        }


def _view(entry: HistoryEntry) -> HistoryView:
    return HistoryView(
        at=entry.at,
        actor=entry.actor,
        action=entry.action,
        entity=entry.entity,
        key=entry.key,
        field=entry.field,
        old=entry.old,
        new=entry.new,
        batch=entry.batch,
        reverts=entry.reverts,
    )


def list_history(
    store: Store, *, key: str | None = None, by: str | None = None, limit: int | None = 200
) -> list[HistoryView]:
    """Newest first. `key` matches the entry's key, or a link/assessment that names it; a
    recommendation's key also matches its report's entries (the import that brought it). A key
    that names nothing in the store and no entry is `NotFound`."""
    if limit is not None and limit < 1:
        raise InvalidInput(f"limit {limit}: give a number of entries, 1 or more")
    with store.read() as session:
        found = [_view(entry) for entry in repo.find_entries(session, key=key, by=by, limit=limit)]
        if key is not None and not found and not repo.names_something(session, key):
            raise NotFound(f"no recommendation or report {key!r} in the store")
    return found


@dataclass(frozen=True)
class UndoChange:
    """One reverted entry: `undone` is what the action had left, `restored` what is back now
    (for a whole row, its values as a dict, or None where the row did not exist)."""

    entity: str
    key: HistoryKey
    field: str | None
    undone: Any
    restored: Any


@dataclass(frozen=True)
class UndoResult:
    batch: str
    action: str
    actor: str
    at: dt.datetime
    entries: int
    keys: tuple[HistoryKey, ...]  # each row reverted, once, in the order recorded
    changes: tuple[UndoChange, ...] = ()

    @property
    def recommendations(self) -> tuple[str, ...]:
        """The recommendations whose rows the undo changed (a link names two)."""
        return recommendations_named(self.keys)


def undo_last(store: Store, actor: str, *, by: str | None = None) -> UndoResult:
    """Revert the last action of `by` (default: the actor), recorded as the actor's undo."""
    whose = by or actor
    with store.transaction() as session:
        batch = repo.latest_undoable_batch(session, whose, excluding=NOT_UNDOABLE_ACTIONS)
        if batch is None:
            raise NotFound(f"{whose} has nothing to undo")
        entries = repo.entries_of_batch(session, batch)
        _refuse_if_changed_since(session, entries)
        recorder = HistoryRecorder(actor=actor, reverts=batch)
        for entry in reversed(entries):
            _revert(session, entry, recorder)
        recorder.flush(session)
    first = entries[0]
    return UndoResult(
        batch=batch,
        action=first.action,
        actor=first.actor,
        at=first.at,
        entries=len(entries),
        keys=tuple(dict.fromkeys(parse_key(entry.entity, entry.key) for entry in entries)),
        changes=tuple(
            UndoChange(
                entry.entity, parse_key(entry.entity, entry.key), entry.field, entry.new, entry.old
            )
            for entry in entries
        ),
    )


def _refuse_if_changed_since(session: Session, entries: list[HistoryEntry]) -> None:
    keys = {(entry.entity, entry.key) for entry in entries}
    later = repo.entries_since(
        session, max(entry.id for entry in entries), {key for _, key in keys}
    )
    for entry in later:
        if (entry.entity, entry.key) in keys:
            when = entry.at.isoformat(sep=" ", timespec="minutes")
            advice = (
                "an import is not undone: change it by hand (`rectrack assess`, the TUI)"
                if entry.action == "import"
                else "undo theirs first, or change it by hand"
            )
            raise ConflictError(
                f"cannot undo: {entry.actor} changed {entry.entity} {entry.key} since "
                f"({entry.action} at {when}); {advice}"
            )
    for entry in entries:
        current = _current(session, entry)
        if current != entry.new:
            raise ConflictError(
                f"cannot undo: {entry.entity} {entry.key} "
                f"{'(' + entry.field + ') ' if entry.field else ''}is no longer what that "
                "action left; someone changed it outside the history"
            )


def _current(session: Session, entry: HistoryEntry) -> Any:
    if entry.field is None:
        return reverting.read_row(session, entry.entity, entry.key)
    value = reverting.read_field(session, entry.entity, entry.key, entry.field)
    return None if value is reverting.ABSENT else value


def _revert(session: Session, entry: HistoryEntry, recorder: HistoryRecorder) -> None:
    if entry.field is not None:
        reverting.write_field(session, entry.entity, entry.key, entry.field, entry.old)
    elif entry.old is None:
        reverting.delete_row(session, entry.entity, entry.key)
    else:
        reverting.create_row(session, entry.entity, entry.key, entry.old)
    recorder.record(
        "undo", entry.entity, entry.key, field=entry.field, old=entry.new, new=entry.old
    )
