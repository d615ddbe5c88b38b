"""Rows that reviewers decide on: assessments, restatement links, and their lookups by key.

Each write here is one reviewer action's worth of SQL; the service records the history and owns
the transaction. Updates go through the ORM so that the `version` column guards every write
(optimistic locking): a row changed by someone else since it was read raises a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from tracker.enums import LinkKind, LinkState
from tracker.errors import NotFound
from tracker.models import Assessment, Election, Link, Recommendation, Report, Topic


@dataclass(frozen=True)
class Placed:
    """A recommendation with the election it was raised at."""

    recommendation: Recommendation
    election: Election


def recommendation_by_key(session: Session, key: str) -> Placed:
    row = session.execute(
        select(Recommendation, Election)
        .join(Report, Report.id == Recommendation.report_id)
        .join(Election, Election.id == Report.election_id)
        .where(Recommendation.key == key)
    ).first()
    if row is None:
        raise NotFound(f"no recommendation {key!r} in the store")
    return Placed(recommendation=row[0], election=row[1])


def report_with_election(session: Session, report_id: str) -> tuple[Report, Election]:
    row = session.execute(
        select(Report, Election)
        .join(Election, Election.id == Report.election_id)
        .where(Report.id == report_id)
    ).first()
    if row is None:
        raise NotFound(f"no report {report_id!r} in the store")
    return row[0], row[1]


def assessment(session: Session, recommendation_id: int, report_id: str) -> Assessment | None:
    return session.scalars(
        select(Assessment).where(
            Assessment.recommendation_id == recommendation_id, Assessment.report_id == report_id
        )
    ).first()


def assessment_by_keys(session: Session, key: str, report_id: str) -> Assessment | None:
    return session.scalars(
        select(Assessment)
        .join(Recommendation, Recommendation.id == Assessment.recommendation_id)
        .where(Recommendation.key == key, Assessment.report_id == report_id)
    ).first()


def link_by_keys(session: Session, source_key: str, target_key: str) -> Link | None:
    source = aliased(Recommendation)
    target = aliased(Recommendation)
    return session.scalars(
        select(Link)
        .join(source, source.id == Link.source_id)
        .join(target, target.id == Link.target_id)
        .where(source.key == source_key, target.key == target_key)
    ).first()


@dataclass(frozen=True)
class LinkView:
    link: Link
    source_key: str
    target_key: str


def accepted_restatements_touching(session: Session, recommendation_id: int) -> list[LinkView]:
    source = aliased(Recommendation)
    target = aliased(Recommendation)
    rows = session.execute(
        select(Link, source.key, target.key)
        .join(source, source.id == Link.source_id)
        .join(target, target.id == Link.target_id)
        .where(
            Link.kind == LinkKind.RESTATES,
            Link.state == LinkState.ACCEPTED,
            or_(Link.source_id == recommendation_id, Link.target_id == recommendation_id),
        )
        .order_by(Link.id)
    ).all()
    return [LinkView(link=row[0], source_key=row[1], target_key=row[2]) for row in rows]


def recommendation_ids_by_key(session: Session, keys: list[str]) -> dict[str, int]:
    rows = session.execute(
        select(Recommendation.key, Recommendation.id).where(Recommendation.key.in_(keys))
    )
    return {row.key: row.id for row in rows}


def report_id_exists(session: Session, report_id: str) -> bool:
    return session.get(Report, report_id) is not None


def topic_ids(session: Session) -> set[str]:
    """The ids of every topic of the taxonomy."""
    return set(session.scalars(select(Topic.id)))
