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

from sqlalchemy.orm.attributes import flag_modified

from tracker import fieldrules
from tracker.errors import InvalidInput
from tracker.history_entries import RowKey
from tracker.repositories import decisions, reverting, writes
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
    """Stripped, non-empty, each once, in the order given; runs of spaces become one."""
    seen: dict[str, None] = {}
    for value in values:
        word = " ".join(str(value).split())
        if word:
            seen.setdefault(word, None)
    return list(seen)


def values_problem(
    text: str | None,
    topics: Sequence[str] | None,
    addressees: Sequence[str] | None = None,
) -> str | None:
    """What makes an edit's values unsavable before the store is asked, or None: the import's
    rules (`tracker.fieldrules`) and a topic at least. The editor checks with it so that it can
    stay open; `edit_recommendation` refuses with the same message."""
    if text is not None:
        problem = fieldrules.TEXT.person_problem(text)
        if problem is not None:
            return "the text cannot be empty" if problem.startswith("empty") else problem
    if topics is not None and not any(topic.strip() for topic in topics):
        return "a recommendation needs at least one topic"
    if addressees is not None:
        for value in addressees:
            # The raw value where it holds a control character (never dropped with the spaces
            # that `clean_addressees` collapses), else the cleaned one; an empty one is dropped.
            raw = str(value)
            word = raw if fieldrules.CONTROL.search(raw) else " ".join(raw.split())
            problem = fieldrules.ADDRESSEE.person_problem(word) if word else None
            if problem is not None:
                return problem
    return None


def _check_topics(key: str, known: set[str], wanted: Sequence[str]) -> list[str]:
    topics = sorted({topic.strip() for topic in wanted if topic.strip()})
    for topic in topics:
        if topic not in known:
            close = difflib.get_close_matches(topic, sorted(known), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InvalidInput(f"{key}: unknown topic {topic!r}{hint}")
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
    """Change the fields given (None: leave as is); unchanged values write nothing. A value
    the import would refuse (`values_problem`) is refused before the store is asked."""
    problem = values_problem(text, topics, addressees)
    if problem is not None:
        raise InvalidInput(f"{key}: {problem}")
    with store.transaction() as session:
        placed = decisions.recommendation_by_key(session, key)
        row = placed.recommendation
        entry_key = RowKey("recommendation", key)
        writes.check_version(
            row,
            entry_key,
            expected_version,
            conflict=(
                f"{key} was changed by someone else meanwhile (version {row.version}, you "
                f"edited version {expected_version}); reload and try again"
            ),
        )
        recorder = HistoryRecorder(actor=actor)
        changed: list[str] = []
        if topics is not None:
            known = decisions.topic_ids(session)
            wanted_topics = _check_topics(key, known, topics)
            current_topics = reverting.topics_of(session, key)
            if wanted_topics != current_topics:
                # The topics live in their own table: recorded here, and the row touched so
                # that its version moves and a concurrent edit of it is caught.
                recorder.record(
                    "edit",
                    "recommendation",
                    entry_key,
                    field="topics",
                    old=current_topics,
                    new=wanted_topics,
                )
                reverting.set_topics(session, key, wanted_topics)
                flag_modified(row, "addressees")
                changed.append("topics")
        wanted: dict[str, Any] = {}
        if text is not None:
            wanted["text"] = text.strip()
        if priority is not None:
            wanted["priority"] = bool(priority)
        if addressees is not None:
            wanted["addressees"] = clean_addressees(addressees)
        changed += writes.set_fields(row, entry_key, wanted, recorder, "edit")
        if changed:
            session.flush()
        recorder.flush(session)
        return EditResult(key=key, version=row.version, changed=tuple(changed))
