"""What a history entry holds: the key that names its row, and its values as JSON.

The one owner of the history's wire format. Every writer (the import plan, the services) builds
keys and values here and every reader (undo, `rectrack history`, the TUI's undo messages) parses
them here, so that undo, which reverts any batch generically, never depends on two modules
agreeing on a string. Pure: the import plan and the TUI use it without the repositories.

The stored forms never change (existing stores and their history stay valid):
- `entity` is one of ENTITIES; `key` names the row: a topic id, a report id, a recommendation
  key, `<source key> -> <target key>` for a link (`LinkKey`), `<recommendation key> @ <report
  id>` for an assessment (`AssessmentKey`); a `match-run` entry is the one record of a matching
  run (its key the scope, `new` the counts), which undo never reverts.
- A created row: `field` None, `old` None, `new` the row's values (`link_values`,
  `assessment_values`). A deleted row: `field` None, `old` the row's values, `new` None.
  A changed field: `field` its name, `old` and `new` its values (`json_value`).
- `batch` groups one user action; an undo is a new batch whose `reverts` names the one undone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol, runtime_checkable

from tracker.enums import LinkKind, LinkState, Status

ENTITIES = ("topic", "report", "recommendation", "link", "assessment", "match-run")

# The separators are part of the stored keys; `find_entries` matches on them in SQL.
LINK_SEPARATOR = " -> "
ASSESSMENT_SEPARATOR = " @ "


@dataclass(frozen=True, slots=True)
class LinkKey:
    """A link, named by its two recommendations, the later one (source) first."""

    source: str
    target: str

    def __str__(self) -> str:
        return f"{self.source}{LINK_SEPARATOR}{self.target}"

    @classmethod
    def parse(cls, key: str) -> LinkKey:
        source, separator, target = key.partition(LINK_SEPARATOR)
        if not separator:
            raise ValueError(f"not a link key: {key!r}")
        return cls(source, target)

    @property
    def recommendations(self) -> tuple[str, ...]:
        return (self.source, self.target)

    @property
    def shown(self) -> str:
        """For people: `a → b`."""
        return f"{self.source} → {self.target}"


@dataclass(frozen=True, slots=True)
class AssessmentKey:
    """An assessment: the recommendation assessed and the report that assessed it."""

    recommendation: str
    report: str

    def __str__(self) -> str:
        return f"{self.recommendation}{ASSESSMENT_SEPARATOR}{self.report}"

    @classmethod
    def parse(cls, key: str) -> AssessmentKey:
        # A report id never holds the separator (fieldrules' slug), so the last one splits.
        recommendation, separator, report = key.rpartition(ASSESSMENT_SEPARATOR)
        if not separator:
            raise ValueError(f"not an assessment key: {key!r}")
        return cls(recommendation, report)

    @property
    def recommendations(self) -> tuple[str, ...]:
        return (self.recommendation,)

    @property
    def shown(self) -> str:
        return f"{self.recommendation} at {self.report}"


@dataclass(frozen=True, slots=True)
class RowKey:
    """A row named by its own id: a topic, a report, a recommendation; a match run's scope."""

    entity: str
    value: str

    def __str__(self) -> str:
        return self.value

    @property
    def recommendations(self) -> tuple[str, ...]:
        return (self.value,) if self.entity == "recommendation" else ()

    @property
    def shown(self) -> str:
        return self.value


HistoryKey = LinkKey | AssessmentKey | RowKey


def parse_key(entity: str, key: str) -> HistoryKey:
    """The typed key of an entry of `entity`."""
    if entity == "link":
        return LinkKey.parse(key)
    if entity == "assessment":
        return AssessmentKey.parse(key)
    if entity not in ENTITIES:
        raise ValueError(f"unknown history entity {entity!r}")
    return RowKey(entity, key)


def recommendations_named(keys: Iterable[HistoryKey]) -> tuple[str, ...]:
    """The recommendations the keys name, first seen first, each once (a link names two)."""
    return tuple(dict.fromkeys(name for key in keys for name in key.recommendations))


# -- values ----------------------------------------------------------------------------------


@runtime_checkable
class HasAsDict(Protocol):
    def as_dict(self) -> dict[str, object]: ...


def json_value(value: Any) -> Any:
    """A value as the history stores it: enums by their stored value, times to the second in
    ISO form, dates in ISO form, tuples as lists, value objects by their `as_dict()`."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [json_value(item) for item in value]
    if isinstance(value, HasAsDict):
        return value.as_dict()
    return value


def datetime_value(value: Any) -> dt.datetime | None:
    """A stored time back as a datetime (the inverse of `json_value` for times)."""
    return None if value is None else dt.datetime.fromisoformat(value)


def link_values(
    key: LinkKey,
    *,
    kind: LinkKind,
    state: LinkState,
    score: float | None,
    breakdown: dict[str, Any] | None,
    decided_by: str | None,
    decided_at: dt.datetime | None,
) -> dict[str, Any]:
    """A whole link row as the history stores it (undo recreates the row from it)."""
    return {
        "source": key.source,
        "target": key.target,
        "kind": json_value(kind),
        "state": json_value(state),
        "score": score,
        "breakdown": breakdown,
        "decided_by": decided_by,
        "decided_at": json_value(decided_at),
    }


def assessment_values(
    key: AssessmentKey, *, status: Status, evidence: str | None, assessor: str | None
) -> dict[str, Any]:
    """A whole assessment row as the history stores it."""
    return {
        "recommendation": key.recommendation,
        "report": key.report,
        "status": json_value(status),
        "evidence": evidence,
        "assessor": assessor,
    }
