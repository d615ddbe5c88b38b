"""The append-only history: `HistoryRecorder` writes an action's entries in bulk, and the
queries of `rectrack history` and undo read them (a batch, the latest undoable batch of an
actor, what stands on some rows since an entry). Nothing here updates or deletes.

What an entry holds (its entity, its key, its values) is defined in tracker.history_entries;
undo depends on every writer following it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from tracker import fieldrules
from tracker.errors import InvalidInput
from tracker.history_entries import (
    ASSESSMENT_SEPARATOR,
    ENTITIES,
    LINK_SEPARATOR,
    HistoryKey,
)
from tracker.keys import split_key
from tracker.models import HistoryEntry, Recommendation, Report, utcnow


def new_batch_id() -> str:
    return str(uuid.uuid4())


@dataclass
class HistoryRecorder:
    """Collects the entries of one user action and writes them in one statement."""

    actor: str
    batch: str = field(default_factory=new_batch_id)
    reverts: str | None = None
    at: dt.datetime = field(default_factory=utcnow)
    _pending: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Every write names its actor here; the name becomes `decided_by` and an assessor too,
        # so it follows the reviewer-name rule whatever called (`resolve_reviewer` checks it
        # first, with where it came from).
        problem = fieldrules.REVIEWER.problem(self.actor)
        if problem is not None:
            raise InvalidInput(f"{problem}: nothing was written")

    def record(
        self,
        action: str,
        entity: str,
        key: HistoryKey | str,
        *,
        field: str | None = None,
        old: Any = None,
        new: Any = None,
    ) -> None:
        if entity not in ENTITIES:
            raise ValueError(f"unknown history entity {entity!r}")
        self._pending.append(
            {
                "at": self.at,
                "actor": self.actor,
                "action": action,
                "entity": entity,
                "key": str(key),
                "field": field,
                "old": old,
                "new": new,
                "batch": self.batch,
                "reverts": self.reverts,
            }
        )

    @property
    def pending(self) -> Sequence[dict[str, Any]]:
        return tuple(self._pending)

    def flush(self, session: Session) -> int:
        """Write what was recorded; returns how many entries."""
        count = len(self._pending)
        if count:
            session.execute(insert(HistoryEntry), self._pending)
            self._pending.clear()
        return count


def entries_of_batch(session: Session, batch: str) -> list[HistoryEntry]:
    statement = select(HistoryEntry).where(HistoryEntry.batch == batch).order_by(HistoryEntry.id)
    return list(session.scalars(statement))


def names_something(session: Session, key: str) -> bool:
    """Whether `key` is a recommendation's key or a report's id in the store."""
    return (
        session.scalar(select(Recommendation.id).where(Recommendation.key == key).limit(1))
        is not None
        or session.scalar(select(Report.id).where(Report.id == key).limit(1)) is not None
    )


def find_entries(
    session: Session, *, key: str | None, by: str | None, limit: int | None
) -> list[HistoryEntry]:
    """Newest first. `key` matches the entry's key, or a link/assessment that names it; a
    recommendation's key (`<report id>#<number>`) also matches its report's entries."""
    statement = select(HistoryEntry).order_by(HistoryEntry.id.desc())
    if key is not None:
        condition = (
            (HistoryEntry.key == key)
            | HistoryEntry.key.startswith(f"{key}{LINK_SEPARATOR}")
            | HistoryEntry.key.endswith(f"{LINK_SEPARATOR}{key}")
            | HistoryEntry.key.startswith(f"{key}{ASSESSMENT_SEPARATOR}")
        )
        report_id, number = split_key(key)
        if number:
            condition |= (HistoryEntry.entity == "report") & (HistoryEntry.key == report_id)
        statement = statement.where(condition)
    if by is not None:
        statement = statement.where(HistoryEntry.actor == by)
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.scalars(statement))


def _undone_batches() -> Select[str | None]:
    """The batches an undo names."""
    return select(HistoryEntry.reverts).where(HistoryEntry.reverts.is_not(None))


def latest_undoable_batch(
    session: Session, actor: str, *, excluding: Collection[str]
) -> str | None:
    """The batch of `actor`'s latest action that is not of an action in `excluding`, not an
    undo and not undone, or None."""
    latest = session.execute(
        select(HistoryEntry.batch, func.max(HistoryEntry.id).label("last"))
        .where(
            HistoryEntry.actor == actor,
            HistoryEntry.action.not_in(excluding),
            HistoryEntry.reverts.is_(None),
            HistoryEntry.batch.not_in(_undone_batches()),
        )
        .group_by(HistoryEntry.batch)
        .order_by(func.max(HistoryEntry.id).desc())
        .limit(1)
    ).first()
    return None if latest is None else str(latest.batch)


def entries_since(session: Session, after_id: int, keys: Collection[str]) -> list[HistoryEntry]:
    """The entries after `after_id` on any of `keys` that still stand: neither undos nor of a
    batch that was undone (those left the rows as they were), oldest first."""
    statement = (
        select(HistoryEntry)
        .where(
            HistoryEntry.id > after_id,
            HistoryEntry.key.in_(set(keys)),
            HistoryEntry.reverts.is_(None),
            HistoryEntry.batch.not_in(_undone_batches()),
        )
        .order_by(HistoryEntry.id)
    )
    return list(session.scalars(statement))
