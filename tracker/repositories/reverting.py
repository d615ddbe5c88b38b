"""Reading and restoring the rows that history entries name, for undo.

A history entry names a row by entity and key and a field by name (tracker.history_entries).
Here each entity says how to find its row, how to read a field as the JSON value the history
stores, and how to put a value back, so that undo needs no knowledge of what the action was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from tracker import history_entries as entries
from tracker.enums import LinkKind, LinkState, Status
from tracker.errors import ConflictError
from tracker.history_entries import AssessmentKey, LinkKey, datetime_value, json_value
from tracker.models import Assessment, Link, Recommendation, Topic, recommendation_topics
from tracker.repositories import decisions

ABSENT = object()


@dataclass(frozen=True)
class FieldCodec:
    read: Callable[[Any], Any]
    write: Callable[[Any, Any], None]


def _attribute(name: str, decode: Callable[[Any], Any] = lambda v: v) -> FieldCodec:
    return FieldCodec(
        read=lambda row: json_value(getattr(row, name)),
        write=lambda row, value: setattr(row, name, decode(value)),
    )


ASSESSMENT_FIELDS = {
    "status": _attribute("status", Status),
    "evidence": _attribute("evidence"),
    "assessor": _attribute("assessor"),
}
LINK_FIELDS = {
    "kind": _attribute("kind", LinkKind),
    "state": _attribute("state", LinkState),
    "decided_by": _attribute("decided_by"),
    "decided_at": _attribute("decided_at", datetime_value),
}
RECOMMENDATION_FIELDS = {
    "text": _attribute("text"),
    "priority": _attribute("priority"),
    "addressees": _attribute("addressees", list),
}


def find_row(session: Session, entity: str, key: str) -> Any | None:
    typed = entries.parse_key(entity, key)
    if isinstance(typed, AssessmentKey):
        return decisions.assessment_by_keys(session, typed.recommendation, typed.report)
    if isinstance(typed, LinkKey):
        return decisions.link_by_keys(session, typed.source, typed.target)
    if entity == "recommendation":
        return session.scalars(select(Recommendation).where(Recommendation.key == key)).first()
    raise ConflictError(f"undo cannot restore a {entity} ({key})")


def read_field(session: Session, entity: str, key: str, field: str) -> Any:
    if entity == "recommendation" and field == "topics":
        return topics_of(session, key)
    row = find_row(session, entity, key)
    if row is None:
        return ABSENT
    return _codecs(entity)[field].read(row)


def write_field(session: Session, entity: str, key: str, field: str, value: Any) -> None:
    if entity == "recommendation" and field == "topics":
        set_topics(session, key, list(value))
        return
    row = find_row(session, entity, key)
    if row is None:
        raise ConflictError(f"{entity} {key} no longer exists")
    _codecs(entity)[field].write(row, value)
    session.flush()


def read_row(session: Session, entity: str, key: str) -> Any:
    """The row as the history's dict, or None where it does not exist."""
    row = find_row(session, entity, key)
    if row is None:
        return None
    typed = entries.parse_key(entity, key)
    if isinstance(typed, AssessmentKey):
        return assessment_values(typed, row)
    if isinstance(typed, LinkKey):
        return link_values(typed, row)
    raise ConflictError(f"undo cannot restore a whole {entity} ({key})")


def delete_row(session: Session, entity: str, key: str) -> None:
    row = find_row(session, entity, key)
    if row is not None:
        session.delete(row)
        session.flush()


def create_row(session: Session, entity: str, key: str, values: dict[str, Any]) -> None:
    typed = entries.parse_key(entity, key)
    if isinstance(typed, AssessmentKey):
        placed = decisions.recommendation_by_key(session, typed.recommendation)
        session.execute(
            insert(Assessment).values(
                recommendation_id=placed.recommendation.id,
                report_id=typed.report,
                status=Status(values["status"]),
                evidence=values.get("evidence"),
                assessor=values.get("assessor"),
                version=1,
            )
        )
    elif isinstance(typed, LinkKey):
        source, target = typed.source, typed.target
        ids = decisions.recommendation_ids_by_key(session, [source, target])
        if len(ids) != 2:
            raise ConflictError(f"cannot restore link {key}: a recommendation is gone")
        session.execute(
            insert(Link).values(
                source_id=ids[source],
                target_id=ids[target],
                kind=LinkKind(values["kind"]),
                state=LinkState(values["state"]),
                score=values.get("score"),
                breakdown=values.get("breakdown"),
                decided_by=values.get("decided_by"),
                decided_at=datetime_value(values.get("decided_at")),
                version=1,
            )
        )
    else:
        raise ConflictError(f"undo cannot restore a whole {entity} ({key})")
    session.flush()


def assessment_values(key: AssessmentKey, row: Assessment) -> dict[str, Any]:
    return entries.assessment_values(
        key, status=row.status, evidence=row.evidence, assessor=row.assessor
    )


def link_values(key: LinkKey, row: Link) -> dict[str, Any]:
    return entries.link_values(
        key,
        kind=row.kind,
        state=row.state,
        score=row.score,
        breakdown=row.breakdown,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
    )


def topics_of(session: Session, key: str) -> list[str]:
    return list(
        session.scalars(
            select(recommendation_topics.c.topic_id)
            .join(Recommendation, Recommendation.id == recommendation_topics.c.recommendation_id)
            .where(Recommendation.key == key)
            .order_by(recommendation_topics.c.topic_id)
        )
    )


def set_topics(session: Session, key: str, topic_ids: list[str]) -> None:
    placed = decisions.recommendation_by_key(session, key)
    rec_id = placed.recommendation.id
    known = set(session.scalars(select(Topic.id).where(Topic.id.in_(topic_ids))))
    missing = sorted(set(topic_ids) - known)
    if missing:
        raise ConflictError(f"topic(s) {', '.join(missing)} no longer exist")
    session.execute(
        delete(recommendation_topics).where(recommendation_topics.c.recommendation_id == rec_id)
    )
    if topic_ids:
        session.execute(
            insert(recommendation_topics),
            [{"recommendation_id": rec_id, "topic_id": topic} for topic in sorted(set(topic_ids))],
        )
    session.flush()


def _codecs(entity: str) -> dict[str, FieldCodec]:
    if entity == "assessment":
        return ASSESSMENT_FIELDS
    if entity == "link":
        return LINK_FIELDS
    if entity == "recommendation":
        return RECOMMENDATION_FIELDS
    raise ConflictError(f"undo cannot restore a {entity}")
