"""Correcting a recommendation in place: its text, topics, priority and addressees.

Each changed field is one history entry (entity `recommendation`, the field's name, old and new
values as the history stores them), all of one edit in one batch, so that `undo` reverts the
edit as a whole. The caller says which version it edited (`expected_version`); a different
stored version means someone changed the recommendation meanwhile: a `ConflictError`, and
nothing is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from tracker.errors import ConflictError, InvalidInput
from tracker.models import Topic
from tracker.repositories import decisions, reverting
from tracker.repositories.history import HistoryRecorder
from tracker.store import Store

EDITABLE_FIELDS = ("text", "topics", "priority", "addressees")


@dataclass(frozen=True)
class EditResult:
    key: str
    version: int
    changed: tuple[str, ...]

    @property
    def is_change(self) -> bool:
        return bool(self.changed)


def clean_addressees(values: Sequence[str]) -> list[str]:
    """Stripped, non-empty, each once, in the order given."""
    seen: dict[str, None] = {}
    for value in values:
        word = " ".join(str(value).split())
        if word:
            seen.setdefault(word, None)
    return list(seen)


def values_problem(text: str | None, topics: Sequence[str] | None) -> str | None:
    """What makes an edit's values unsavable before the store is asked (an empty text, no
    topic), or None; the editor checks with it so that it can stay open."""
    if text is not None and not text.strip():
        return "the text cannot be empty"
    if topics is not None and not any(topic.strip() for topic in topics):
        return "a recommendation needs at least one topic"
    return None


def _check_topics(known: set[str], wanted: Sequence[str]) -> list[str]:
    problem = values_problem(None, wanted)
    if problem:
        raise InvalidInput(problem)
    topics = sorted({topic.strip() for topic in wanted if topic.strip()})
    for topic in topics:
        if topic not in known:
            close = difflib.get_close_matches(topic, sorted(known), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InvalidInput(f"unknown topic {topic!r}{hint}")
    return topics


def edit_recommendation(
    store: Store,
    key: str,
    *,
    actor: str,
    expected_version: int | None,
    text: str | None = None,
    topics: Sequence[str] | None = None,
    priority: bool | None = None,
    addressees: Sequence[str] | None = None,
) -> EditResult:
    """Change the fields given (None: leave as is); unchanged values write nothing."""
    with store.transaction() as session:
        placed = decisions.recommendation_by_key(session, key)
        row = placed.recommendation
        if expected_version is not None and row.version != expected_version:
            raise ConflictError(
                f"{key} was changed by someone else meanwhile (version {row.version}, you "
                f"edited version {expected_version}); reload and try again"
            )
        recorder = HistoryRecorder(actor=actor)
        changed: list[str] = []

        def record(field: str, before: Any, after: Any) -> None:
            recorder.record("edit", "recommendation", key, field=field, old=before, new=after)
            changed.append(field)

        topics_changed = False
        if topics is not None:
            known = set(session.scalars(select(Topic.id)))
            wanted_topics = _check_topics(known, topics)
            current_topics = reverting.topics_of(session, key)
            if wanted_topics != current_topics:
                record("topics", current_topics, wanted_topics)
                reverting.set_topics(session, key, wanted_topics)
                topics_changed = True
        if text is not None:
            cleaned = text.strip()
            if not cleaned:
                raise InvalidInput(f"{key}: {values_problem(text, None)}")
            if cleaned != row.text:
                record("text", row.text, cleaned)
                row.text = cleaned
        if priority is not None and bool(priority) != row.priority:
            record("priority", row.priority, bool(priority))
            row.priority = bool(priority)
        if addressees is not None:
            wanted = clean_addressees(addressees)
            current = list(row.addressees or [])
            if wanted != current:
                record("addressees", current, wanted)
                row.addressees = wanted
        if topics_changed and changed == ["topics"]:
            # The topics live in their own table: touch the row so that its version moves and
            # a concurrent edit of the same recommendation is caught.
            flag_modified(row, "addressees")
        if changed:
            session.flush()
        recorder.flush(session)
        return EditResult(key=key, version=row.version, changed=tuple(changed))
