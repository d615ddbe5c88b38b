"""SQL for the review queue: which recommendations wait for a decision, in what order, and the
links a per-recommendation decision reads and writes.

The order is read once per session as bare ids and scores (grouped in the database, no joins
unless a country or report narrows it); the rows of the few recommendations on screen are read
by `tracker.repositories.proposals.links_of_sources`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.enums import LinkState
from tracker.models import Election, Link, Recommendation, Report


@dataclass(frozen=True, slots=True)
class Queued:
    source_id: int
    best: float


def queue_order(
    session: Session,
    *,
    country: str | None = None,
    report_id: str | None = None,
    include_decided: bool = False,
) -> list[Queued]:
    """Recommendations with undecided proposals (with `include_decided`, every one the matcher
    proposed candidates for), best candidate's score first, then the oldest proposal."""
    best = func.max(Link.score)
    statement = select(Link.source_id, best.label("best"), func.min(Link.id).label("first"))
    if include_decided:
        statement = statement.where(Link.score.is_not(None))
    else:
        statement = statement.where(Link.state == LinkState.PROPOSED)
    if country is not None or report_id is not None:
        of_scope = select(Recommendation.id)
        if report_id is not None:
            of_scope = of_scope.where(Recommendation.report_id == report_id)
        if country is not None:
            of_scope = (
                of_scope.join(Report, Report.id == Recommendation.report_id)
                .join(Election, Election.id == Report.election_id)
                .where(Election.country == country)
            )
        statement = statement.where(Link.source_id.in_(of_scope))
    statement = statement.group_by(Link.source_id).order_by(best.desc(), func.min(Link.id))
    return [
        Queued(source_id=source_id, best=float(score or 0.0))
        for source_id, score, _first in session.execute(statement)
    ]


def recommendation_id(session: Session, key: str) -> int | None:
    return session.scalar(select(Recommendation.id).where(Recommendation.key == key))


def links_of_source_for_update(session: Session, source_id: int) -> list[Link]:
    """The links from one recommendation, as ORM rows, locked for the rest of the transaction
    (PostgreSQL; SQLite's writer holds the whole store already)."""
    statement = select(Link).where(Link.source_id == source_id).order_by(Link.id)
    return list(session.scalars(statement.with_for_update()))


def add_link(session: Session, link: Link) -> Link:
    session.add(link)
    session.flush()
    return link


def delete_link(session: Session, link: Link) -> None:
    session.delete(link)
    session.flush()
