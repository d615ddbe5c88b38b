"""The versioned write of a reviewer-edited row: check its version, set the fields that change,
record each change in the history, flush.

Every service that changes an existing link, assessment or recommendation field by field goes
through `set_fields`, so that a change is decided one way everywhere: a field changes where its
value *as the history stores it* (`tracker.history_entries.json_value`) differs, and each such
field is one history entry (its name, the old and the new value in that form). Rows created or
deleted whole are recorded by their callers (`link_values`, `assessment_values`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy.orm import object_session

from tracker.errors import ConflictError
from tracker.history_entries import AssessmentKey, LinkKey, RowKey, json_value
from tracker.repositories.history import HistoryRecorder


class Versioned(Protocol):
    """A row with a `version` column (`tracker.models`' optimistic locking)."""

    version: int


def entity_of(key: RowKey | LinkKey | AssessmentKey) -> str:
    """The history entity a key names."""
    if isinstance(key, LinkKey):
        return "link"
    if isinstance(key, AssessmentKey):
        return "assessment"
    return key.entity


def check_version(
    row: Versioned,
    key: RowKey | LinkKey | AssessmentKey,
    expected_version: int | None,
    *,
    conflict: str | None = None,
) -> None:
    """`ConflictError` where `row` is no longer at the version the caller saw (None: whatever is
    there). `conflict` is the message, where the caller can say more than the default."""
    if expected_version is None or row.version == expected_version:
        return
    raise ConflictError(
        conflict
        or (
            f"{entity_of(key)} {key.shown} was changed by someone else meanwhile (version "
            f"{row.version}, you saw version {expected_version}); reload and try again"
        )
    )


def set_fields(
    row: Versioned,
    key: RowKey | LinkKey | AssessmentKey,
    wanted: Mapping[str, Any],
    recorder: HistoryRecorder,
    action: str,
    *,
    expected_version: int | None = None,
    conflict: str | None = None,
) -> list[str]:
    """Set the fields of `row` named in `wanted` (in its order) that change, each recorded as
    one history entry of `action` on `key`, and flush the row's session where any did (its
    version moves).

    Returns the names of the fields changed. A version other than `expected_version` is a
    `ConflictError` (message `conflict`, or one naming the row) and nothing is set."""
    check_version(row, key, expected_version, conflict=conflict)
    entity = entity_of(key)
    changed: list[str] = []
    for field, value in wanted.items():
        before = json_value(getattr(row, field))
        after = json_value(value)
        if before == after:
            continue
        setattr(row, field, value)
        recorder.record(action, entity, key, field=field, old=before, new=after)
        changed.append(field)
    session = object_session(row)
    if changed and session is not None:
        session.flush()
    return changed
